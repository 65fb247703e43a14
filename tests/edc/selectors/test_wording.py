"""Licensed QLQ-C30 wording comes only from a local file named in the settings."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ablacem.edc.selectors import qlqc30_wording


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
