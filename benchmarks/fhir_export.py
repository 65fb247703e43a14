"""Time the FHIR export: building the bundles, and validating them with the fhir.resources models.

Generates a synthetic cohort (default 200 patients), builds every patient's de-identified
transaction Bundle, then validates each. Target: the whole export (build and validate) under
0.5 s per patient, so a 200-patient study downloads from the web in under two minutes on one
core. Prints seconds, bundles and resources; exits 1 when over the target.
Run with ``.venv/bin/python benchmarks/fhir_export.py [PATIENTS]``.
"""

from __future__ import annotations

import sys
import time
import warnings

PATIENTS = 200
TARGET_SECONDS_PER_PATIENT = 0.5
KEY = b"benchmark-key-0123456789"


def main(patients: int = PATIENTS) -> int:
    """Print the timings; exit 1 when build and validation take more than the target per patient."""
    from ablacem.interop.fhir import patient_bundles, validate_bundle
    from ablacem.synth import generate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        cohort = generate(patients, seed=3)
    start = time.perf_counter()
    bundles = [bundle for _, bundle in patient_bundles(cohort, deidentify=True, key=KEY)]
    built = time.perf_counter()
    for bundle in bundles:
        validate_bundle(bundle)
    validated = time.perf_counter()
    resources = sum(len(b["entry"]) for b in bundles)
    per_patient = (validated - start) / patients
    print(f"bundles: {len(bundles)}, resources: {resources}")
    print(f"build: {built - start:.2f} s, validate: {validated - built:.2f} s, per patient: {per_patient:.3f} s")
    met = per_patient <= TARGET_SECONDS_PER_PATIENT
    print(f"target: {TARGET_SECONDS_PER_PATIENT} s per patient: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else PATIENTS))
