"""The Django project is installed inside the ``ablacem`` namespace, not as a top-level
``config`` (a name other packages use too); its default settings module is named once."""

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "Zq8-x_Vd3Lw9PfT2mNbR7yHsJcGa4Ue6"  # 52 characters, not a real key


def _python(code: str, cwd: Path, **env_overrides) -> subprocess.CompletedProcess:
    """Run ``code`` in the installed environment, away from the checkout's folders."""
    unset = ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, env=env)


def test_the_installed_distribution_has_no_top_level_config_package(tmp_path):
    result = _python("import importlib.util; print(importlib.util.find_spec('config'))", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    result = _python("import ablacem.project.settings.base as b; print(b.ROOT_URLCONF)", tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ablacem.project.urls"


def test_setuptools_packages_only_the_ablacem_namespace():
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    assert find == {"where": ["src"], "include": ["ablacem*"]}


def test_the_data_folder_default_is_still_the_checkouts_data_folder(tmp_path):
    code = "import ablacem.project.settings.base as b; print(b.DATA_DIR)"
    env = {k: v for k, v in os.environ.items() if k != "ABLACEM_DATA_DIR"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env={**env, "PYTHONPATH": ""}
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == ROOT / "data"


def test_the_wsgi_application_defaults_to_the_production_settings(tmp_path):
    # Without DJANGO_SETTINGS_MODULE and without a secret, gunicorn's entry point must refuse to
    # start (the production settings), never serve with the development key.
    result = _python("import ablacem.project.wsgi", tmp_path, ALLOWED_HOSTS="edc.example.org")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_default_settings_modules_are_named_only_in_the_project_package():
    named = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "src").rglob("*.py")
        if any(f'"ablacem.project.settings.{m}"' in path.read_text() for m in ("local", "production", "test"))
        or 'setdefault("DJANGO_SETTINGS_MODULE"' in path.read_text()
    )
    assert named == ["src/ablacem/project/__init__.py"]
