"""Production settings: refuse a missing secret; ``check --deploy`` clean with real values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "k" * 20 + "Zq8-x_Vd3Lw9PfT2mNbR7yHsJcGa4Ue6"  # 52 characters, not a real key


def django(args, **env_overrides):
    unset = ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "ABLACEM_PSEUDONYM_KEY")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="ablacem.project.settings.production", PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}"
    )
    env.update(env_overrides)
    return subprocess.run([sys.executable, "-m", "django", *args], capture_output=True, text=True, cwd=ROOT, env=env)


def test_check_deploy_gives_no_warnings():
    result = django(
        ["check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="edc.example.org",
        DATABASE_URL="postgres://ablacem:pw@127.0.0.1:5432/ablacem",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret():
    result = django(["check"], ALLOWED_HOSTS="edc.example.org", DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr
    result = django(["check"], SECRET_KEY=SECRET, DATABASE_URL="postgres://x@127.0.0.1/x")
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_wsgi_application_loads():
    code = "from ablacem.project.wsgi import application; print(type(application).__name__)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="edc.example.org",
        DATABASE_URL="postgres://x@127.0.0.1/x",
        PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "WSGIHandler"


def test_a_short_pseudonym_key_refuses_to_start():
    base = {"SECRET_KEY": SECRET, "ALLOWED_HOSTS": "edc.example.org", "DATABASE_URL": "postgres://x@127.0.0.1/x"}
    result = django(["check"], ABLACEM_PSEUDONYM_KEY="short", **base)
    assert result.returncode != 0 and "ABLACEM_PSEUDONYM_KEY must be at least 16 characters" in result.stderr
    assert django(["check"], ABLACEM_PSEUDONYM_KEY="a-long-enough-random-secret-123", **base).returncode == 0


def test_the_settings_key_length_rule_is_the_exports_rule():
    from ablacem.interop.deidentify import MIN_KEY_BYTES
    from ablacem.project.settings import base

    assert base.PSEUDONYM_KEY_MIN_BYTES == MIN_KEY_BYTES
