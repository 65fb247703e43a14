"""Draw and save the report's figures in worker processes, alongside the statistics.

Rendering a figure (layout, Agg at 300 dpi, PNG compression, SVG) is CPU-bound and holds the
GIL, so threads would not help. On Linux the workers are forked once the analysis frames are
derived, inherit them without pickling, and draw the figures of the frames while the parent
process fits the models; the figures that show a fitted estimate (the Kaplan-Meier curves)
are queued when the fit is done, with the few results entries they draw from. Elsewhere, in a
multi-threaded process, or with one worker, figures are drawn in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ablacem.analysis.figure_specs import FIGURE_IDS, FIGURES, OPTIONAL_FIGURES, make_figure

from .figure_files import RenderedFigure, save_figure

_WORKER: dict = {}


def default_workers() -> int:
    """Worker processes used by default: up to 2, never more than the CPUs available."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(2, cpus))


def can_fork_safely() -> bool:
    """True on Linux when this process runs a single thread.

    Forking a multi-threaded process (a threaded web server, say) can copy a lock another
    thread holds; then the figures are drawn in-process instead.
    """
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def _init_worker(derived) -> None:
    _WORKER["derived"] = derived


def _render(figure_id: str, folder: Path, results: Mapping) -> RenderedFigure:
    return save_figure(make_figure(figure_id, _WORKER["derived"], results), folder)


def _render_optional(figure_id: str, folder: Path) -> RenderedFigure:
    return save_figure(OPTIONAL_FIGURES[figure_id][1](_WORKER["derived"]), folder)


def _entries(figure_id: str, results: Mapping) -> dict:
    """The results entries one figure draws from (all a worker is sent)."""
    return {entry: results[entry] for entry in FIGURES[figure_id].results}


class FigureJobs:
    """Figures being drawn in the background (or drawn on demand when there is no pool).

    Use as a context manager: entering starts the workers and queues every figure of the
    analysis frames; :meth:`add_results` queues the figures of the fitted results; leaving
    shuts the workers down.

    Parameters
    ----------
    derived : Derived
        The analysis frames the figures are drawn from (the statistics' own).
    folder : Path
        Where ``<id>.png`` and ``<id>.svg`` are written.
    workers : int
        Worker processes; 1 draws in the calling process (when :meth:`results` is called).
    """

    def __init__(self, derived, folder: Path, *, workers: int):
        self.derived = derived
        self.folder = folder
        self.workers = workers if workers > 1 and can_fork_safely() else 1
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future] = {}
        self._results: Mapping | None = None

    def __enter__(self) -> FigureJobs:
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_init_worker,
                initargs=(self.derived,),
            )
            for fid in FIGURE_IDS:
                if not FIGURES[fid].results:
                    self._futures[fid] = self._pool.submit(_render, fid, self.folder, {})
            for fid in self._optional_ids():
                self._futures[fid] = self._pool.submit(_render_optional, fid, self.folder)
        return self

    def _optional_ids(self) -> list[str]:
        return [fid for fid, (applies, _) in OPTIONAL_FIGURES.items() if applies(self.derived)]

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def add_results(self, results: Mapping) -> None:
        """Queue the figures drawn from the fitted results (``StudyAnalysis.results_``)."""
        self._results = results
        if self._pool is None:
            return
        for fid in FIGURE_IDS:
            if FIGURES[fid].results:
                self._futures[fid] = self._pool.submit(_render, fid, self.folder, _entries(fid, results))

    def results(self, on_done: Callable[[str], None] | None = None) -> list[RenderedFigure]:
        """Every figure, in report order, waiting for the workers (or drawing in-process).

        Raises
        ------
        ValueError
            If a figure draws from fitted results and :meth:`add_results` was not called.
        """
        out = []
        for fid in FIGURE_IDS:
            if fid in self._futures:
                rendered = self._futures[fid].result()
            else:
                rendered = save_figure(make_figure(fid, self.derived, self._results), self.folder)
            out.append(rendered)
            if on_done:
                on_done(fid)
        return out

    def optional_results(self) -> list[RenderedFigure]:
        """The :data:`~ablacem.analysis.figure_specs.OPTIONAL_FIGURES` the frames hold data for,
        in registry order (drawn by the workers, or in-process without them)."""
        out = []
        for fid in self._optional_ids():
            if fid in self._futures:
                out.append(self._futures[fid].result())
            else:
                out.append(save_figure(OPTIONAL_FIGURES[fid][1](self.derived), self.folder))
        return out
