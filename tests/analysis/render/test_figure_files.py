"""Figure files: PNG at 300 dpi and SVG on disk; inline SVG safe to embed in HTML."""

import re

from PIL import Image

from ablacem.analysis.figures._style import journal_style, new_figure
from ablacem.analysis.model import ReportFigure
from ablacem.analysis.render.figure_files import inline_svg, save_figure


def test_png_and_svg_are_written_and_the_png_is_300_dpi(tmp_path, figure):
    rendered = save_figure(figure, tmp_path / "figures")
    assert rendered.png == tmp_path / "figures" / "test_figure.png"
    with Image.open(rendered.png) as im:
        assert im.size == (900, 600)  # 3 x 2 inches at 300 dpi
        assert round(im.info["dpi"][0]) == 300
    svg = rendered.svg.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    assert "A test figure" in svg  # text stays text
    assert "<dc:date>" not in svg  # no timestamp: same data, same file


def _drawn(figure_id):
    with journal_style():
        fig = new_figure(3, 2)
        fig.add_subplot().plot([0, 1, 2], [2, 0, 1], "s--")
    return ReportFigure(figure_id, "Same", fig)


def test_svg_is_identical_across_runs(tmp_path):
    first = save_figure(_drawn("same"), tmp_path / "a").svg.read_bytes()
    second = save_figure(_drawn("same"), tmp_path / "b").svg.read_bytes()
    assert first == second


def test_inline_svg_has_no_prolog_no_external_uri_and_prefixed_ids():
    doc = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/x.dtd">\n'
        '<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="144pt" height="72pt" viewBox="0 0 144 72" '
        'xmlns="http://www.w3.org/2000/svg"><defs><path id="m1" d="M 0 0"/><clipPath id="p2"><rect/></clipPath>'
        '</defs><use xlink:href="#m1" style="fill: #ffffff"/><g clip-path="url(#p2)"></g></svg>'
    )
    out = inline_svg(doc, "fig")
    assert out.startswith("<svg") and "DOCTYPE" not in out
    assert not re.search(r"https?://", out)
    assert 'id="fig-m1"' in out and 'href="#fig-m1"' in out
    assert 'id="fig-p2"' in out and "url(#fig-p2)" in out
    assert "#ffffff" in out  # colours are not ids
    assert 'width="100%"' in out and 'viewBox="0 0 144 72"' in out and "144pt" not in out
