"""Licensed QLQ-C30 wording comes only from a local file named in the settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ablacem.edc.selectors import qlqc30_wording
from ablacem.edc.selectors.wording import qlqc30_response_labels


def test_none_without_a_file(settings):
    settings.QLQC30_WORDING_FILE = ""
    assert qlqc30_wording() is None


def test_reads_the_site_file(settings, tmp_path):
    path = tmp_path / "wording.csv"
    path.write_text("item,text\n1,Site text for item one\nq30,Site text for item thirty\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(path)
    assert qlqc30_wording() == {1: "Site text for item one", 30: "Site text for item thirty"}


def test_bad_file_is_a_clear_error(settings, tmp_path):
    settings.QLQC30_WORDING_FILE = str(tmp_path / "missing.csv")
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        qlqc30_wording()
    bad = tmp_path / "bad.csv"
    bad.write_text("item,text\n31,x\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(bad)
    with pytest.raises(ImproperlyConfigured, match="line 2"):
        qlqc30_wording()


# Made-up labels: the EORTC's own response labels are licensed and never in the repository.
FAKE_LABELS = (
    "scale4:1,Fake none\nscale4:2,Fake some\nscale4:3,Fake lots\nscale4:4,Fake most\n"
    "scale7:1,Fake low end\nscale7:7,Fake high end\n"
)


def test_reads_the_response_labels_of_both_scales(settings, tmp_path):
    path = tmp_path / "wording.csv"
    path.write_text("item,text\n1,Item one\n" + FAKE_LABELS, encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(path)
    labels = qlqc30_response_labels()
    assert labels["q1"] == labels["q28"] == {1: "Fake none", 2: "Fake some", 3: "Fake lots", 4: "Fake most"}
    assert labels["q29"] == labels["q30"] == {1: "Fake low end", 7: "Fake high end"}
    assert qlqc30_wording() == {1: "Item one"}  # the labels are not items


def test_a_file_without_response_labels_reads_as_before(settings, tmp_path):
    path = tmp_path / "wording.csv"
    path.write_text("item,text\n1,Item one\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(path)
    assert qlqc30_wording() == {1: "Item one"} and qlqc30_response_labels() == {}
    settings.QLQC30_WORDING_FILE = ""
    assert qlqc30_response_labels() == {}


@pytest.mark.parametrize("key", ["scale4:5", "scale5:1", "scale7:0", "scale4", "scalex:1"])
def test_a_bad_response_label_key_names_the_line_and_the_rule(settings, tmp_path, key):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"item,text\n1,Item one\n{key},words\n", encoding="utf-8")
    settings.QLQC30_WORDING_FILE = str(bad)
    with pytest.raises(ImproperlyConfigured, match=r"line 3: a response label's item must be scale4:1-4 or scale7:1-7"):
        qlqc30_response_labels()
