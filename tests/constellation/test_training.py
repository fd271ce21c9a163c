"""Distributed-training step time and goodput.

Sources
-------
- Thakur, Rabenseifner & Gropp (2005): ring all-reduce 2(p−1)/p·S/b + 2(p−1)α.
- Young (1974), Daly (2006): checkpoint interval √(2CM) minimises C/τ + τ/(2M).
- Meta, The Llama 3 Herd of Models (2024) §3.3.4: 419 interruptions in 54 days on 16,384 GPUs.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattflop.constellation import training


def test_ring_closed_forms() -> None:
    # two nodes exchange half each way twice: S/b; one node: nothing
    assert training.ring_allreduce_s(1e9, 2, 8e9, 0.0) == pytest.approx(1.0)
    assert training.ring_allreduce_s(1e9, 1, 8e9, 1.0) == 0.0
    # large p → 2S/b; latency term 2(p−1)α
    assert training.ring_allreduce_s(1e9, 1000, 8e9, 0.0) == pytest.approx(2 * 999 / 1000)
    assert training.ring_allreduce_s(0.0, 5, 8e9, 1e-3) == pytest.approx(8e-3)
    # hierarchical with one group is the ring
    assert training.hierarchical_allreduce_s(1e9, 8, 1, 8e9, 1e9, 1e-6, 1e-3) == pytest.approx(
        training.ring_allreduce_s(1e9, 8, 8e9, 1e-6)
    )


def test_llama3_failure_rate_reproduces_the_interruptions() -> None:
    n = 16_384 * training.LLAMA3_FAILURES_PER_ACCEL_HOUR * 54 * 24
    assert n == pytest.approx(419.0)


@settings(max_examples=30)
@given(c=st.floats(1.0, 1e3), m=st.floats(1e3, 1e7))
def test_young_interval_minimises_first_order_waste(c: float, m: float) -> None:
    tau = training.young_daly_interval_s(c, m)
    taus = tau * np.array([0.8, 0.9, 1.1, 1.25])
    w0 = c / tau + tau / (2 * m)
    assert all(w0 <= c / t + t / (2 * m) + 1e-15 for t in taus)


def test_step_time_breakdown_and_ground_comparison() -> None:
    """81-satellite cluster, 4 accelerators each, 9.6 Tbps links: compute is 6·P·B/(peak·MFU);
    eclipse halving the power halves the goodput; a hierarchy with fast intra links beats a
    flat ring on slow links."""
    job = training.TrainingJob(parameters=8e9, tokens_per_step=4e6, overlap=0.0)
    kw = dict(
        nodes=81,
        accelerators_per_node=4,
        peak_flops_per_accelerator=1e15,
        intra_latency_s=1e-6,
        inter_latency_s=1e-6,
    )
    s = training.step_time(job, group_size=81, intra_bps=9.6e12, inter_bps=9.6e12, **kw)
    assert s.compute_s == pytest.approx(6 * 8e9 * 4e6 / (324e15 * 0.4))
    assert s.step_s == pytest.approx(s.compute_s + s.allreduce_s)
    half = training.step_time(
        job, group_size=81, intra_bps=9.6e12, inter_bps=9.6e12, sunlit_availability=0.5, **kw
    )
    assert half.goodput_flops == pytest.approx(0.5 * s.goodput_flops)
    slow_ring = training.step_time(
        training.TrainingJob(parameters=8e9, tokens_per_step=4e6, algorithm="ring"),
        group_size=9,
        intra_bps=9.6e12,
        inter_bps=100e9,
        **kw,
    )
    hier = training.step_time(job, group_size=9, intra_bps=9.6e12, inter_bps=100e9, **kw)
    assert hier.allreduce_s < slow_ring.allreduce_s
    assert 0 < s.availability < 1 and s.goodput_flops < s.peak_flops * 0.4


def test_bad_training_input() -> None:
    job = training.TrainingJob()
    with pytest.raises(training.TrainingError, match="divide"):
        training.step_time(
            job,
            nodes=10,
            accelerators_per_node=1,
            peak_flops_per_accelerator=1e15,
            group_size=3,
            intra_bps=1e9,
            inter_bps=1e9,
            intra_latency_s=0,
            inter_latency_s=0,
        )
