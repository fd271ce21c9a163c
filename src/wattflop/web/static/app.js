// wattflop page: sliders → HTTP API → numbers and figures. The whole state is in the URL hash.
"use strict";

const DEFAULT_ORBIT = "orbit-1gw-dawn-dusk-650km";
const DEFAULT_GROUND = "ground-1gw-memphis";
const CUSTOM = "__custom__";
const PLOT_CONFIG = { displaylogo: false, responsive: true };

const $ = (id) => document.getElementById(id);
const state = {
  orbit: { name: DEFAULT_ORBIT, text: null, filename: null },
  ground: { name: DEFAULT_GROUND, text: null, filename: null },
  set: {},          // param id → value in the display unit (only values the user changed)
  be: "lp",         // break-even parameter id
  claim: null,      // the claim whose permalink was followed (#claim-<id>), kept in the URL
};
let PARAMS = [];    // from /api/params
let SCENARIOS = []; // from /api/scenarios
const last = { orbit: null, ground: null, compare: null, values: {} };
const seq = { orbit: 0, ground: 0, compare: 0, be: 0, claims: 0 };

// ---------------------------------------------------------------- URL state

function b64encode(text) {
  const bytes = new TextEncoder().encode(text);
  let bin = "";
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
function b64decode(text) {
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
}

function writeHash() {
  const q = new URLSearchParams();
  for (const [side, short] of [["orbit", "o"], ["ground", "g"]]) {
    const s = state[side];
    if (s.text !== null) {
      q.set(short + "t", b64encode(s.text));
      if (s.filename) q.set(short + "f", s.filename);
    } else q.set(short, s.name);
  }
  for (const p of PARAMS) if (p.id in state.set) q.set(p.id, String(state.set[p.id]));
  q.set("be", state.be);
  if (state.claim) q.set("claim", state.claim);
  history.replaceState(null, "", "#" + q.toString());
}

// A claim's permalink, as on the static claims page: "#claim-<id>" and nothing else.
const CLAIM_FRAGMENT = /^#claim-([A-Za-z0-9._-]+)$/;

function readHash() {
  const plain = CLAIM_FRAGMENT.exec(location.hash);
  if (plain) { state.claim = plain[1]; return; } // the rest of the state is kept as it is
  const q = new URLSearchParams(location.hash.slice(1));
  for (const [side, short] of [["orbit", "o"], ["ground", "g"]]) {
    if (q.has(short + "t")) {
      try {
        state[side] = { name: null, text: b64decode(q.get(short + "t")), filename: q.get(short + "f") };
      } catch (e) { /* a damaged link: keep the default */ }
    } else if (q.has(short)) state[side] = { name: q.get(short), text: null, filename: null };
  }
  state.set = {};
  for (const p of PARAMS) {
    if (q.has(p.id)) {
      const v = Number(q.get(p.id));
      if (Number.isFinite(v)) state.set[p.id] = v;
    }
  }
  if (q.has("be") && PARAMS.some((p) => p.id === q.get("be"))) state.be = q.get("be");
  state.claim = q.get("claim") || null;
}

// ---------------------------------------------------------------- API

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = { error: "bad response", message: String(e) }; }
  return { status: r.status, data };
}

// Follow a 202 job until it is done; calls progress(status) while it runs.
async function untilDone(first, progress, isCurrent) {
  let res = first;
  while (res.status === 202) {
    progress(res.data);
    await new Promise((ok) => setTimeout(ok, 500));
    if (!isCurrent()) return null;
    const r = await api("GET", res.data.status_url);
    if (r.status !== 200) return r;
    if (r.data.state === "done") return { status: 200, data: { result: r.data.result, cached: false } };
    if (r.data.state === "failed") return { status: 422, data: r.data.error };
    res = { status: 202, data: r.data };
  }
  return res;
}

function showProgress(id, job) {
  const box = $(id);
  if (!job) { box.hidden = true; return; }
  box.hidden = false;
  const frac = Math.min(0.95, job.elapsed_s / Math.max(job.expected_s, 1));
  box.querySelector("progress").value = frac;
  const what = job.state === "queued" ? "waiting for a free worker" : "computing";
  box.querySelector("span").textContent =
    `${what}: ${job.elapsed_s.toFixed(0)} s (typically ~${job.expected_s.toFixed(0)} s)`;
}

