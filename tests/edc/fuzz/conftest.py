"""Hypothesis profiles of the fuzz tests: few examples in ``make test``, many in ``make fuzz``.

``ABLACEM_FUZZ_PROFILE=long`` (set by ``make fuzz``) selects the long run; the default keeps
the standing fuzz tests to a few seconds each on a busy 2-core machine.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,  # a save's duration depends on the machine's load, not on the input
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    "derandomize": False,
}
settings.register_profile("standing", max_examples=12, **_COMMON)
settings.register_profile("long", max_examples=400, **_COMMON)
settings.load_profile(os.environ.get("ABLACEM_FUZZ_PROFILE", "standing"))
