"""Draw and save the report's figures in worker processes, alongside the statistics.

Rendering a figure (layout, Agg at 300 dpi, PNG compression, SVG) is CPU-bound and holds the
GIL, so threads would not help. On Linux the workers are forked before the statistics start,
inherit the dataset without pickling, derive the analysis frames once each (the same
deterministic :func:`ablacem.analysis.derive.derive` the statistics use) and draw while the
parent process fits the models. Elsewhere, in a multi-threaded process, or with one worker,
figures are drawn in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ablacem.analysis.figures import FIGURE_IDS, make_figure

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


def _init_worker(dataset, derive_options: dict) -> None:
    from ablacem.analysis.derive import derive

    _WORKER["derived"] = derive(dataset, **derive_options)


def _render(figure_id: str, folder: Path) -> RenderedFigure:
    return save_figure(make_figure(figure_id, _WORKER["derived"]), folder)


class FigureJobs:
    """Figures being drawn in the background (or drawn on demand when there is no pool).

    Use as a context manager: entering starts the workers and queues every figure; leaving
    shuts the workers down.

    Parameters
    ----------
    dataset : Dataset
        The tidy dataset the figures are drawn from.
    folder : Path
        Where ``<id>.png`` and ``<id>.svg`` are written.
    workers : int
        Worker processes; 1 draws in the calling process (when :meth:`results` is called).
    derive_options : dict
        Keyword arguments of :func:`ablacem.analysis.derive.derive` (match the statistics').
    """

    def __init__(self, dataset, folder: Path, *, workers: int, derive_options: dict | None = None):
        self.dataset = dataset
        self.folder = folder
        self.derive_options = derive_options or {}
        self.workers = workers if workers > 1 and can_fork_safely() else 1
        self._pool: ProcessPoolExecutor | None = None
        self._futures: dict[str, Future] = {}

    def __enter__(self) -> FigureJobs:
        if self.workers > 1:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_init_worker,
                initargs=(self.dataset, self.derive_options),
            )
            self._futures = {fid: self._pool.submit(_render, fid, self.folder) for fid in FIGURE_IDS}
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def results(self, derived, on_done: Callable[[str], None] | None = None) -> list[RenderedFigure]:
        """Every figure, in report order, waiting for the workers (or drawing from ``derived``)."""
        out = []
        for fid in FIGURE_IDS:
            if fid in self._futures:
                rendered = self._futures[fid].result()
            else:
                rendered = save_figure(make_figure(fid, derived), self.folder)
            out.append(rendered)
            if on_done:
                on_done(fid)
        return out
