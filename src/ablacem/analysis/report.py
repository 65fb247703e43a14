"""Build the whole study report from a tidy dataset: every table, figure and file, in one call."""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from ablacem.dataset import Dataset

from .figure_specs import FIGURE_IDS
from .render.figure_pool import FigureJobs, default_workers
from .render.html import write_html
from .render.results_json import write_results_json

TITLE = "Percutaneous ablation with cementoplasty for painful bone lesions: study report"
#: Libraries the report's software section lists besides the statistical ones (figures, writers).
REPORT_LIBRARIES = ("matplotlib", "python-docx", "openpyxl")


@dataclass(frozen=True)
class ReportOutputs:
    """Where the report files were written.

    Attributes
    ----------
    html, docx, xlsx, json : Path
        ``report.html``, ``tables.docx``, ``tables.xlsx``, ``results.json``.
    figures_dir : Path
        Folder holding ``<id>.png`` (300 dpi) and ``<id>.svg`` per figure.
    figures : tuple of str
        Figure ids, in report order.
    tables : tuple of str
        Table ids, in report order.
    warnings : tuple of str
        Data-quality warnings (also listed in the report's appendix).
    timings : dict
        Wall time in seconds of each step (deriving the analysis frames, the statistics, each
        writer, waiting for figures).
    cpu_timings : dict
        CPU time in seconds of the same steps in this process (the figure workers' own CPU
        time is not in it).
    section_timings : dict
        Section of the statistics -> ``(wall, cpu)`` seconds (``StudyAnalysis.timings_``).
    """

    html: Path
    docx: Path
    xlsx: Path
    json: Path
    figures_dir: Path
    figures: tuple[str, ...] = field(default=())
    tables: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)
    section_timings: dict[str, tuple[float, float]] = field(default_factory=dict)


def library_versions() -> dict[str, str]:
    """Python, ablacem, the statistical libraries and :data:`REPORT_LIBRARIES`, with their versions."""
    # Imported here: the statistics (statsmodels) load when the report is built, not on import.
    from .methods import LIBRARIES, software_versions

    return {"Python": platform.python_version(), **software_versions((*LIBRARIES, *REPORT_LIBRARIES))}


def _key_numbers(results: dict) -> dict[str, str]:
    n = results.get("n", {}) or {}
    labels = {"enrolled": "Patients enrolled", "treated": "Patients treated", "lesions": "Lesions treated"}
    return {label: str(n[key]) for key, label in labels.items() if n.get(key) is not None}


def _show_progress(progress: bool | None) -> bool:
    if progress is None:
        return bool(getattr(sys.stderr, "isatty", lambda: False)())
    return bool(progress)


def _summary_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """The study summary with display headers (the statistics keep machine-friendly names)."""
    names = {"outcome": "Outcome", "display": "Estimate", "ci95": "95% CI", "n": "n"}
    return summary[list(names)].rename(columns=names)


