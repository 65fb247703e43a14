"""Writers of the report files: HTML, Word, Excel, figure files and results.json."""

from .docx import write_docx
from .figure_files import RenderedFigure, inline_svg, save_figure, svg_text
from .html import write_html
from .results_json import write_results_json
from .xlsx import sheet_names, write_xlsx

__all__ = [
    "RenderedFigure",
    "inline_svg",
    "save_figure",
    "sheet_names",
    "svg_text",
    "write_docx",
    "write_html",
    "write_results_json",
    "write_xlsx",
]
