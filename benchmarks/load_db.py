"""The database side of ``benchmarks/load.py``, run in the benchmark's environment (production
settings, its own PostgreSQL database): create the simulated users, choose what they open and
save, and count at the end the saves the database kept.

Usage (by ``load.py``): ``python benchmarks/load_db.py users|targets|count JSON_FILE [...]``.
"""

from __future__ import annotations

import json
import random
import secrets
import sys
from collections import Counter

#: The simulated users' roles: 20 users by default, the editors (coordinators, investigators)
#: first, as in a clinic where most of the traffic is data entry.
ROLE_MIX = ("coordinator",) * 8 + ("investigator",) * 4 + ("data_manager",) * 3 + ("monitor",) * 3
ROLE_MIX += ("statistician",) * 2


def _django():
    import django

    django.setup()


def create_users(path: str, count: int) -> None:
    """``count`` accounts cycling through :data:`ROLE_MIX`, written to ``path`` with their passwords."""
    _django()
    from ablacem.edc.actors import Actor
    from ablacem.edc.services import user_create

    accounts = []
    for i in range(count):
        role = ROLE_MIX[i % len(ROLE_MIX)]
        username, password = f"load{i:02d}-{role}", secrets.token_urlsafe(18)
        user_create(
            username=username,
            role=role,
            password=password,
            full_name=f"Load User {i:02d}",
            actor=Actor.system("load benchmark"),
        )
        accounts.append({"username": username, "role": role, "password": password})
    with open(path, "w", encoding="utf-8") as out:
        json.dump(accounts, out)


def choose_targets(path: str, pool: int, seed: int) -> None:
    """Write to ``path`` a sample of patients (pages to open) and of recorded visits (forms to
    open and save): ``pool`` visits, so that users sometimes edit the same one (the optimistic
    lock's refusals are part of the test)."""
    _django()
    from ablacem.edc.models import Assessment, Patient
    from ablacem.protocol import codelists

    rng = random.Random(seed)
    patients = list(Patient.objects.values_list("pk", flat=True))
    visits = list(Assessment.objects.active().filter(status=codelists.DONE).values_list("patient_id", "timepoint"))
    with open(path, "w", encoding="utf-8") as out:
        json.dump(
            {
                "patients": rng.sample(patients, min(1000, len(patients))),
                "visits": rng.sample(visits, min(pool, len(visits))),
                "patient_pages": max(1, -(-len(patients) // 50)),
            },
            out,
        )


def count_saves(path: str, run_id: str) -> None:
    """Compare the saves the users were told were accepted (``path``, written by the locustfile)
    with the history rows that carry their reasons; print the counts as JSON.

    Lost: accepted but no history row. Overwritten: two accepted saves that wrote the same
    version of one visit (the optimistic lock should have refused one). Unconfirmed: kept by the
    database but not answered as accepted (a time-out or error after the commit).
    """
    _django()
    from ablacem.edc.models import Assessment

    with open(path, encoding="utf-8") as handle:
        sent = json.load(handle)
    accepted = {s["token"] for s in sent if s["outcome"] == "accepted"}
    rows = list(
        Assessment.history.filter(history_change_reason__startswith=f"load {run_id} ").values_list(
            "id", "version", "history_change_reason", "vas_worst"
        )
    )
    kept = {reason.split(":")[0] for _, _, reason, _ in rows}
    versions = Counter((pk, version) for pk, version, _, _ in rows)
    values = {s["token"]: s["value"] for s in sent if s["outcome"] == "accepted"}
    wrong_value = sum(
        1 for _, _, reason, vas in rows if reason.split(":")[0] in values and values[reason.split(":")[0]] != vas
    )
    print(
        json.dumps(
            {
                "sent": len(sent),
                "accepted": len(accepted),
                "conflicts": sum(1 for s in sent if s["outcome"] == "conflict"),
                "refused": sum(1 for s in sent if s["outcome"] == "refused"),
                "failed": sum(1 for s in sent if s["outcome"] == "failed"),
                "kept": len(kept),
                "lost": len(accepted - kept),
                "unconfirmed": len(kept - accepted),
                "overwritten": sum(n - 1 for n in versions.values() if n > 1),
                "wrong_value": wrong_value,
            }
        )
    )


def main(argv: list[str]) -> int:
    command, path, *rest = argv
    if command == "users":
        create_users(path, int(rest[0]))
    elif command == "targets":
        choose_targets(path, int(rest[0]), int(rest[1]))
    elif command == "count":
        count_saves(path, rest[0])
    else:
        raise SystemExit(f"unknown command {command!r}: users, targets or count")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
