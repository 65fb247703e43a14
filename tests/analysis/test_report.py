"""build_report end to end on the synthetic cohort, and on partial data."""

import json
import re
from html import escape
from html.parser import HTMLParser

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from ablacem.analysis.figures import FIGURE_IDS
from ablacem.analysis.render.xlsx import sheet_names
from ablacem.analysis.report import ReportOutputs, build_report
from ablacem.dataset import Dataset
from ablacem.synth import generate

ISSUE_KEYS = {
    "n",
    "technical_success",
    "complications",
    "vas",
    "vas_mixed_model",
    "omed",
    "pain_response",
    "qlqc30",
    "local_control_m3",
    "overall_survival",
    "local_progression_free_survival",
    "subgroups",
}


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.svg = set(), 0

    def handle_starttag(self, tag, attrs):
        self.svg += tag == "svg"
        for name, value in attrs:
            if name == "id":
                self.ids.add(value)


#: ``(step, total, label)`` as the module's report announced them through ``on_step``.
STEPS: list[tuple[int, int, str]] = []


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> ReportOutputs:
    out = tmp_path_factory.mktemp("report")
    return build_report(generate(40, 1), out, progress=False, on_step=lambda *step: STEPS.append(step))


@pytest.mark.slow
def test_progress_is_announced_once_per_step_in_order(report):
    total = 5 + len(FIGURE_IDS)  # statistics, three writers, one per figure, report.html
    assert [step for step, _, _ in STEPS] == list(range(total + 1))
    assert {t for _, t, _ in STEPS} == {total}
    labels = [label for _, _, label in STEPS]
    assert labels[1:5] == ["statistics", "tables.docx", "tables.xlsx", "results.json"]
    assert labels[5:-1] == list(FIGURE_IDS) and labels[-1] == "report.html"


@pytest.mark.slow
def test_every_file_is_written(report):
    for path in (report.html, report.docx, report.xlsx, report.json):
        assert path.exists() and path.stat().st_size > 0
    # the synthetic cohort has CT-measured cement (issue 15): its Bland-Altman plot follows the others
    assert report.figures == (*FIGURE_IDS, "bland_altman_cement")
    assert "ct_agreement" in report.tables
    for fid in report.figures:
        with Image.open(report.figures_dir / f"{fid}.png") as im:
            assert round(im.info["dpi"][0]) == 300
        assert "<svg" in (report.figures_dir / f"{fid}.svg").read_text()


@pytest.mark.slow
def test_results_json_has_the_issue_keys_and_plain_numbers(report):
    text = report.json.read_text()
    assert "NaN" not in text and "Infinity" not in text
    data = json.loads(text)
    assert set(data) >= ISSUE_KEYS
    assert data["n"]["enrolled"] == 40
    assert set(data["vas"]) >= {"baseline", "post", "w1", "m1", "m3"}
    p = data["technical_success"]["lesion"]
    assert set(p) >= {"k", "n", "rate", "ci95"} and len(p["ci95"]) == 2
    assert set(data["overall_survival"]["km"]) >= {"time_days", "survival"}


@pytest.mark.slow
def test_html_holds_every_table_and_figure_and_no_external_resource(report):
    text = report.html.read_text(encoding="utf-8")
    tags = _Tags()
    tags.feed(text)
    assert set(report.tables) <= tags.ids
    assert set(report.figures) <= tags.ids
    assert tags.svg == len(report.figures)
    assert not re.search(r"https?://", text)
    assert "<script" not in text
    for heading in ("Study summary", "Methods", "Sample size", "Appendix: data quality", "lifelines"):
        assert heading in text


@pytest.mark.slow
def test_docx_and_xlsx_hold_every_table(report):
    doc = Document(report.docx)
    assert len(doc.tables) == len(report.tables)
    paragraphs = {p.text for p in doc.paragraphs}
    assert "Table 1. Baseline characteristics" in paragraphs
    wb = load_workbook(report.xlsx)
    assert wb.sheetnames == sheet_names(list(report.tables))
    assert wb["table1"]["A1"].value == "Table 1. Baseline characteristics"


@pytest.mark.slow
def test_partial_data_still_builds_with_warnings_in_the_appendix(tmp_path):
    ds = generate(12, 3)
    tables = {name: frame.copy() for name, frame in ds.tables.items()}
    ids = sorted(tables["patients"]["patient_id"])
    no_procedure, no_baseline = ids[0], ids[1]
    tables["procedures"] = tables["procedures"][tables["procedures"]["patient_id"] != no_procedure]
    a = tables["assessments"]
    tables["assessments"] = a[~((a["patient_id"] == no_baseline) & (a["timepoint"] == "baseline"))]
    out = build_report(Dataset(tables), tmp_path, progress=False, workers=1)
    text = out.html.read_text(encoding="utf-8")
    assert any("no procedure" in w for w in out.warnings)
    assert any("no baseline" in w for w in out.warnings)
    appendix = text[text.index('id="report-appendix"') :]
    assert out.warnings and all(escape(w) in appendix for w in out.warnings)
    assert json.loads(out.json.read_text())["n"]["enrolled"] == 12


def test_progress_bar_defaults_to_whether_stderr_is_a_terminal(monkeypatch):
    from ablacem.analysis import report as report_module

    class Terminal:
        def isatty(self):
            return True

    class Pipe:
        def isatty(self):
            return False

    monkeypatch.setattr(report_module.sys, "stderr", Terminal())
    assert report_module._show_progress(None) is True
    assert report_module._show_progress(False) is False
    monkeypatch.setattr(report_module.sys, "stderr", Pipe())
    assert report_module._show_progress(None) is False
    assert report_module._show_progress(True) is True


def test_library_versions_name_the_statistics_libraries():
    from ablacem.analysis.report import library_versions

    versions = library_versions()
    assert {"Python", "ablacem", "numpy", "pandas", "scipy", "statsmodels", "lifelines"} <= set(versions)
    assert all(v and v != "not installed" for v in versions.values())


@pytest.mark.slow
def test_every_step_is_timed_in_wall_and_cpu_seconds(report):
    from ablacem.analysis.study import SECTIONS

    steps = ["derive", "statistics", "tables.docx", "tables.xlsx", "results.json"]
    assert list(report.timings)[:5] == steps and list(report.timings)[-1] == "report.html"
    assert list(report.cpu_timings) == list(report.timings)
    assert list(report.section_timings) == [section.__name__.rsplit(".", 1)[-1] for section in SECTIONS]
