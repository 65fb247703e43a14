"""FigureJobs: forks workers only when that is safe."""

import sys
import threading

import pytest

from ablacem.analysis.render.figure_pool import FigureJobs, can_fork_safely, default_workers


def test_default_workers_is_one_or_two():
    assert default_workers() in (1, 2)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_second_thread_means_no_fork(tmp_path):
    assert can_fork_safely()
    assert FigureJobs(None, tmp_path, workers=2).workers == 2
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork_safely()
        assert FigureJobs(None, tmp_path, workers=2).workers == 1
    finally:
        stop.set()
        thread.join()


def test_one_worker_draws_in_process(tmp_path):
    jobs = FigureJobs(None, tmp_path, workers=1)
    with jobs:
        assert jobs.workers == 1 and jobs._pool is None
