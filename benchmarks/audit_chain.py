"""Time a bulk import with its audit chain, and ``audit verify`` over it.

Imports a synthetic cohort (default 200 patients) into a fresh SQLite database through
``dataset_import``, once without the chain (rolled back) and once with it (one history row and
one chain link per record, chained in bulk), then verifies the chain. Target: the chain at most
doubles the import's time. Prints seconds, records and links.
Run with ``.venv/bin/python benchmarks/audit_chain.py [PATIENTS]``.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from unittest import mock

PATIENTS = 200


class _RollBack(Exception):
    pass


def main(patients: int = PATIENTS) -> int:
    """Print the timings; exit 1 if the chain more than doubles the import's time or does not verify."""
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ABLACEM_DATA_DIR"] = tmp
        os.environ["DJANGO_SETTINGS_MODULE"] = "ablacem.project.settings.local"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import transaction

        from ablacem.edc.actors import Actor
        from ablacem.edc.selectors import audit_chain_verify
        from ablacem.edc.services import dataset_import
        from ablacem.synth import generate

        call_command("migrate", interactive=False, verbosity=0)
        import_module = importlib.import_module("ablacem.edc.services.dataset_import")
        cohort = generate(patients, 1)
        actor = Actor.system("import")

        with mock.patch.object(import_module, "audit_chain_append", lambda **kw: []):
            t0 = time.perf_counter()
            try:
                with transaction.atomic():
                    dataset_import(source=cohort, actor=actor, reason="benchmark")
                    raise _RollBack
            except _RollBack:
                pass
            bare = time.perf_counter() - t0

        t1 = time.perf_counter()
        counts = dataset_import(source=cohort, actor=actor, reason="benchmark")
        chained = time.perf_counter() - t1
        t2 = time.perf_counter()
        report = audit_chain_verify()
        verify = time.perf_counter() - t2

    met = chained <= 2 * bare
    print(
        f"{patients} patients ({sum(counts.values()):,} records): import without chain {bare:.2f} s, "
        f"with chain {chained:.2f} s (target: at most twice: {'met' if met else 'MISSED'})"
    )
    print(f"verify: {report.records:,} links in {verify:.2f} s: {'OK' if report.ok else report.problem}")
    return 0 if met and report.ok else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else PATIENTS))
