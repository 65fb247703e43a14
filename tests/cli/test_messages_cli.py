"""``ablacem messages send-due``, ``messages open-visits`` and ``worker --batch`` on a demo cohort of today."""

from __future__ import annotations

import datetime as dt
import os
import re
from zoneinfo import ZoneInfo

import pytest

from tests.cli.test_web_cli import run


@pytest.mark.slow
def test_send_due_prints_what_it_sent_and_sends_it_once(tmp_path):
    today = dt.datetime.now(ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Paris"))).date()
    data_dir = tmp_path / "edc"
    synth = run(
        ["synth", "--patients", "40", "--seed", "1", "--as-of", today.isoformat(), "--out", str(tmp_path / "d")],
        data_dir,
    )
    assert synth.returncode == 0, synth.stderr
    assert run(["import", "--data", str(tmp_path / "d")], data_dir).returncode == 0

    visits = run(["messages", "open-visits"], data_dir)
    assert visits.returncode == 0, visits.stderr
    assert visits.stdout and all(re.fullmatch(r"ABL-\d{3} (w1|m1|m3)", line) for line in visits.stdout.splitlines())

    sent = run(["messages", "send-due"], data_dir)
    assert sent.returncode == 0, sent.stderr
    lines = [line for line in sent.stdout.splitlines() if " by " in line]
    assert lines, sent.stdout  # the demo cohort has visits opening and due today
    for line in lines:
        assert re.fullmatch(r"ABL-\d{3} (w1|m1|m3) (invitation|reminder \d) by (email|sms): sent \(attempt 1\)", line)
    outbox = list((data_dir / "outbox").rglob("*.*"))
    assert len(outbox) == len(lines)
    printed = sent.stdout + sent.stderr
    assert "@" not in printed and "/p/" not in printed and "+44" not in printed and "+33" not in printed

    again = run(["messages", "send-due"], data_dir)
    assert again.returncode == 0 and "0 message(s) sent or attempted" in again.stdout

    worker = run(["worker", "--batch"], data_dir)
    assert worker.returncode == 0, worker.stderr
    assert "send_due_messages state=SUCCESSFUL" in worker.stdout + worker.stderr

    bad = run(["messages", "send-due", "--now", "2026-13-01"], data_dir)
    assert bad.returncode == 2 and "is not an ISO 8601 date-time" in bad.stderr
