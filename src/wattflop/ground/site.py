"""Orchestrates a ground run: weather → PV → load → plant (PyPSA + HiGHS) → swings → money."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pypsa
import xarray as xr

from wattflop.constants import HOURS_PER_WEATHER_YEAR, J_PER_MWH, W_PER_MW
from wattflop.deployment import schedule_values
from wattflop.economics import (
    lcoe_usd_per_mwh,
    usd_per_accelerator_hour,
    usd_per_eflop,
)
from wattflop.errors import Problem, ScenarioError
from wattflop.ground import network as net
from wattflop.ground.inputs import ground_inputs
from wattflop.ground.lp import SolverStats
from wattflop.ground.money import PlanQuantities, ground_money
from wattflop.ground.swings import (
    SwingAnalysis,
    analyse_swings,
    mean_draw_fraction,
    training_power_profile,
)
from wattflop.ground.weather import Weather, clear_sky_weather, read_weather
from wattflop.result import SiteResult
from wattflop.scenario.files import check_file_allowed
from wattflop.scenario.ground import GroundScenario, PueModel


def weather_for(sc: GroundScenario) -> Weather:
    """The weather year of a scenario: a file, a bundled TMY, or derated clear sky."""
    loc = sc.location
    if loc.weather == "clear_sky":
        kw: dict[str, Any] = {}
        if loc.cloud_derate is not None:
            kw["cloud_derate"] = loc.cloud_derate
        return clear_sky_weather(
            loc.latitude, loc.longitude, altitude_m=loc.altitude, year=loc.year,
            temp_mean_c=loc.temperature_mean - 273.15,
            temp_annual_amplitude_c=loc.temperature_annual_amplitude,
            temp_diurnal_amplitude_c=loc.temperature_diurnal_amplitude, **kw,
        )  # fmt: skip
    return read_weather(loc.weather, year=loc.year)


def pue_series(sc: GroundScenario, temp_air_c: pd.Series) -> pd.Series:
    """Hourly PUE: constant, or rising linearly above a threshold air temperature [-]."""
    f = sc.facility
    if f.pue_model is PueModel.CONSTANT:
        return pd.Series(f.pue, index=temp_air_c.index)
    excess = (temp_air_c + 273.15 - f.pue_threshold).clip(lower=0.0)
    return f.pue + f.pue_slope * excess


def grid_price_series(
    sc: GroundScenario, index: pd.DatetimeIndex, utc_offset_h: float
) -> pd.Series:
    """Hourly grid price [USD/MWh]: a CSV, time-of-use, or flat.

    Raises
    ------
    ScenarioError
        For a price file that cannot be read or has the wrong length.
    """
    g = sc.plant.grid
    if g.price_file is not None:
        check_file_allowed("plant.grid.price_file", g.price_file)  # never on a server
        path = Path(g.price_file)
        try:
            table = pd.read_csv(path)
        except (OSError, ValueError) as exc:
            raise ScenarioError(
                [
                    Problem(
                        "plant.grid.price_file",
                        f"cannot read the price file ({type(exc).__name__}: {exc})",
                        str(path),
                        hint="give a CSV with a 'price_usd_per_mwh' column",
                    )
                ]
            ) from None
        if "price_usd_per_mwh" not in table.columns:
            raise ScenarioError(
                [
                    Problem(
                        "plant.grid.price_file",
                        f"no 'price_usd_per_mwh' column in {path} "
                        f"(found: {', '.join(map(str, table.columns))})",
                        str(path),
                        hint="name the hourly price column price_usd_per_mwh",
                    )
                ]
            )
        values = pd.to_numeric(table["price_usd_per_mwh"], errors="coerce")
        if len(values) != len(index):
            raise ScenarioError(
                [
                    Problem(
                        "plant.grid.price_file",
                        f"{path} has {len(values):,} prices; expected {len(index):,} "
                        "(one per hour of the year)",
                        str(path),
                        hint="give 8,760 hourly rows",
                    )
                ]
            )
        if values.isna().any():
            bad = int(values.isna().idxmax()) + 2
            raise ScenarioError(
                [Problem("plant.grid.price_file", f"{path} line {bad}: not a number", str(path))]
            )
        return pd.Series(values.to_numpy(dtype=float), index=index)
    price = pd.Series(g.price * J_PER_MWH, index=index)
    if g.peak_price is not None:
        local_hour = (index.hour + utc_offset_h) % 24
        a, b = g.peak_hours
        price[(local_hour >= a) & (local_hour < b)] = g.peak_price * J_PER_MWH
    return price


def it_chain(sc: GroundScenario) -> dict[str, Any]:
    """Accelerators → servers → racks → IT MW (at the accelerators' system power)."""
    acc, f = sc.accelerator, sc.facility
    n_acc = max(1, round(sc.workload.it_power / acc.system_power))
    servers = math.ceil(n_acc / f.accelerators_per_server)
    racks = math.ceil(servers / f.servers_per_rack)
    it_w = n_acc * acc.system_power
    return {
        "accelerators": n_acc,
        "servers": servers,
        "racks": racks,
        "it_mw": it_w / W_PER_MW,
        "rack_kw": it_w / racks / 1e3,
        "accelerator_tdp_mw": n_acc * acc.tdp / W_PER_MW,
    }


def _swings(sc: GroundScenario, it_w: float) -> SwingAnalysis | None:
    s, tr = sc.swings, sc.workload.training
    if not s.enabled or tr is None:
        return None
    t, p = training_power_profile(
        duration_s=s.duration, sample_rate_hz=s.sample_rate, peak_power_w=it_w,
        iteration_period_s=tr.iteration_period, compute_fraction=tr.compute_fraction,
        swing_depth=tr.swing_depth, checkpoint_interval_s=tr.checkpoint_interval,
        checkpoint_duration_s=tr.checkpoint_duration, jitter_s=tr.jitter, seed=tr.seed,
    )  # fmt: skip
    return analyse_swings(t, p, ramp_limit_w_per_s=s.ramp_limit, floor_fraction=s.floor_fraction)


def load_factor(sc: GroundScenario, sw: SwingAnalysis | None) -> float:
    """The hourly plant's load as a fraction of IT power: the training job's long-run mean
    draw (:func:`~wattflop.ground.swings.mean_draw_fraction`, the same the orbital site is
    sized on), raised by the energy a GPU power floor burns, if any."""
    tr = sc.workload.training
    if tr is None:
        return 1.0
    mean = float(
        mean_draw_fraction(
            tr.compute_fraction, tr.swing_depth, tr.checkpoint_interval, tr.checkpoint_duration
        )
    )
    return mean * (1.0 + (sw.floor_energy_fraction if sw is not None else 0.0))


def simulate_ground(sc: GroundScenario) -> SiteResult:
    """Simulate a ground compute site. The solved PyPSA network is in
    ``result.artifacts["network"]`` (export it with :func:`wattflop.ground.network.export_netcdf`).
    """
    weather = weather_for(sc)
    chain = it_chain(sc)
    it_w = chain["it_mw"] * W_PER_MW
    idx = weather.data.index
    pue = pue_series(sc, weather.data["temp_air"])
    sw = _swings(sc, it_w)
    # the hourly plant serves the training job's mean draw (its sub-second swings are the
    # smoothing battery's job); with a power floor that mean includes the energy it burns
    chain["load_factor"] = load_factor(sc, sw)
    site_load = pd.Series(chain["it_mw"] * chain["load_factor"], index=idx) * pue
    pv = None
    if sc.plant.pv.enabled:
        from wattflop.ground.pv import pv_ac_per_kw

        pvc = sc.plant.pv
        pv = pv_ac_per_kw(
            weather, tracking=pvc.tracking.value,
            tilt_deg=pvc.tilt, azimuth_deg=pvc.azimuth, dc_ac_ratio=pvc.dc_ac_ratio,
            losses_percent=pvc.losses * 100.0,
        )  # fmt: skip
    utc_offset = (
        sc.location.utc_offset
        if sc.location.utc_offset is not None
        else round(sc.location.longitude / 15.0)
    )
    price = grid_price_series(sc, idx, utc_offset)
    g = sc.plant.grid
    if g.export_price is not None:
        export = pd.Series(g.export_price * J_PER_MWH, index=idx)
    else:
        export = 0.5 * price
    inputs = net.PlantInputs(site_load, pv, price, export)
    n = net.optimise(sc, inputs)
    d = net.dispatch(n)  # on PyPSA's tz-naive UTC snapshots
    pue = pd.Series(pue.to_numpy(), index=d.index)
    price = pd.Series(price.to_numpy(), index=d.index)
    export = pd.Series(export.to_numpy(), index=d.index)
    residual = net.balance_residual(d)
    return _result(sc, weather, chain, pue, price, export, n, d, residual, sw)


def _result(
    sc: GroundScenario,
    weather: Weather,
    chain: dict[str, Any],
    pue: pd.Series,
    price: pd.Series,
    export: pd.Series,
    n: pypsa.Network,
    d: pd.DataFrame,
    residual: float,
    sm: SwingAnalysis | None,
) -> SiteResult:
    p, r = sc.plant, sc.economics.discount_rate
    f = sc.facility
    lp = net.solver_stats(n)
    gen = n.generators.p_nom_opt if len(n.generators) else pd.Series(dtype=float)
    gas_mw = net.gas_capacity_mw(n)
    pv_mw = float(gen.get("pv", 0.0))
    bat_mw = float(n.links.p_nom_opt.get("battery_charge", 0.0)) if len(n.links) else 0.0
    bat_mwh = float(n.stores.e_nom_opt.get("battery", 0.0)) if len(n.stores) else 0.0
    grid_mw = p.grid.connection_limit / W_PER_MW
    it_w = chain["it_mw"] * W_PER_MW

    # energy [MWh/yr]
    e = {
        k: float(d[k].sum())
        for k in (
            "load",
            "gas",
            "pv",
            "grid_import",
            "grid_export",
            "battery_charge",
            "battery_discharge",
            "unserved",
        )
    }
    served = 1.0 - d["unserved"] / d["load"]
    it_mwh = float((d["load"] * served / pue).sum())
    fuel_mmbtu = e["gas"] * p.gas_turbines.heat_rate * J_PER_MWH / net.J_PER_MMBTU
    co2_t = (
        fuel_mmbtu * net.J_PER_MMBTU * p.gas_turbines.co2_intensity / 1e3
        + e["grid_import"] * p.grid.co2_intensity * J_PER_MWH / 1e3
    )

    # swing smoothing battery (sub-second), costed like the plant battery by the money
    smoothing_w = 0.0 if sm is None else float(sm.battery_power_w)
    smoothing_j = 0.0 if sm is None else float(sm.battery_energy_j)

    q = PlanQuantities(
        accelerators=chain["accelerators"],
        it_w=it_w,
        it_mwh=it_mwh,
        gas_mw=gas_mw,
        pv_mw=pv_mw,
        bat_mw=bat_mw,
        bat_mwh=bat_mwh,
        grid_mw=grid_mw,
        energy_mwh=e,
        fuel_mmbtu=fuel_mmbtu,
        co2_t=co2_t,
        smoothing_power_w=smoothing_w,
        smoothing_energy_j=smoothing_j,
        grid_cost=float((d["grid_import"] * price).sum()),
        export_revenue=float((d["grid_export"] * export).sum()),
        served=float(served.mean()),
    )
    money = ground_money(ground_inputs(sc), q)
    capex, opex = money.capex, money.opex
    capex_in, annual_by_line = money.capex_in, money.annual_by_line
    annual, availability = float(money.annual), float(money.availability)
    acc_hours, flop = float(money.acc_hours), float(money.flop)
    energy_annual = float(money.energy_annual)
    g, pvc = p.gas_turbines, p.pv
    supplied = e["gas"] + e["pv"] + e["grid_import"] + e["unserved"]  # storage is not a source
    mix = {k: e[k] / supplied for k in ("gas", "pv", "grid_import", "unserved")}
    land_ha = (f.land_per_it_power * it_w + pvc.land_per_power * pv_mw * W_PER_MW) / 1e4
    water_m3 = (
        f.water_per_it_energy * it_mwh * J_PER_MWH + g.water_per_energy * e["gas"] * J_PER_MWH
    )

    values: dict[str, Any] = {
        "scenario": {
            "name": sc.name,
            "title": sc.title,
            "site": sc.site,
            "boundary": sc.economics.boundary.value,
            "accelerator": sc.workload.accelerator,
        },
        "location": {
            "latitude_deg": sc.location.latitude,
            "longitude_deg": sc.location.longitude,
            "weather": weather.kind,
            "weather_source": weather.source,
            "weather_name": weather.name,
        },
        "it_chain": chain
        | {
            "pue_mean": float(pue.mean()),
            "pue_max": float(pue.max()),
            "site_peak_mw": float(d["load"].max()),
            "site_mean_mw": float(d["load"].mean()),
        },
        "ground": {
            "capacity_mw": {
                "gas_turbines": gas_mw,
                "gas_turbine_units": math.ceil(gas_mw * W_PER_MW / g.unit_size - 1e-9)
                if gas_mw > 0
                else 0,
                "pv": pv_mw,
                "battery": bat_mw,
                "grid_connection": grid_mw,
            },
            "battery_mwh": bat_mwh,
            "battery_hours": bat_mwh / bat_mw if bat_mw > 0 else 0.0,
            "energy_mwh_per_year": e,
            "energy_mix": mix,
            "fuel_mmbtu_per_year": fuel_mmbtu,
            "co2_t_per_year": co2_t,
            "co2_kg_per_mwh_it": co2_t * 1e3 / it_mwh if it_mwh else 0.0,
            "unserved_mwh": e["unserved"],
            "land_ha": land_ha,
            "water_m3_per_year": water_m3,
            # energy over the simulated weather year ÷ what the turbines could make in it
            "gas_capacity_factor": (
                e["gas"] / (gas_mw * HOURS_PER_WEATHER_YEAR) if gas_mw else 0.0
            ),
            "balance_residual": residual,
            "objective_usd_per_year": net.objective_usd_per_year(n),
            # how HiGHS solved the sizing LP (plant.solver): which algorithm, any fallback,
            # iterations, run time, and the solution's largest infeasibilities
            "solver": lp.as_dict(),
        },
        "energy": {"delivered_to_it_mwh_per_year": it_mwh, "availability": availability},
        "deployment": schedule_values(money.time_to_power),
        "cost": {
            "boundary": sc.economics.boundary.value,
            "capex_usd": capex_in,
            "capex_all_lines_usd": capex,
            "opex_usd_per_year": opex,
            "annual_cost_usd": annual,
            "discount_rate": r,
            "lcoe_usd_per_mwh": lcoe_usd_per_mwh(energy_annual, it_mwh),
            "usd_per_mwh_in_boundary": lcoe_usd_per_mwh(annual, it_mwh),
            "usd_per_accelerator_hour": usd_per_accelerator_hour(annual, acc_hours),
            "usd_per_eflop": usd_per_eflop(annual, flop),
            "usd_per_eflop_by_line": {
                k: usd_per_eflop(float(v), flop) for k, v in annual_by_line.items()
            },
            "annual_cost_by_line_usd": {k: float(v) for k, v in annual_by_line.items()},
            "delivered_eflop_per_year": flop / 1e18,
        },
        "fleet": {"accelerators": chain["accelerators"]},
        "notes": [] if lp.within_tolerance else [_solver_note(lp)],
    }
    if sm is not None:
        values["swings"] = {
            "battery_power_mw": sm.battery_power_w / W_PER_MW,
            "battery_energy_mwh": sm.battery_energy_j / J_PER_MWH,
            "floor_energy_fraction": sm.floor_energy_fraction,
            "band_share_before": sm.band_share_before,
            "band_share_after": sm.band_share_after,
            "peak_ramp_before_mw_per_s": sm.peak_ramp_before_w_per_s / W_PER_MW,
            "peak_ramp_after_mw_per_s": sm.peak_ramp_after_w_per_s / W_PER_MW,
            "ramp_limit_mw_per_s": sc.swings.ramp_limit / W_PER_MW,
        }
    hourly = xr.Dataset(
        {
            k: ("time", d[k].to_numpy(), {"units": "MWh" if k == "battery_energy" else "MW"})
            for k in d.columns
        }
        | {
            "pue": ("time", pue.to_numpy(), {"units": "1"}),
            "temp_air": ("time", weather.data["temp_air"].to_numpy(), {"units": "degC"}),
        },
        coords={"time": d.index.to_numpy()},
    )
    daily = _daily_means(hourly)
    detail = hourly if sm is None else xr.merge([hourly, _swing_views(sm, sc)])
    return SiteResult(
        values=values,
        daily=daily,
        detail=detail,
        sources={"accelerator": {sc.workload.accelerator: _acc_sources(sc)}},
        artifacts={"network": n, "money_inputs": q},
    )


def _solver_note(lp: SolverStats) -> str:
    """A result's note on an LP solution less accurate than the results need (a PDLP or
    interior point chosen with ``plant.solver``; ``auto`` falls back to simplex instead)."""
    return (
        f"the plant LP was solved with plant.solver = {lp.requested} ({lp.used}) to a max "
        f"primal infeasibility of {lp.max_primal_infeasibility:.1e} (results need "
        f"≤ {lp.primal_tolerance:.1e}) and dual {lp.max_dual_infeasibility:.1e} (≤ "
        f"{lp.dual_tolerance:.1e}): capacities and costs may be off in their last digits; "
        "use plant.solver = auto or simplex for full accuracy"
    )


def _daily_means(hourly: xr.Dataset) -> xr.Dataset:
    """Daily means of an hourly dataset that starts at midnight and holds whole days (a
    reshape; xarray's resample takes over a second on 8,760 hours)."""
    n_days = hourly.sizes["time"] // 24
    cut = hourly.isel(time=slice(0, n_days * 24))
    days = cut["time"].values[::24]
    return xr.Dataset(
        {
            k: ("time", cut[k].values.reshape(n_days, 24).mean(axis=1), cut[k].attrs)
            for k in cut.data_vars
        },
        coords={"time": days},
    )


#: Length of the full-resolution swing window kept for figures [s].
SWING_WINDOW_S = 90.0


def _swing_views(sm: SwingAnalysis, sc: GroundScenario) -> xr.Dataset:
    """A window of the sub-second profile at full resolution — around the first checkpoint,
    where the battery is sized, once the smoothing has settled (else the last minute) — and
    the power spectra (Welch, Hann, ~0.01 Hz resolution) of the load and of what turbines and
    grid see [MW, MW²/Hz]."""
    from scipy.signal import welch

    s, tr = sc.swings, sc.workload.training
    sample_rate_hz = s.sample_rate
    span = int(SWING_WINDOW_S * sample_rate_hz)
    if (
        tr is not None
        and tr.checkpoint_interval is not None
        and tr.checkpoint_interval + tr.checkpoint_duration < s.duration
    ):
        mid = tr.checkpoint_interval + 0.5 * tr.checkpoint_duration
        first = max(0, int((mid - 0.5 * SWING_WINDOW_S) * sample_rate_hz))
    else:
        first = max(0, len(sm.t) - span)
    window = slice(first, min(len(sm.t), first + span))
    nper = min(len(sm.t), int(2 ** np.ceil(np.log2(100.0 * sample_rate_hz))))
    f, p_load = welch(sm.load / W_PER_MW, fs=sample_rate_hz, nperseg=nper, detrend="constant")
    _, p_smooth = welch(sm.smoothed / W_PER_MW, fs=sample_rate_hz, nperseg=nper, detrend="constant")
    keep = f > 0
    return xr.Dataset(
        {
            "swing_load_mw": ("swing_time_s", sm.load[window] / W_PER_MW, {"units": "MW"}),
            "swing_smoothed_mw": ("swing_time_s", sm.smoothed[window] / W_PER_MW, {"units": "MW"}),
            "swing_floored_mw": ("swing_time_s", sm.floored[window] / W_PER_MW, {"units": "MW"}),
            "psd_load_mw2_per_hz": ("frequency_hz", p_load[keep], {"units": "MW^2/Hz"}),
            "psd_smoothed_mw2_per_hz": ("frequency_hz", p_smooth[keep], {"units": "MW^2/Hz"}),
        },
        coords={"swing_time_s": sm.t[window], "frequency_hz": f[keep]},
    )


def _acc_sources(sc: GroundScenario) -> dict[str, Any]:
    from wattflop import catalog

    if sc.workload.accelerator in sc.catalog.accelerators:
        return {"*": {"source": "defined in the scenario", "date": ""}}
    return catalog.sources("accelerators", sc.workload.accelerator)
