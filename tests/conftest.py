"""Test configuration shared by the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Property tests call numba kernels that compile on their first call (a second or more on a
# fresh checkout): wall-clock deadlines would make them flaky, so there are none — speed is
# measured in benchmarks/. By default the examples are derived from each test, so a CI run is
# reproducible; HYPOTHESIS_PROFILE=explore draws new random examples (and more of them).
settings.register_profile("wattflop", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None, max_examples=500)
# The long fuzz run (tests/fuzz): random mutants, thousands per fuzz test. Select it with
# WATTFLOP_FUZZ=1, HYPOTHESIS_PROFILE=fuzz or pytest's --hypothesis-profile=fuzz;
# WATTFLOP_FUZZ_EXAMPLES sets the count per fuzz test (default 1,700: ~10,000 over the six).
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("WATTFLOP_FUZZ_EXAMPLES", "1700")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_default = "fuzz" if os.environ.get("WATTFLOP_FUZZ") == "1" else "wattflop"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))
