"""Orchestration of a constellation run: shells and formation → sunlit state, link graph,
formation motion, training step time and collision exposure, as one frozen result."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import xarray as xr

from wattflop.budget import Budget, Estimate, check
from wattflop.constants import R_EARTH_M
from wattflop.constellation import collision, formation, links, propagate, shells, training
from wattflop.constellation.scenario import ConstellationScenario, Formation
from wattflop.orbit import kepler
from wattflop.result import SiteResult
from wattflop.scenario.common import resolve_entry

#: Satellites sampled for the sunlit-fraction map of the report (all are computed).
MAP_SAMPLES = 20_000
#: Instants over one orbit at which the close-approach screen runs.
SCREEN_INSTANTS = 6
#: Instants over one orbit at which a formation's neighbour distances are taken.
NEIGHBOUR_STEPS = 361

# The compute budget (:mod:`wattflop.budget`). Rates measured with ``wattflop constellation``
# on this project's 2-core CI machine (shared with other jobs, 2 numba threads), 2026-12-03:
# peak RSS (``/usr/bin/time -f %M``) and wall time at 2–4 sizes of each input (10⁵, 10⁶,
# 3·10⁶ satellites × 1,440 steps; 1,584 satellites × 86,400–864,000 steps; close-approach
# radii of 1, 30 and 100 km; formations of 81, 7,845 and 70,681 satellites), differences
# fitted linearly and rounded up to err high; the measured values are beside each.
#: Fused propagation, s per satellite-step (measured 12–20 ns conical, 12–13 ns cylindrical).
_SECONDS_PER_SAT_STEP = {"conical": 25e-9, "cylindrical": 20e-9}
#: Shells: memory per satellite (elements, running sums, candidate edges and the link
#: graph, the screen's k-d trees, the report's link histogram), B (measured 380–430 B).
_BYTES_PER_SATELLITE = 600.0
#: Shells: time per satellite outside the propagation (links, six screens, report), s
#: (measured ~14 µs).
_SECONDS_PER_SATELLITE = 25e-6
#: The Sun table and the angle tables of one span of steps, B per step (measured 130 B).
_BYTES_PER_STEP = 256.0
#: One expected close-approach pair at one screening instant: memory B (measured ≤ 93 B per
#: distinct pair found), time s (under the noise of the runs at 1.3·10⁶ pairs).
_BYTES_PER_PAIR = 64.0
_SECONDS_PER_PAIR = 1e-6
#: Walker shells are not uniform on their sphere (planes bunch at the latitudes of their
#: inclination): the pairs found exceed the uniform count by this factor at most (measured
#: 0.3–1.6 on shells of 10⁵–10⁶ satellites at 1–100 km).
_CLUMPING = 4.0
#: Formation: memory per lattice point of the bounding square (index grids), B (~41 B).
_BYTES_PER_LATTICE_POINT = 64.0
#: Formation: memory per satellite (states, neighbour pairs, every neighbour distance at 361
#: instants, kept in the result), B (measured 5.8–8.2 kB); time per satellite (relative
#: motion and a k-d tree per instant), s (measured 0.47–0.68 ms).
_FORMATION_BYTES_PER_SATELLITE = 8_000.0
_FORMATION_SECONDS_PER_SATELLITE = 1.5e-3
#: Formation: the working set of one block of relative motion (16 float64 arrays), B.
_FORMATION_BLOCK_BYTES = formation.BLOCK * 16 * 8.0


def lattice_size(f: Formation) -> tuple[float, float]:
    """Points of the square grid :func:`~wattflop.constellation.formation.lattice_cluster`
    lays out, and an upper bound of the satellites it keeps (each kept point's unit cell
    lies in the disc of radius ρ + √2/2, ρ = radius / 2·spacing, in lattice units)."""
    rho = f.radius / (2.0 * f.spacing)
    m = math.floor(rho)
    return float((2 * m + 1) ** 2), min(float((2 * m + 1) ** 2), math.pi * (rho + 0.5**0.5) ** 2)


def expected_pairs(sc: ConstellationScenario) -> float:
    """Close-approach pairs the screen may find over its instants (an upper estimate):
    satellites spread on their shell's sphere (a cap of chord ``r`` is r²/4R² of it), shells
    within ``r`` in altitude counted together, times the Walker clumping factor."""
    r = sc.links.close_approach_radius
    total = 0.0
    for a, sa in enumerate(sc.shells):
        for b in range(a, len(sc.shells)):
            sb = sc.shells[b]
            if abs(sa.altitude - sb.altitude) > r:
                continue
            both = (
                sa.satellites * (sa.satellites - 1) / 2 if a == b else sa.satellites * sb.satellites
            )
            radius = R_EARTH_M + min(sa.altitude, sb.altitude)
            total += both * min(1.0, r * r / (4.0 * radius * radius))
    return total * _CLUMPING * SCREEN_INSTANTS


def _count(x: float) -> str:
    return f"{x:,.0f}" if x < 1e9 else f"{x:.3g}"


def _length(m: float) -> str:
    for unit, f in (("km", 1e3), ("m", 1.0), ("mm", 1e-3)):
        if m >= f:
            return f"{m / f:.4g} {unit}"
    return f"{m * 1e6:.4g} µm"


def estimate(sc: ConstellationScenario) -> Estimate:
    """Memory and time of :func:`simulate_constellation` on ``sc``, before it runs: the
    propagation scales with satellites × steps (memory with satellites and one span of
    steps), the links and the screen with satellites and the pairs expected, a formation
    with its lattice."""
    step = sc.propagation.time_step
    n_steps = max(1, round(sc.propagation.duration / step))
    span = min(n_steps, propagate.TIME_CHUNK)
    per_step = _SECONDS_PER_SAT_STEP[sc.propagation.shadow]
    days = n_steps * step / 86400.0
    window = f"{_count(n_steps)} steps of {step:g} s over {days:.3g} day{'' if days == 1 else 's'}"
    memory = seconds = 0.0
    what: list[str] = []
    shrink: list[str] = []
    n = sc.n_satellites
    if n:
        pairs = expected_pairs(sc)
        memory += n * _BYTES_PER_SATELLITE + span * _BYTES_PER_STEP + pairs * _BYTES_PER_PAIR
        seconds += n * n_steps * per_step + n * _SECONDS_PER_SATELLITE
        seconds += pairs * _SECONDS_PER_PAIR
        what.append(f"a constellation of {_count(n)} satellites × {window}")
        shrink.append("fewer satellites in shells")
        if pairs > 1e6:
            what[-1] += f" (~{_count(pairs)} close-approach pairs)"
            shrink.append("a smaller links.close_approach_radius")
    if sc.formation is not None:
        f = sc.formation
        points, sats = lattice_size(f)
        memory += points * _BYTES_PER_LATTICE_POINT + sats * _FORMATION_BYTES_PER_SATELLITE
        memory += _FORMATION_BLOCK_BYTES + span * _BYTES_PER_STEP
        seconds += sats * _FORMATION_SECONDS_PER_SATELLITE + n_steps * per_step
        what.append(
            f"a formation of up to {_count(sats)} satellites ({_length(f.radius)} radius at "
            f"{_length(f.spacing)} spacing)"
        )
        shrink.append("a larger formation.spacing or a smaller formation.radius")
    shrink.append("a coarser propagation.time_step or a shorter propagation.duration")
    return Estimate(" and ".join(what), memory=memory, seconds=seconds, shrink=", ".join(shrink))


def build_shells(sc: ConstellationScenario) -> shells.Constellation | None:
    """The scenario's shells as one constellation (``None`` without shells)."""
    epoch = shells.as_datetime64(np.datetime64(sc.epoch.replace(tzinfo=None), "ns"))
    parts = []
    for s in sc.shells:
        if s.sun_synchronous:
            assert s.ltan is not None  # checked by the model
            parts.append(
                shells.sun_synchronous_shell(
                    total=s.satellites,
                    planes=s.planes,
                    phasing=s.phasing,
                    altitude_m=s.altitude,
                    ltan_h=s.ltan,
                    pattern=s.pattern,
                    epoch=epoch,
                    name=s.name,
                )
            )
        else:
            assert s.inclination is not None
            parts.append(
                shells.walker(
                    total=s.satellites,
                    planes=s.planes,
                    phasing=s.phasing,
                    altitude_m=s.altitude,
                    inclination_rad=s.inclination,
                    pattern=s.pattern,
                    raan0_rad=s.raan,
                    epoch=epoch,
                    name=s.name,
                )
            )
    return shells.concatenate(parts) if parts else None


