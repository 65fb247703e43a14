"""The layer rules of DEVELOPERS.md, enforced."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PURE = ["protocol", "scoring", "dataset", "synth", "analysis", "interop", "imaging"]


def test_import_linter_contracts_hold():
    """import-linter: pure layers never import Django; layers only import downwards."""
    # Through this interpreter rather than the ``lint-imports`` script, whose first line may name
    # another environment's Python (a copied virtual environment).
    run = "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
    result = subprocess.run(
        [sys.executable, "-c", run, "--config", str(ROOT / "pyproject.toml")], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout and "BROKEN" not in result.stdout


@pytest.mark.parametrize("layer", PURE)
def test_importing_a_pure_layer_does_not_load_django(layer):
    """Importing every module of a pure layer, at run time, leaves Django unloaded."""
    package = ROOT / "src" / "ablacem" / layer
    modules = sorted(
        "ablacem." + ".".join(p.relative_to(ROOT / "src" / "ablacem").with_suffix("").parts).removesuffix(".__init__")
        for p in package.rglob("*.py")
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'simple_history', 'axes'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{layer} loaded {result.stdout.strip()}"


def test_protocol_is_plain_python():
    """DEVELOPERS.md: the protocol is plain dataclasses, so forms and settings can read it without pandas."""
    package = ROOT / "src" / "ablacem" / "protocol"
    modules = sorted("ablacem.protocol." + p.stem for p in package.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for m in ['ablacem.protocol', *{modules!r}]: importlib.import_module(m)\n"
        "heavy = {'pandas', 'numpy', 'scipy', 'django', 'pandera'}\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"ablacem.protocol loaded {result.stdout.strip()}"
