"""FigureJobs: forks workers only when that is safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ablacem.analysis.render.figure_pool import FigureJobs, default_workers


def test_default_workers_is_one_or_two():
    assert default_workers() in (1, 2)


_SECOND_THREAD_SCRIPT = """
import sys, threading
from ablacem.analysis.render.figure_pool import FigureJobs, can_fork_safely
out = sys.argv[1]
before = (can_fork_safely(), FigureJobs(None, out, workers=2).workers)
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
during = (can_fork_safely(), FigureJobs(None, out, workers=2).workers)
stop.set()
thread.join()
print(before, during)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_a_second_thread_means_no_fork(tmp_path):
    # In a fresh interpreter: the test process itself may run other threads (Playwright's).
    result = subprocess.run(
        [sys.executable, "-c", _SECOND_THREAD_SCRIPT, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "(True, 2) (False, 1)"


def test_one_worker_draws_in_process(tmp_path):
    jobs = FigureJobs(None, tmp_path, workers=1)
    with jobs:
        assert jobs.workers == 1 and jobs._pool is None


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_figures_are_drawn_from_the_fitted_analysis(tiny, tmp_path, workers):
    from ablacem.analysis.figures import FIGURE_IDS
    from ablacem.analysis.study import StudyAnalysis

    analysis = StudyAnalysis(alpha=0.5)
    derived = analysis.derive(tiny)
    with FigureJobs(derived, tmp_path, workers=workers) as jobs:
        analysis.fit_derived(derived)
        assert analysis.derived_ is derived  # the statistics' frames, derived once
        jobs.add_results(analysis.results_)
        rendered = {figure.id: figure for figure in jobs.results()}
    assert tuple(rendered) == FIGURE_IDS
    assert all(figure.png.stat().st_size and figure.svg.stat().st_size for figure in rendered.values())
    # the Kaplan-Meier figure shows the analysis's own fit, at its alpha
    assert "pointwise 50% confidence band" in rendered["km_overall_survival"].caption


def test_figures_of_the_fitted_results_wait_for_them(tiny, tmp_path):
    from ablacem.analysis.study import StudyAnalysis

    with (
        FigureJobs(StudyAnalysis().derive(tiny), tmp_path, workers=1) as jobs,
        pytest.raises(ValueError, match="overall_survival"),
    ):
        jobs.results()


_OPTIONAL_SCRIPT = """
import sys
from pathlib import Path
from ablacem.analysis.render.figure_pool import FigureJobs
from ablacem.analysis.study import StudyAnalysis
from tests.analysis.tables.test_ct_agreement import measured_tiny

derived = StudyAnalysis().derive(measured_tiny())
drawn = {}
for workers in (1, 2):
    with FigureJobs(derived, Path(sys.argv[1]) / str(workers), workers=workers) as jobs:
        assert jobs.workers == workers, jobs.workers
        drawn[workers] = jobs.optional_results()
assert [f.id for f in drawn[1]] == [f.id for f in drawn[2]] == ["bland_altman_cement"], drawn
assert drawn[1][0].svg.read_bytes() == drawn[2][0].svg.read_bytes(), "the worker's SVG differs"
print("same")
"""


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")
def test_an_optional_figure_drawn_by_a_worker_is_the_one_drawn_in_process(tmp_path):
    # A fresh interpreter: this test process may run threads (a browser test's live server), and
    # a process with threads draws in-process (``can_fork_safely``), which is not what is compared.
    root = Path(__file__).resolve().parents[3]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root / "src"), str(root)]))
    result = subprocess.run(
        [sys.executable, "-c", _OPTIONAL_SCRIPT, str(tmp_path)], capture_output=True, text=True, env=env, cwd=root
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same"


_IMPORTS_SCRIPT = """
import sys
import ablacem.analysis.report, ablacem.analysis.study, ablacem.analysis.figure_specs
print("matplotlib" in sys.modules)
"""


def test_the_report_process_does_not_load_matplotlib_to_queue_figures():
    # A fresh interpreter: the test process has long imported matplotlib.
    result = subprocess.run([sys.executable, "-c", _IMPORTS_SCRIPT], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