function showErrors(id, err) {
  const box = $(id);
  if (!err) { box.hidden = true; box.textContent = ""; return; }
  box.hidden = false;
  box.textContent = "";
  const head = document.createElement("div");
  head.textContent = `${err.error || "error"}${err.input ? " (" + err.input + ")" : ""}`;
  box.appendChild(head);
  const list = document.createElement("ul");
  const problems = err.problems && err.problems.length ? err.problems : null;
  if (problems) {
    for (const p of problems) {
      const li = document.createElement("li");
      const where = (p.line ? `line ${p.line}: ` : "") + (p.path ? p.path + ": " : "");
      li.textContent = where + p.message + (p.value !== null && p.value !== undefined ? ` (got ${JSON.stringify(p.value)})` : "");
      li.dataset.path = p.path;
      if (p.hint) {
        const h = document.createElement("div");
        h.className = "hint";
        h.textContent = "hint: " + p.hint;
        li.appendChild(h);
      }
      list.appendChild(li);
    }
  } else {
    const li = document.createElement("li");
    li.textContent = err.message || JSON.stringify(err);
    list.appendChild(li);
  }
  box.appendChild(list);
}

// ---------------------------------------------------------------- inputs

function paramsFor(site) {
  return PARAMS.filter((p) => p.site === site || p.site === "both");
}

function scenarioInput(side) {
  const s = state[side];
  const input = s.text !== null ? { text: s.text } : { name: s.name };
  if (s.text !== null && s.filename) input.filename = s.filename;
  const set = {};
  for (const p of paramsFor(side)) if (p.id in state.set) set[p.key] = state.set[p.id];
  if (Object.keys(set).length) input.set = set;
  return input;
}

