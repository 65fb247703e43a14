"""report.html: self-contained, with contents, every table and figure, methods and appendix."""

import re
from html.parser import HTMLParser

import pandas as pd

from ablacem.analysis.render.figure_files import save_figure
from ablacem.analysis.render.html import arrange, write_html


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.tags, self.hrefs, self.srcs = [], [], [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])


def _write(tmp_path, tables, figure, warnings=()):
    rendered = save_figure(figure, tmp_path / "figures")
    return write_html(
        tmp_path / "report.html",
        title="Study report",
        tables=tables,
        figures=[rendered],
        summary=pd.DataFrame({"Outcome": ["Technical success"], "Result": ["40/40 (100%)"]}),
        key_numbers={"Patients enrolled": "40"},
        methods="# Analysis\n\nWilcoxon signed-rank test.\n\nHolm adjustment.",
        sample_size="With n = 40 the power is 0.99.",
        versions={"Python": "3.11", "lifelines": "0.30"},
        warnings=list(warnings),
    ).read_text(encoding="utf-8")


def test_report_contains_every_table_figure_and_section(tmp_path, tables, figure):
    text = _write(tmp_path, tables, figure, warnings=["patient X has no baseline pain score"])
    parser = _Collector()
    parser.feed(text)
    for t in tables:
        assert t.id in parser.ids
    assert "test_figure" in parser.ids
    assert parser.tags.count("svg") == 1
    assert {"report-summary", "report-methods", "report-appendix"} <= set(parser.ids)
    assert len(parser.ids) == len(set(parser.ids))  # ids are unique
    # every in-page link of the contents points at an element of the page
    assert all(h.startswith("#") and h[1:] in parser.ids for h in parser.hrefs)
    assert "Table 2. Worst pain &lt;VAS&gt; &amp; change" in text  # escaped, not markup
    assert "Figure 1. A test figure." in text
    assert "Wilcoxon signed-rank test." in text and "With n = 40 the power is 0.99." in text
    assert "lifelines" in text and "0.30" in text
    assert "patient X has no baseline pain score" in text
    assert "40/40 (100%)" in text


def test_report_is_self_contained(tmp_path, tables, figure):
    text = _write(tmp_path, tables, figure)
    parser = _Collector()
    parser.feed(text)
    assert parser.srcs == []
    assert "<script" not in text and "<link" not in text
    assert not re.search(r"https?://", text)
    assert "No data-quality problems were found." in text


def test_figures_join_the_section_of_their_tables(tables, figure, tmp_path):
    rendered = save_figure(figure, tmp_path)
    sections = arrange(tables, [rendered], first="Participant flow")
    assert [s.title for s in sections] == ["Baseline", "Pain"]  # empty first section dropped
    assert [i.id for i in sections[1].items][-1] == "test_figure"


def test_a_section_named_like_a_fixed_one_keeps_ids_unique(tmp_path, tables, figure):
    clashing = [*tables]
    clashing[0].section = "Data quality"
    clashing[1].section = "Methods"
    text = _write(tmp_path, clashing, figure)
    parser = _Collector()
    parser.feed(text)
    assert len(parser.ids) == len(set(parser.ids))


def test_category_rows_are_indented_under_their_heading(tmp_path):
    from ablacem.analysis.model import ReportTable
    from ablacem.analysis.render.html import table_html

    frame = pd.DataFrame({"Characteristic": ["Sex, n (%)", "    Female"], "Value": ["", "21 (52.5%)"]})
    text = table_html(ReportTable("t", "Table 1", frame))
    # HTML collapses the leading spaces: the category is indented by padding instead
    assert "<tr><td>Sex, n (%)</td>" in text
    assert '<td style="padding-left:1.8rem">Female</td><td>21 (52.5%)</td>' in text
