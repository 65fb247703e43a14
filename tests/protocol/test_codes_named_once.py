"""Visit statuses, timepoints and the other codes the pure layers act on are named from
``protocol``, never restated as string literals (issue 9: ``"done"`` appeared 22 times, the
timepoint codes 57 times outside ``protocol``)."""

import ast
from pathlib import Path

import pytest

from ablacem.protocol import TIMEPOINT_CODES
from ablacem.protocol import codelists as cl

SRC = Path(__file__).resolve().parents[2] / "src" / "ablacem"
#: The layers this rule covers (the EDC and the analysis are checked by their own tests).
LAYERS = ("dataset", "synth", "interop", "scoring", "cli")
CODES = frozenset(
    (
        *TIMEPOINT_CODES,
        *cl.ASSESSMENT_STATUS.codes,
        *cl.END_REASON.codes,
        *cl.LOCAL_STATUS.codes,
        *cl.DIAGNOSIS.codes,
        *cl.REGION.codes,
    )
)


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, nodes) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _own_constants(tree: ast.Module) -> set[int]:
    """String values of a module's own upper-case constants (``PROGRESSION = "progression"``
    in a scoring rule's own category list is a declaration, not a restatement)."""
    return {
        id(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
        and isinstance(node.value, ast.Constant)
    }


def restated_codes(path: Path, root: Path = SRC) -> list[str]:
    """``file:line 'code'`` (relative to ``root``) for each string literal in ``path`` that is one of :data:`CODES`."""
    tree = ast.parse(path.read_text(), str(path))
    skip = _docstrings(tree) | _own_constants(tree)
    return [
        f"{path.relative_to(root)}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value in CODES and id(node) not in skip
    ]


@pytest.mark.parametrize("layer", LAYERS)
def test_the_layer_names_codes_from_protocol(layer):
    found = [hit for path in sorted((SRC / layer).rglob("*.py")) for hit in restated_codes(path)]
    assert found == []


def test_the_check_finds_a_restated_code(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""doc: done"""\nSTATUS = "done"\n\n\ndef f(s):\n    return s == "m3"\n')
    assert restated_codes(sample, tmp_path) == ["sample.py:6 'm3'"]
