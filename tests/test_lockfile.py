"""The hashed lock file that ``make`` installs from covers every dependency of pyproject.toml."""

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]


def locked_versions() -> dict[str, str]:
    """``{normalised name: version}`` pinned in requirements.lock."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            name, version = line.split(";")[0].split("==")
            pins[canonicalize_name(name.strip())] = version.strip(" \\")
    return pins


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [Requirement(r) for r in [*project["dependencies"], *project["optional-dependencies"]["test"]]]


def test_every_declared_dependency_is_locked_at_a_version_its_range_allows():
    pins = locked_versions()
    problems = []
    for requirement in declared_requirements():
        name = canonicalize_name(requirement.name)  # PEP 503: fhir.resources is fhir-resources
        if name not in pins:
            problems.append(f"{requirement.name} is not in requirements.lock")
        elif not requirement.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{requirement.name}=={pins[name]} is outside {requirement.specifier}")
    assert not problems, "run `make lock`: " + "; ".join(problems)


def test_every_locked_version_carries_a_hash():
    text = (ROOT / "requirements.lock").read_text()
    blocks = [b for b in text.split("\n") if "==" in b and not b.startswith((" ", "#"))]
    assert blocks and all(b.rstrip().endswith("\\") for b in blocks)
    assert text.count("--hash=sha256:") >= len(blocks)