def _terminal(sc: ConstellationScenario) -> links.OpticalTerminal:
    lk = sc.links
    return links.OpticalTerminal(
        tx_power_w=lk.tx_power,
        aperture_gain_db=lk.aperture_gain,
        wavelength_m=lk.wavelength,
        other_losses_db=lk.other_losses,
        photons_per_bit=lk.photons_per_bit,
        channels=lk.channels,
        channel_rate_bps=lk.channel_rate,
    )


def _shell_edges(sc: ConstellationScenario, c: shells.Constellation, pos: np.ndarray) -> np.ndarray:
    if sc.links.topology == "k_nearest":
        return links.k_nearest(pos, sc.links.k, sc.links.max_range)
    edges, start = [], 0
    for s in sc.shells:
        part = c.subset(slice(start, start + s.satellites))
        plane0 = int(part.plane.min())
        part = shells.Constellation(
            part.altitude_m,
            part.inclination_rad,
            part.raan_rad,
            part.arg_latitude_rad,
            (part.plane - plane0).astype(np.int32),
            part.epoch,
        )
        edges.append(links.plus_grid(part) + start)
        start += s.satellites
    return np.concatenate(edges)


def simulate_constellation(
    sc: ConstellationScenario,
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SiteResult:
    """Run every part of a constellation scenario; values in SI with units in the keys.

    The work is checked against ``budget`` (the default :class:`~wattflop.budget.Budget`
    when ``None``) before anything is built; ``progress(done, total)`` is called as it goes,
    in satellite-steps of the propagation (the links, the screen and a formation counted as
    the satellite-steps of the same estimated time).

    Raises
    ------
    BudgetError
        When the estimate (:func:`estimate`) does not fit the budget.
    """
    est = estimate(sc)
    check(est, budget or Budget())
    values: dict[str, Any] = {"name": sc.name, "title": sc.title, "description": sc.description}
    data: dict[str, Any] = {}
    step = sc.propagation.time_step
    n_steps = max(1, round(sc.propagation.duration / step))
    tick = _Ticker(progress, est.seconds / _SECONDS_PER_SAT_STEP[sc.propagation.shadow])
    # sunlit fractions belong to this window (near a solstice a dawn-dusk orbit is in its
    # eclipse season), not to a year: the orbital site reports the year
    values["window"] = {
        "start": str(np.datetime64(sc.epoch.replace(tzinfo=None), "s")),
        "duration_h": n_steps * step / 3600.0,
    }
    term = _terminal(sc)
    accel = resolve_entry(sc.catalog, "accelerators", sc.training.accelerator)
    tr = sc.training
    job = training.TrainingJob(
        parameters=tr.parameters,
        tokens_per_step=tr.tokens_per_step,
        utilisation=tr.utilisation,
        overlap=tr.overlap,
        checkpoint_s=tr.checkpoint_time,
        restart_s=tr.restart_time,
        failures_per_accel_hour=tr.failures_per_accelerator_hour,
        algorithm=tr.algorithm,
    )
    c = build_shells(sc)
    if c is not None:
        agg = propagate.sunlit_aggregates(
            c, step_s=step, n_steps=n_steps, shadow=sc.propagation.shadow, progress=tick.part()
        )
        per_sat = _SECONDS_PER_SATELLITE / _SECONDS_PER_SAT_STEP[sc.propagation.shadow]
        first = propagate.propagate_positions(c, step_s=step, n_steps=1, dtype=np.float64)
        pos = np.asarray(first.position_m[:, :, 0], dtype=np.float64)
        graph = links.link_graph(
            pos,
            _shell_edges(sc, c, pos),
            max_range_m=sc.links.max_range,
            grazing_altitude_m=sc.links.grazing_altitude,
            terminal=term,
        )
        period = float(kepler.period_s(float(c.altitude_m.min())))
        tick.add(c.n_satellites * per_sat / 2)
        found: list[np.ndarray] = []
        closest = np.inf
        for k in range(SCREEN_INSTANTS):
            p = np.asarray(
                propagate.propagate_positions(
                    c, step_s=step, n_steps=1, start_s=k * period / SCREEN_INSTANTS
                ).position_m[:, :, 0],
                dtype=np.float64,
            )
            pairs, d = links.close_approaches(p, sc.links.close_approach_radius)
            found.append(pairs)
            if d.size:
                closest = min(closest, float(d.min()))
            tick.add(c.n_satellites * per_sat / 2 / SCREEN_INSTANTS)
        close = links.unique_pairs(np.concatenate(found), c.n_satellites)
        cap = graph.capacity_bps
        values["shells"] = {
            "satellites": c.n_satellites,
            "planes": c.n_planes,
            "steps": n_steps,
            "step_s": step,
            "sunlit_fraction_mean": float(agg.sunlit_fraction.mean()),
            "sunlit_fraction_min": float(agg.sunlit_fraction.min()),
            "insolation_mean_j_m2": float(agg.insolation_j_m2.mean()),
            "longest_eclipse_max_s": float(agg.longest_eclipse_s.max()),
            "links": int(graph.edges.shape[0]),
            "links_blocked_by_earth": graph.dropped_blocked,
            "links_out_of_range": graph.dropped_range,
            "link_distance_median_m": float(np.median(graph.distance_m)) if cap.size else None,
            "link_capacity_median_bps": float(np.median(cap)) if cap.size else None,
            "link_capacity_min_bps": float(cap.min()) if cap.size else None,
            "close_approach_pairs": int(close.shape[0]),
            "close_approach_min_m": None if np.isinf(closest) else closest,
        }
        rng = np.random.default_rng(0)
        sample = rng.choice(c.n_satellites, size=min(MAP_SAMPLES, c.n_satellites), replace=False)
        lat = np.degrees(
            np.arcsin(np.clip(pos[sample, 2] / np.linalg.norm(pos[sample], axis=1), -1, 1))
        )
        lon = np.degrees(np.arctan2(pos[sample, 1], pos[sample, 0]))
        data["map_lat_deg"] = ("sample", lat)
        data["map_ra_deg"] = ("sample", lon)
        data["map_sunlit_fraction"] = ("sample", agg.sunlit_fraction[sample])
        data["link_capacity_bps"] = ("link", cap)
        data["link_distance_m"] = ("link", graph.distance_m)
        # training over the shells: groups = planes (in-plane links), across = the slowest link
        per_plane = sc.shells[0].satellites // sc.shells[0].planes
        group = per_plane if c.n_satellites % per_plane == 0 else 1
        mean_d = float(np.mean(graph.distance_m)) if cap.size else 0.0
        lat_s = mean_d / links.C_M_S + tr.link_latency
        st = training.step_time(
            job,
            nodes=c.n_satellites,
            accelerators_per_node=tr.accelerators_per_satellite,
            peak_flops_per_accelerator=accel.peak_flops,
            group_size=group,
            intra_bps=float(np.median(cap)) if cap.size else 0.0,
            inter_bps=float(cap.min()) if cap.size else 0.0,
            intra_latency_s=lat_s,
            inter_latency_s=lat_s,
            sunlit_availability=1.0 if tr.runs_in_eclipse else float(agg.sunlit_fraction.mean()),
        )
        values["shells"]["training"] = st.as_dict()
        values["shells"]["collision"] = [
            {
                "shell": s.name or f"shell {i + 1}",
                **collision.shell_exposure(
                    n_satellites=s.satellites,
                    altitude_m=s.altitude,
                    shell_thickness_m=sc.collision.shell_thickness,
                    satellite_radius_m=sc.collision.satellite_radius,
                    screening_distance_m=sc.collision.screening_distance,
                ).__dict__,
            }
            for i, s in enumerate(sc.shells)
        ]
        values["shells"]["training_ground"] = _ground(
            job, c.n_satellites, sc, accel.peak_flops
        ).as_dict()
    if sc.formation is not None:
        f = sc.formation
        cl = formation.lattice_cluster(
            radius_m=f.radius, spacing_m=f.spacing, altitude_m=f.altitude
        )
        per_step = _SECONDS_PER_SAT_STEP[sc.propagation.shadow]
        units = cl.n_satellites * _FORMATION_SECONDS_PER_SATELLITE / NEIGHBOUR_STEPS / per_step
        nd = formation.neighbour_distances(cl, NEIGHBOUR_STEPS, progress=tick.part(units))
        one_time, per_year = formation.hold_delta_v(cl)
        epoch = shells.as_datetime64(np.datetime64(sc.epoch.replace(tzinfo=None), "ns"))
        ref = shells.sun_synchronous_shell(
            total=1, planes=1, phasing=0, altitude_m=f.altitude, ltan_h=f.ltan, epoch=epoch
        )
        fagg = propagate.sunlit_aggregates(
            ref, step_s=step, n_steps=n_steps, shadow=sc.propagation.shadow, progress=tick.part()
        )
        cap_far = float(links.capacity_bps(nd.max_m, term))
        st = training.step_time(
            job,
            nodes=cl.n_satellites,
            accelerators_per_node=tr.accelerators_per_satellite,
            peak_flops_per_accelerator=accel.peak_flops,
            group_size=cl.n_satellites,
            intra_bps=cap_far,
            inter_bps=cap_far,
            intra_latency_s=nd.max_m / links.C_M_S + tr.link_latency,
            inter_latency_s=nd.max_m / links.C_M_S + tr.link_latency,
            sunlit_availability=1.0 if tr.runs_in_eclipse else float(fagg.sunlit_fraction[0]),
        )
        values["formation"] = {
            "satellites": cl.n_satellites,
            "altitude_m": f.altitude,
            "inclination_deg": float(np.degrees(cl.inclination_rad)),
            "neighbour_min_m": nd.min_m,
            "neighbour_max_m": nd.max_m,
            "closest_pair_m": nd.min_any_pair_m,
            "period_s": float(2 * np.pi / cl.n_rad_s),
            "j2_drift_max_m_per_orbit_hcw_init": float(
                np.max(np.abs(formation.along_track_drift_m_per_orbit(cl)))
            ),
            "delta_v_one_time_m_s": one_time,
            "delta_v_per_year_m_s": per_year,
            "sunlit_fraction": float(fagg.sunlit_fraction[0]),
            "link_capacity_at_max_distance_bps": cap_far,
            "training": st.as_dict(),
            "training_ground": _ground(job, cl.n_satellites, sc, accel.peak_flops).as_dict(),
        }
        data["formation_t_s"] = ("t", nd.t_s)
        data["formation_distance_m"] = (("pair", "t"), nd.distance_m)
    values["notes"] = _notes(values)
    detail = xr.Dataset({k: xr.Variable(v[0], v[1]) for k, v in data.items()})
    return SiteResult(values=values, daily=xr.Dataset(), detail=detail)


class _Ticker:
    """Progress over the stages of a run in satellite-steps, out of an estimated total."""

    def __init__(self, report: Callable[[int, int], None] | None, total: float) -> None:
        self.report = report
        self.total = max(int(total), 1)
        self.done = 0.0

    def add(self, units: float) -> None:
        self.done += units
        if self.report is not None:
            self.report(min(int(self.done), self.total), self.total)

    def part(self, scale: float = 1.0) -> Callable[[int], None]:
        """A ``progress(done)`` for one stage, ``done`` counted from its start × ``scale``."""
        start = self.done

        def at(done: int) -> None:
            self.done = start
            self.add(done * scale)

        return at


def _ground(
    job: training.TrainingJob, nodes: int, sc: ConstellationScenario, peak: float
) -> training.StepTime:
    """The same accelerators on the ground: one ring at the node bandwidth, no eclipse."""
    return training.step_time(
        job,
        nodes=nodes,
        accelerators_per_node=sc.training.accelerators_per_satellite,
        peak_flops_per_accelerator=peak,
        group_size=1,
        intra_bps=sc.training.ground_node_bandwidth,
        inter_bps=sc.training.ground_node_bandwidth,
        intra_latency_s=5e-6,
        inter_latency_s=5e-6,
        sunlit_availability=1.0,
    )


def _notes(values: dict[str, Any]) -> list[str]:
    notes = []
    for key in ("shells", "formation"):
        v = values.get(key)
        if not v:
            continue
        t, g = v["training"], v["training_ground"]
        ratio = t["goodput_flops"] / g["goodput_flops"] if g["goodput_flops"] else float("nan")
        if ratio < 0.5:
            notes.append(
                f"{key}: training goodput is {ratio:.0%} of the same accelerators on the ground "
                f"(all-reduce {t['allreduce_s']:.3g} s vs compute {t['compute_s']:.3g} s per step)"
            )
    s = values.get("shells")
    if s and s["close_approach_pairs"]:
        notes.append(f"shells: {s['close_approach_pairs']} pairs within the close-approach radius")
    if s and s["collision"]:
        notes.append(
            "shells: collision and manoeuvre rates are the kinetic-gas estimate for objects "
            "moving independently through the shell; a phased Walker shell flies its own "
            "satellites apart, so for conjunctions among them this is an upper bound (it is "
            "the right order for debris and foreign objects crossing the shell)"
        )
    for key in ("shells", "formation"):
        if values.get(key):
            notes.append(
                f"{key}: the ground baseline runs the same accelerators on the same ring "
                "all-reduce over its scale-out network (training.ground_node_bandwidth per node "
                "of 4 accelerators; no NVLink domain); orbit computes through eclipse on "
                "batteries (sunlit availability 1)"
            )
            break
    return notes
