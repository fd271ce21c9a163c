"""Loopback load test of ``POST /api/simulate`` on the orbital scenario.

Starts a real uvicorn server (``wattflop.web.create_app``) in a subprocess on a free loopback
port, then drives it for ``--seconds`` (60 by default) with a bounded asyncio + httpx client
(``--concurrency`` requests in flight). Two phases, each half the time:

- ``same``: the bundled scenario every time — the server answers from its in-memory result
  (what many users opening the page cost);
- ``slider``: a different launch price on every request — a full orbit simulation each time
  on the cached year of geometry (what a user dragging a slider costs).

Then a third phase, ``ground``: one ground request at a time on the 1 GW Memphis plant, each
with a gas price no request has used (a miss of every cache: a full ground year, LP and all),
waited for with ``?wait=60`` — what a user moving the gas slider waits (issue #14 item 6:
goal ≤ 3 s).

Prints requests per second, p50 and p99 latency per phase; any error (non-200) makes the
script exit 1. Baseline in the same process: the library's ``simulate_orbit`` with the same
cached geometry, called directly, so the ratio shows the cost of the HTTP layer.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

ORBIT = "orbit-1gw-dawn-dusk-650km"
GROUND = "ground-1gw-memphis"
#: Ground requests of the ground phase (each a cache miss), and the goal per answer [s].
GROUND_REQUESTS = 5
GROUND_GOAL_S = 3.0
SERVER = """
import sys, uvicorn
from pathlib import Path
from wattflop.web import create_app
uvicorn.run(create_app(Path(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


async def _phase(
    base: str, seconds: float, concurrency: int, vary: bool
) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    errors = 0
    counter = 0
    end = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:

        async def worker() -> None:
            nonlocal errors, counter
            while time.perf_counter() < end:
                counter += 1
                edits = {"launch.price_per_kg": 100.0 + counter * 0.01} if vary else {}
                body = {"scenario": {"name": ORBIT, "set": edits}}
                t0 = time.perf_counter()
                try:
                    r = await client.post("/api/simulate", json=body)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                errors += not ok

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        wall = time.perf_counter() - t0
    return latencies, errors, wall


def _ground_phase(base: str, n: int) -> tuple[list[float], int]:
    """Latencies [s] of ``n`` ground requests one after another, each at a new gas price."""
    latencies: list[float] = []
    errors = 0
    with httpx.Client(base_url=base, timeout=120) as client:
        for i in range(n):
            price = 3.0 + 0.0137 * (i + 1) + 1e-4 * (time.time() % 1.0)  # USD/MMBtu, unseen
            body = {"scenario": {"name": GROUND, "set": {"plant.gas_turbines.fuel_price": price}}}
            t0 = time.perf_counter()
            r = client.post("/api/simulate", params={"wait": 60}, json=body)
            latencies.append(time.perf_counter() - t0)
            errors += r.status_code != 200
    return latencies, errors


def _ground_baseline() -> float:
    """Seconds of one direct ground simulate in this process (no HTTP, no result cache)."""
    import wattflop
    from wattflop.result_cache import bypass
    from wattflop.scenario.keys import load_raw, set_key

    raw = load_raw(GROUND)
    with bypass():
        wattflop.simulate(wattflop.parse_scenario(raw))  # imports, weather, numba warm
        t0 = time.perf_counter()
        wattflop.simulate(
            wattflop.parse_scenario(set_key(raw, "plant.gas_turbines.fuel_price", 3.3))
        )
    return time.perf_counter() - t0


def _baseline(n: int = 5) -> float:
    """Seconds per direct ``simulate_orbit`` call on a cached geometry (no HTTP)."""
    import wattflop
    from wattflop.scenario.keys import load_raw, set_key
    from wattflop.web.compute import simulate_orbit_cached

    raw = load_raw(Path(__file__).resolve().parents[1] / "scenarios" / f"{ORBIT}.yaml")
    first = wattflop.parse_scenario(raw)
    assert isinstance(first, wattflop.OrbitScenario)
    simulate_orbit_cached(first)  # geometry and numba warm
    t0 = time.perf_counter()
    for i in range(n):
        sc = wattflop.parse_scenario(set_key(raw, "launch.price_per_kg", 100.0 + i))
        assert isinstance(sc, wattflop.OrbitScenario)
        simulate_orbit_cached(sc)
    return (time.perf_counter() - t0) / n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--seconds", type=float, default=60.0, help="total duration [s]")
    ap.add_argument("--concurrency", type=int, default=8, help="requests in flight")
    args = ap.parse_args()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="wattflop-load-") as cache:
        # the server's result cache in the same throwaway folder: every ground request misses
        env = {**os.environ, "WATTFLOP_CACHE_DIR": cache}
        proc = subprocess.Popen([sys.executable, "-c", SERVER, cache, str(port)], env=env)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{base}/api/params", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or proc.poll() is not None:
                    print("server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            # warm: numba kernels and the orbit's year of geometry
            httpx.post(f"{base}/api/simulate", json={"scenario": {"name": ORBIT}}, timeout=120)
            total_errors = 0
            print(f"POST /api/simulate ({ORBIT}), {args.concurrency} in flight, loopback")
            for name, vary in (("same", False), ("slider", True)):
                lat, errors, wall = asyncio.run(
                    _phase(base, args.seconds / 2, args.concurrency, vary)
                )
                total_errors += errors
                a = np.array(lat) * 1e3
                print(
                    f"  {name:7s} {len(lat) / wall:8.1f} req/s  p50 {np.percentile(a, 50):7.1f} ms"
                    f"  p99 {np.percentile(a, 99):7.1f} ms  requests {len(lat):6d}  errors {errors}"
                )
            # the ground slider: warm the server's ground path once (imports, weather)
            httpx.post(f"{base}/api/simulate", params={"wait": 60},
                       json={"scenario": {"name": GROUND}}, timeout=120)  # fmt: skip
            glat, gerr = _ground_phase(base, GROUND_REQUESTS)
            total_errors += gerr
            g = np.array(glat)
            verdict = "met" if float(np.median(g)) <= GROUND_GOAL_S else "NOT met"
            print(
                f"  ground  {GROUND_REQUESTS} new gas prices, one at a time: "
                f"p50 {np.median(g):.2f} s"
                f"  max {g.max():.2f} s  errors {gerr}  (goal p50 ≤ {GROUND_GOAL_S:g} s: {verdict})"
            )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    per_call = _baseline()
    ground_s = _ground_baseline()
    print(f"  baseline: a ground simulate in process, no cache: {ground_s:.2f} s")
    print(
        f"  baseline: simulate_orbit on cached geometry, in process: {per_call * 1e3:.0f} ms "
        f"per call = {1 / per_call:.1f} calls/s on one core"
    )
    if total_errors:
        print(f"FAILED: {total_errors} errors", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