def build_report(
    dataset: Dataset,
    out_dir: str | Path,
    *,
    progress: bool | None = None,
    analysis_options: dict | None = None,
    workers: int | None = None,
    on_step: Callable[[int, int, str], None] | None = None,
) -> ReportOutputs:
    """Fit the statistical analysis plan to ``dataset`` and write every report file.

    Writes ``report.html`` (self-contained), ``tables.docx``, ``tables.xlsx``, ``results.json``
    and ``figures/<id>.png`` / ``.svg`` under ``out_dir``. Figures are drawn in worker
    processes while the statistics are fitted (see :mod:`ablacem.analysis.render.figure_pool`);
    each is saved and closed as soon as it is drawn.

    Parameters
    ----------
    dataset : Dataset
        A schema-valid tidy dataset. Inconsistencies (a patient with no procedure, a visit
        with no baseline, dates out of order) do not stop the report: they are listed in its
        data-quality appendix.
    out_dir : path
        Output folder (created if needed; existing report files are overwritten).
    progress : bool, optional
        Show a progress bar on stderr; by default only when stderr is a terminal.
    analysis_options : dict, optional
        Keyword arguments for :class:`ablacem.analysis.study.StudyAnalysis`.
    workers : int, optional
        Processes drawing figures (default: up to 2, one per CPU); 1 draws them in-process.
    on_step : callable, optional
        Called as ``on_step(step, total, label)`` once before the first step (``step`` 0) and
        after each step is done (``label``: the step, e.g. ``tables.docx`` or a figure id; never
        data). The results do not depend on it; the web's background build shows it as progress.

    Returns
    -------
    ReportOutputs
    """
    from .study import StudyAnalysis

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    analysis = StudyAnalysis(**(analysis_options or {}))
    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}
    clock, cpu_clock = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu_clock
        now, cpu_now = time.perf_counter(), time.process_time()
        timings[name] = round(now - clock, 3)
        cpu_timings[name] = round(cpu_now - cpu_clock, 3)
        clock, cpu_clock = now, cpu_now

    total = 5 + len(FIGURE_IDS)
    done = 0

    def report_step(label: str) -> None:
        nonlocal done
        done += 1
        if on_step is not None:
            on_step(done, total, label)

    if on_step is not None:
        on_step(0, total, "statistics")
    derived = analysis.derive(dataset)
    lap("derive")
    jobs = FigureJobs(derived, out / "figures", workers=workers or default_workers())
    with (
        jobs,
        tqdm(
            total=total,
            desc="ablacem report",
            unit="step",
            disable=not _show_progress(progress),
            file=sys.stderr,
        ) as bar,
    ):
        bar.set_postfix_str("statistics")
        analysis.fit_derived(derived)
        jobs.add_results(analysis.results_)
        lap("statistics")
        bar.update()
        report_step("statistics")
        tables = list(analysis.tables_)
        warnings = [str(w) for w in analysis.derived_.warnings]
        bar.set_postfix_str("tables.docx")
        from .render.docx import write_docx  # python-docx and openpyxl load after the workers fork
        from .render.xlsx import write_xlsx

        docx = write_docx(out / "tables.docx", tables, heading=TITLE)
        lap("tables.docx")
        bar.update()
        report_step("tables.docx")
        bar.set_postfix_str("tables.xlsx")
        xlsx = write_xlsx(out / "tables.xlsx", tables)
        lap("tables.xlsx")
        bar.update()
        report_step("tables.xlsx")
        bar.set_postfix_str("results.json")
        json_path = write_results_json(out / "results.json", analysis.results_)
        lap("results.json")
        bar.update()
        report_step("results.json")
        bar.set_postfix_str("figures")
        rendered = jobs.results(on_done=lambda fid: (bar.set_postfix_str(fid), bar.update(), report_step(fid)))
        rendered += jobs.optional_results()
        lap("figures (waiting for the workers)" if jobs.workers > 1 else "figures")
        bar.set_postfix_str("report.html")
        versions = library_versions()
        html = write_html(
            out / "report.html",
            title=TITLE,
            subtitle=f"Generated by ablacem {versions.get('ablacem', '')} on "
            f"{datetime.now(UTC).date().isoformat()} from {len(analysis.derived_.patients)} enrolled patients.",
            tables=tables,
            figures=rendered,
            summary=_summary_frame(analysis.summary_),
            key_numbers=_key_numbers(analysis.results_),
            methods=analysis.methods_,
            sample_size=analysis.sample_size_,
            versions=versions,
            warnings=warnings,
        )
        lap("report.html")
        bar.update()
        report_step("report.html")
    return ReportOutputs(
        html=html,
        docx=docx,
        xlsx=xlsx,
        json=json_path,
        figures_dir=out / "figures",
        figures=tuple(r.id for r in rendered),
        tables=tuple(t.id for t in tables),
        warnings=tuple(warnings),
        timings=timings,
        cpu_timings=cpu_timings,
        section_timings={k: (round(w, 3), round(c, 3)) for k, (w, c) in analysis.timings_.items()},
    )
