"""Test configuration shared by the whole suite."""

from __future__ import annotations

import os

from hypothesis import settings

# Property tests call numba kernels that compile on their first call (a second or more on a
# fresh checkout): wall-clock deadlines would make them flaky, so there are none — speed is
# measured in benchmarks/. By default the examples are derived from each test, so a CI run is
# reproducible; HYPOTHESIS_PROFILE=explore draws new random examples (and more of them).
settings.register_profile("wattflop", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "wattflop"))
