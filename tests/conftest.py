"""Test configuration shared by the whole suite."""

from __future__ import annotations

from hypothesis import settings

# Property tests call numba kernels that compile on their first call (a second or more on a
# fresh checkout): wall-clock deadlines would make them flaky, so there are none. Speed is
# measured in benchmarks/, not in tests. Examples are derived from each test (derandomize) so a
# CI run is reproducible; run with --hypothesis-seed=random or -p hypothesis settings to explore.
settings.register_profile("wattflop", deadline=None, derandomize=True)
settings.load_profile("wattflop")