function fmt(x, digits = 3) {
  if (x === null || x === undefined) return "—";
  if (typeof x === "string") return x;
  if (Math.abs(x) >= 1e4) return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

// ---------------------------------------------------------------- controls

function buildSelects() {
  for (const side of ["orbit", "ground"]) {
    const sel = $(side + "-select");
    sel.textContent = "";
    for (const s of SCENARIOS.filter((x) => x.site === side)) {
      const o = document.createElement("option");
      o.value = s.name;
      o.textContent = s.name;
      o.title = s.description;
      sel.appendChild(o);
    }
    const c = document.createElement("option");
    c.value = CUSTOM;
    c.textContent = "custom (pasted)";
    c.disabled = state[side].text === null;
    sel.appendChild(c);
    sel.value = state[side].text !== null ? CUSTOM : state[side].name;
    sel.onchange = () => {
      if (sel.value === CUSTOM) return;
      state[side] = { name: sel.value, text: null, filename: null };
      changed();
    };
  }
}

function buildParams() {
  const box = $("params");
  box.textContent = "";
  for (const p of PARAMS) {
    const div = document.createElement("div");
    div.className = "param";
    div.id = "param-" + p.id;
    const unit = p.unit ? ` [${p.unit}]` : "";
    div.innerHTML =
      `<div class="head"><label for="range-${p.id}">${p.label}${unit}</label>` +
      `<span class="site">${p.site}</span></div>` +
      `<div class="inputs"><input type="range" id="range-${p.id}" min="${p.lo}" max="${p.hi}" step="${p.step}">` +
      `<input type="number" id="num-${p.id}" min="${p.lo}" max="${p.hi}" step="${p.step}" aria-label="${p.label}"></div>` +
      `<div class="implied" id="implied-${p.id}"></div>`;
    box.appendChild(div);
    const range = div.querySelector("input[type=range]");
    const num = div.querySelector("input[type=number]");
    const set = (v) => {
      const x = Number(v);
      if (!Number.isFinite(x)) return;
      state.set[p.id] = x;
      range.value = x;
      num.value = x;
      div.classList.add("changed");
      changed();
    };
    range.addEventListener("input", () => set(range.value));
    num.addEventListener("change", () => set(num.value));
  }
  const sel = $("be-select");
  sel.textContent = "";
  for (const p of PARAMS) {
    const o = document.createElement("option");
    o.value = p.id;
    o.textContent = `${p.label} (${p.site})`;
    sel.appendChild(o);
  }
  sel.value = state.be;
  sel.onchange = () => { state.be = sel.value; writeHash(); runBreakeven(); };
}

// Slider positions: the user's value, else the scenario's (or the implied one).
function syncParams(site, values) {
  for (const v of values || []) {
    const p = PARAMS.find((q) => q.id === v.id);
    if (!p) continue;
    p.key = v.key; // the scenario's accelerator name filled in
    last.values[p.id] = v;
  }
  for (const p of paramsFor(site)) {
    const v = last.values[p.id];
    const range = $("range-" + p.id), num = $("num-" + p.id), note = $("implied-" + p.id);
    const div = $("param-" + p.id);
    div.classList.toggle("changed", p.id in state.set);
    let x = state.set[p.id];
    note.textContent = "";
    if (x === undefined && v) {
      x = v.value !== null ? v.value : v.implied;
      if (v.value === null && v.implied !== null) note.textContent = `from the catalogue: ${fmt(v.implied)} ${p.unit}`;
    }
    if (x !== undefined && x !== null) {
      range.value = x;
      num.value = Number(Number(x).toPrecision(6));
    }
  }
}

// ---------------------------------------------------------------- refresh

let timer = null;
function changed() {
  writeHash();
  clearTimeout(timer);
  timer = setTimeout(refresh, 150);
}

function refresh() {
  buildSelects();
  runOrbit();
  runGround();
  clearTimeout(refresh.beTimer);
  refresh.beTimer = setTimeout(runBreakeven, 700);
}

async function runOrbit() {
  const my = ++seq.orbit;
  $("orbit-cost").parentElement.classList.add("stale");
  const r = await api("POST", "/api/simulate", { scenario: scenarioInput("orbit") });
  if (my !== seq.orbit) return;
  $("orbit-cost").parentElement.classList.remove("stale");
  if (r.status !== 200) {
    showErrors("orbit-errors", r.data);
    return;
  }
  showErrors("orbit-errors", null);
  last.orbit = r.data;
  if (r.data.site !== "orbit") {
    showErrors("orbit-errors", { error: "not an orbital scenario", message: `site: ${r.data.site}` });
    return;
  }
  syncParams("orbit", r.data.params);
  renderOrbit(r.data);
  runCompare();
}

async function runGround() {
  const my = ++seq.ground;
  $("ground-cost").parentElement.classList.add("stale");
  const first = await api("POST", "/api/simulate", { scenario: scenarioInput("ground") });
  const r = await untilDone(first, (job) => showProgress("ground-progress", job), () => my === seq.ground);
  if (r === null || my !== seq.ground) return;
  showProgress("ground-progress", null);
  let data = r.data;
  if (r.status === 200 && !data.series) {
    // a job finished: ask again, the answer now comes from the cache with its parameters
    const again = await api("POST", "/api/simulate", { scenario: scenarioInput("ground") });
    if (my !== seq.ground) return;
    if (again.status !== 200) { showErrors("ground-errors", again.data); return; }
    data = again.data;
  } else if (r.status !== 200) {
    showErrors("ground-errors", r.data);
    $("ground-cost").parentElement.classList.remove("stale");
    return;
  }
  $("ground-cost").parentElement.classList.remove("stale");
  showErrors("ground-errors", null);
  last.ground = data;
  syncParams("ground", data.params);
  renderGround(data);
  runCompare();
}

async function runCompare() {
  if (!last.orbit || !last.ground) return;
  const my = ++seq.compare;
  const first = await api("POST", "/api/compare", {
    scenarios: [scenarioInput("orbit"), scenarioInput("ground")],
  });
  const r = await untilDone(first, () => {}, () => my === seq.compare);
  if (r === null || my !== seq.compare) return;
  if (r.status !== 200) { $("ratio-sub").textContent = r.data.message || ""; return; }
  last.compare = r.data.result;
  renderCompare(r.data.result);
}

// ---------------------------------------------------------------- rendering

function renderOrbit(d) {
  const v = d.result;
  $("orbit-name").textContent = v.scenario.name;
  $("orbit-cost").textContent = fmt(v.cost.usd_per_eflop);
  $("orbit-sub").innerHTML =
    `${fmt(v.cost.usd_per_accelerator_hour)} USD per accelerator-hour · LCOE ${fmt(v.cost.lcoe_usd_per_mwh)} USD/MWh<br>` +
    `${fmt(v.fleet.satellites)} satellites of ${fmt(v.mass.satellite_kg / 1000)} t · ${fmt(v.fleet.launches)} launches at ${fmt(v.cost.launch_price_usd_per_kg)} USD/kg<br>` +
    `longest eclipse ${fmt(v.eclipse.max_duration_s / 60)} min · radiator ${fmt(v.thermal.radiator_area_m2)} m² at ${fmt(v.thermal.radiator_temperature_c)} °C`;
  const daily = d.series.daily;
  if (daily) {
    Plotly.react("chart-eclipse", [
      { x: daily.time, y: daily.eclipse_max_s.map((s) => (s === null ? null : s / 60)), name: "longest eclipse [min]", line: { color: "#2b6cb0" } },
      { x: daily.time, y: daily.beta_deg, name: "β angle [deg]", yaxis: "y2", line: { color: "#a0aec0" } },
    ], {
      margin: { t: 10, r: 50, l: 50, b: 40 }, legend: { orientation: "h" },
      yaxis: { title: { text: "min" }, rangemode: "tozero" },
      yaxis2: { title: { text: "deg" }, overlaying: "y", side: "right", tickmode: "auto", showgrid: false },
    }, PLOT_CONFIG);
  }
  const det = d.series.detail;
  if (det) {
    Plotly.react("chart-power", [
      { x: det.time, y: det.sunlight_on_array_w.map((w) => w / 1e3), name: "sunlight on array [kW]", line: { color: "#d69e2e" } },
      { x: det.time, y: det.it_power_w.map((w) => w / 1e3), name: "IT power [kW]", line: { color: "#2b6cb0" } },
      { x: det.time, y: det.battery_energy_j.map((j) => j / 3.6e6), name: "battery [kWh]", yaxis: "y2", line: { color: "#2f855a", dash: "dot" } },
    ], {
      margin: { t: 10, r: 50, l: 50, b: 40 }, legend: { orientation: "h" },
      yaxis: { title: { text: "kW per satellite" }, rangemode: "tozero" },
      yaxis2: { title: { text: "kWh" }, overlaying: "y", side: "right", rangemode: "tozero", tickmode: "auto", showgrid: false },
    }, PLOT_CONFIG);
  }
  renderBreakdown();
}

function renderGround(d) {
  const v = d.result;
  $("ground-name").textContent = v.scenario.name;
  $("ground-cost").textContent = fmt(v.cost.usd_per_eflop);
  const cap = v.ground.capacity_mw;
  $("ground-sub").innerHTML =
    `${fmt(v.cost.usd_per_accelerator_hour)} USD per accelerator-hour · LCOE ${fmt(v.cost.lcoe_usd_per_mwh)} USD/MWh<br>` +
    `gas ${fmt(cap.gas_turbines)} MW · battery ${fmt(cap.battery)} MW · PV ${fmt(cap.pv)} MW · grid ${fmt(cap.grid_connection)} MW<br>` +
    `${fmt(v.ground.co2_t_per_year / 1e6)} Mt CO₂ per year`;
  const daily = d.series.daily;
  if (daily) {
    const traces = [];
    const colors = { gas: "#b7791f", grid_import: "#718096", pv: "#ecc94b", battery_discharge: "#2f855a" };
    for (const k of ["gas", "grid_import", "pv", "battery_discharge"]) {
      if (daily[k]) traces.push({ x: daily.time, y: daily[k], name: k.replace("_", " "), stackgroup: "s", line: { width: 0.5, color: colors[k] } });
    }
    if (daily.load) traces.push({ x: daily.time, y: daily.load, name: "load", line: { color: "#1d2330" } });
    Plotly.react("chart-dispatch", traces, {
      margin: { t: 10, r: 20, l: 50, b: 40 }, legend: { orientation: "h" },
      yaxis: { title: { text: "MW" } },
    }, PLOT_CONFIG);
  }
  renderBreakdown();
}

// 24 distinct colours (Plotly's Dark24): a cost line keeps one colour on both sites
const LINE_COLOURS = [
  "#2E91E5", "#E15F99", "#1CA71C", "#FB0D0D", "#DA16FF", "#222A2A", "#B68100", "#750D86",
  "#EB663B", "#511CFB", "#00A08B", "#FB00D1", "#FC0080", "#B2828D", "#6C7C32", "#778AAE",
  "#862A16", "#A777F1", "#620042", "#1616A7", "#DA60CA", "#6C4516", "#0D2A63", "#AF0038",
];

function renderBreakdown() {
  const sites = [];
  if (last.compare) {
    for (const [name, s] of Object.entries(last.compare.sites)) sites.push([name, s.usd_per_eflop_by_line]);
  } else {
    if (last.orbit) sites.push([last.orbit.name, last.orbit.result.cost.usd_per_eflop_by_line]);
    if (last.ground) sites.push([last.ground.name, last.ground.result.cost.usd_per_eflop_by_line]);
  }
  const lines = [];
  for (const [, by] of sites) for (const k of Object.keys(by)) if (!lines.includes(k)) lines.push(k);
  const traces = lines.map((line) => ({
    type: "bar", orientation: "h", name: line.replace(/_/g, " "),
    y: sites.map(([n]) => n), x: sites.map(([, by]) => by[line] || 0),
    hovertemplate: "%{y}<br>" + line + ": %{x:.3f} USD/EFLOP<extra></extra>",
  }));
  Plotly.react("chart-breakdown", traces, {
    barmode: "stack", margin: { t: 10, r: 20, l: 200, b: 40 },
    legend: { orientation: "h", y: -0.5, yanchor: "top" },
    colorway: LINE_COLOURS,
    xaxis: { title: { text: "USD per delivered EFLOP" } },
  }, PLOT_CONFIG);
}

function renderCompare(c) {
  const names = Object.keys(c.sites);
  const ratio = c.sites[names[0]].usd_per_eflop / c.sites[names[1]].usd_per_eflop;
  $("ratio").textContent = fmt(ratio) + "×";
  const cheaper = ratio < 1 ? "orbit is cheaper" : "ground is cheaper";
  $("ratio-sub").innerHTML = `${cheaper} per delivered EFLOP (boundary: ${c.boundary})` +
    (c.workload_notes.length ? "<br>" + c.workload_notes.join("<br>") : "");
  renderBreakdown();
}

// ---------------------------------------------------------------- break-even

async function runBreakeven() {
  const p = PARAMS.find((q) => q.id === state.be);
  if (!p) return;
  const my = ++seq.be;
  const side = p.site === "ground" ? "ground" : (p.site === "both" ? "both" : "orbit");
  const body = {
    orbit: scenarioInput("orbit"), ground: scenarioInput("ground"),
    key: p.key, lo: p.lo, hi: p.hi, side, points: 9,
  };
  // the break-even varies the key over its range: the edit of that key is left out
  for (const s of ["orbit", "ground"]) if (body[s].set) delete body[s].set[p.key];
  $("be-message").textContent = "";
  const first = await api("POST", "/api/breakeven", body);
  const r = await untilDone(first, (job) => showProgress("be-progress", job), () => my === seq.be);
  if (r === null || my !== seq.be) return;
  showProgress("be-progress", null);
  if (r.status !== 200) { $("be-message").textContent = r.data.message || "break-even failed"; return; }
  const b = r.data.result;
  $("be-message").textContent = b.message;
  const unit = b.unit ? ` [${b.unit}]` : "";
  const traces = [
    { x: b.curve.x, y: b.curve.orbit, name: "orbit", line: { color: "#2b6cb0" } },
    { x: b.curve.x, y: b.curve.ground, name: "ground", line: { color: "#b7791f" } },
  ];
  const shapes = [];
  if (b.root !== null) {
    shapes.push({ type: "line", x0: b.root, x1: b.root, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#c53030" } });
  }
  const now = state.set[p.id] !== undefined ? state.set[p.id] : (last.values[p.id] || {}).value;
  if (now !== undefined && now !== null) {
    shapes.push({ type: "line", x0: now, x1: now, yref: "paper", y0: 0, y1: 1, line: { color: "#a0aec0" } });
  }
  Plotly.react("chart-breakeven", traces, {
    margin: { t: 10, r: 20, l: 60, b: 50 }, legend: { orientation: "h" }, shapes,
    xaxis: { title: { text: p.label + unit } }, yaxis: { title: { text: "USD per delivered EFLOP" }, rangemode: "tozero" },
  }, PLOT_CONFIG);
}

// ---------------------------------------------------------------- claims

async function runClaims(withParams) {
  const my = ++seq.claims;
  let first;
  const overrides = {};
  if (withParams) {
    for (const side of ["orbit", "ground"]) {
      const s = state[side];
      const input = scenarioInput(side);
      if (s.text === null && input.set) overrides[s.name] = input.set;
    }
  }
  if (Object.keys(overrides).length) {
    $("claims-note").textContent = "with the parameters set on this page: " +
      Object.entries(overrides).map(([n, kv]) => n + " (" + Object.entries(kv).map(([k, x]) => `${k} = ${x}`).join(", ") + ")").join("; ");
    first = await api("POST", "/api/claims", { overrides });
  } else {
    $("claims-note").textContent = "on the bundled scenarios as written";
    first = await api("GET", "/api/claims");
  }
  const r = await untilDone(first, (job) => showProgress("claims-progress", job), () => my === seq.claims);
  if (r === null || my !== seq.claims) return;
  showProgress("claims-progress", null);
  const body = $("claims").querySelector("tbody");
  body.textContent = "";
  if (r.status !== 200) { $("claims-note").textContent = r.data.message || "claims failed"; return; }
  for (const c of r.data.result) body.appendChild(claimRow(c));
  focusClaim();
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// A claim's number for people: a calendar year as "year 2111", else the number and its unit.
function claimValue(x, unit) {
  if (x === null || x === undefined) return "—";
  if (unit === "yr" && x > 1000) return `year ${Math.round(x)}`;
  return `${fmt(x)} ${unit}`.trim();
}

function claimBand(band, unit) {
  if (!band) return "—";
  const [lo, hi] = band;
  if (unit === "yr" && lo > 1000) return `years ${Math.round(lo)}–${Math.round(hi)}`;
  return `${fmt(lo)}–${fmt(hi)} ${unit}`.trim();
}

// The condition under which the claim would hold (wattflop.report.claims.holds_if_text).
function holdsIfText(h, unit) {
  if (!h) return "—";
  let text = h.text;
  const keys = Object.entries(h.keys || {});
  if (keys.length) text += " (" + keys.map(([k, v]) => `${k} = ${v}`).join(", ") + ")";
  if (h.value !== null && h.value !== undefined) {
    text += "; re-computed: " + claimValue(h.value, unit);
    if (h.target !== null && h.target !== undefined) text += " for " + claimValue(h.target, unit);
  }
  if (h.reachable === false) text += " — not reachable within the keys' physical bounds";
  return text;
}

function claimRow(c) {
  const kind = c.kind.replace(/ /g, "-");
  const tr = el("tr", "claim k-" + kind);
  tr.id = "claim-" + c.id;
  tr.dataset.id = c.id;
  const v = el("td");
  v.appendChild(el("span", "badge v-" + kind, c.verdict));
  tr.appendChild(v);
  const td = el("td", "claim-text");
  const head = el("div", "statement", c.statement || c.text);
  const link = el("a", "perma", "#" + c.id);
  link.href = "#claim-" + c.id;
  link.title = "permalink to this claim (keeps the parameters set on this page)";
  link.onclick = (e) => { e.preventDefault(); state.claim = c.id; writeHash(); focusClaim(); };
  head.append(" ", link);
  td.appendChild(head);
  const src = el("div", "src", "Source: ");
  if (c.url && /^https?:\/\//.test(c.url)) {
    const a = el("a", null, c.source || c.url);
    a.href = c.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    src.appendChild(a);
  } else src.append((c.source || "—") + " (no link)");
  td.appendChild(src);
  const why = el("div", "reason");
  why.append(el("b", null, "Why: "), c.reason || "—");
  td.appendChild(why);
  const holds = el("div", "holds");
  holds.append(el("b", null, "Holds if: "), holdsIfText(c.holds_if, c.unit));
  td.appendChild(holds);
  tr.appendChild(td);
  tr.appendChild(el("td", "num claimed", claimValue(c.claimed, c.claimed_unit)));
  const num = el("td", "num computed", claimValue(c.value, c.unit));
  if (c.value !== null || c.band) num.appendChild(el("div", "band", "p5–p95 " + claimBand(c.band, c.unit)));
  tr.appendChild(num);
  return tr;
}

// Scroll to and mark the claim named in the URL, once its row exists.
function focusClaim() {
  for (const old of document.querySelectorAll("#claims tr.target")) old.classList.remove("target");
  if (!state.claim) return;
  const row = $("claim-" + state.claim);
  if (!row) return;
  row.classList.add("target");
  row.scrollIntoView({ block: "center" });
}

// ---------------------------------------------------------------- paste, upload, download

async function useScenario() {
  const text = $("scenario-text").value;
  const filename = $("scenario-file").files[0] ? $("scenario-file").files[0].name : null;
  const r = await api("POST", "/api/validate", { scenario: filename ? { text, filename } : { text } });
  if (r.status !== 200) { showErrors("scenario-errors", r.data); return; }
  showErrors("scenario-errors", null);
  const side = r.data.site;
  state[side] = { name: null, text, filename };
  for (const p of paramsFor(side)) if (p.site === side) delete state.set[p.id];
  changed();
}

function download(name, text, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

async function downloadScenario(side) {
  const r = await api("POST", "/api/validate", { scenario: scenarioInput(side) });
  if (r.status !== 200) { showErrors(side + "-errors", r.data); return; }
  download(`${r.data.name}.yaml`, r.data.yaml, "text/yaml");
}

function downloadResult(side) {
  const d = last[side];
  if (!d) return;
  download(`${d.name}-result.json`, JSON.stringify(d.result, null, 2), "application/json");
}

// ---------------------------------------------------------------- start

async function start() {
  const [s, p] = await Promise.all([api("GET", "/api/scenarios"), api("GET", "/api/params")]);
  SCENARIOS = s.data;
  PARAMS = p.data;
  readHash();
  buildParams();
  buildSelects();
  $("scenario-file").addEventListener("change", async (e) => {
    const f = e.target.files[0];
    if (f) $("scenario-text").value = await f.text();
  });
  $("scenario-use").onclick = useScenario;
  $("reset").onclick = () => {
    state.set = {};
    state.orbit = { name: DEFAULT_ORBIT, text: null, filename: null };
    state.ground = { name: DEFAULT_GROUND, text: null, filename: null };
    changed();
  };
  $("copy-link").onclick = async () => {
    writeHash();
    try { await navigator.clipboard.writeText(location.href); } catch (e) { /* no clipboard */ }
    $("copy-link").textContent = "Link copied";
    setTimeout(() => { $("copy-link").textContent = "Copy link"; }, 1500);
  };
  $("dl-orbit-yaml").onclick = () => downloadScenario("orbit");
  $("dl-ground-yaml").onclick = () => downloadScenario("ground");
  $("dl-orbit-json").onclick = () => downloadResult("orbit");
  $("dl-ground-json").onclick = () => downloadResult("ground");
  $("claims-apply").onclick = () => runClaims(true);
  window.addEventListener("hashchange", () => {
    if (CLAIM_FRAGMENT.test(location.hash)) { readHash(); writeHash(); focusClaim(); return; }
    readHash(); buildParams(); refresh(); focusClaim();
  });
  writeHash();
  refresh();
  runClaims(false);
}

start();
