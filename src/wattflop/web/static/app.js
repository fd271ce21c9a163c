// wattflop page: inputs → HTTP API → the answer in words and dollars, then the details.
// The whole valid state is in the URL hash; plotly loads after the numbers are on screen.
"use strict";

const DEFAULT_ORBIT = "orbit-1gw-dawn-dusk-650km";
const DEFAULT_GROUND = "ground-1gw-memphis";
const CUSTOM = "__custom__";
const POLL_MS = 250;            // job polling
const GROUND_MIN_GAP_MS = 300;  // at most one new ground job per this, while dragging
const PLOT_CONFIG = {
  displaylogo: false, responsive: true, showSendToCloud: false, showEditInChartStudio: false,
  showLink: false, modeBarButtonsToRemove: ["sendDataToCloud", "lasso2d", "select2d"],
};
const SIDES = ["orbit", "ground"];

const $ = (id) => document.getElementById(id);
const state = {
  orbit: { name: DEFAULT_ORBIT, text: null, filename: null },
  ground: { name: DEFAULT_GROUND, text: null, filename: null },
  set: {},           // param id → value in the display unit (valid values the user chose)
  be: "lp",          // break-even parameter id
  claim: null,       // the claim whose permalink was followed (#claim-<id>)
  claimsWith: false, // claims evaluated with the page's parameters
};
let PARAMS = [];     // from /api/params
let SCENARIOS = [];  // from /api/scenarios
const last = { orbit: null, ground: null, compare: null, values: {} };
const limits = {};   // param id → {lo, hi, reason}: the scenario's range (catalogue limits)
const invalid = {};  // param id → message, while the number box holds an invalid value
const seq = { orbit: 0, ground: 0, compare: 0, be: 0, claims: 0, mc: 0, levers: 0, assumptions: 0 };
// products whose shown value is older than the inputs (stale), and the sides whose inputs
// are in error (every product that depends on them is flagged, not shown as current)
const pending = { orbit: true, ground: true, compare: true, be: true, mc: true, levers: true, assumptions: true, claims: true };
const broken = { orbit: false, ground: false };
const PRODUCT_SIDES = {
  orbit: ["orbit"], ground: ["ground"], compare: SIDES, both: SIDES, be: SIDES, mc: SIDES,
  levers: SIDES, assumptions: SIDES, claims: SIDES,
};
const waiters = { orbit: [], ground: [] };
const gen = { orbit: 0, ground: 0 }; // input changes per site: a result is current when its run saw the last one

// ---------------------------------------------------------------- plotly, loaded late

// The charts' library (about a megabyte) is fetched once the answer is on screen, or after a
// few seconds when the answer is slow (a cold ground solve): it never delays the numbers.
let answered;
const answerShown = new Promise((ok) => { answered = ok; });
setTimeout(() => answered(), 4000);

let plotlyPromise = null;
function plotly() {
  if (!plotlyPromise) {
    plotlyPromise = new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = "/vendor/plotly.min.js";
      s.async = true;
      s.onload = () => ok(window.Plotly);
      s.onerror = () => { plotlyPromise = null; fail(new Error("plotly did not load")); };
      document.head.appendChild(s);
    });
  }
  return plotlyPromise;
}

async function plot(id, traces, layout) {
  let P;
  await answerShown;
  try { P = await plotly(); } catch (e) { $(id).textContent = "The chart library did not load; the numbers above are complete."; return; }
  const base = { margin: { t: 30, r: 20, l: 60, b: 50 }, font: { size: 12 }, legend: { orientation: "h", x: 0, y: 1.01, yanchor: "bottom" } };
  P.react(id, traces, Object.assign(base, layout), PLOT_CONFIG);
}

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
  // only valid values: an input in error never enters the URL
  for (const p of PARAMS) if (p.id in state.set && !(p.id in invalid)) q.set(p.id, String(state.set[p.id]));
  q.set("be", state.be);
  if (state.claimsWith) q.set("cw", "1");
  if (state.claim) q.set("claim", state.claim);
  history.replaceState(null, "", "#" + q.toString());
}

// A claim's permalink, as on the static claims page: "#claim-<id>" and nothing else.
const CLAIM_FRAGMENT = /^#claim-([A-Za-z0-9._-]+)$/;

function inRange(p, x) {
  const lim = limits[p.id] || p;
  return Number.isFinite(x) && x >= lim.lo && x <= lim.hi;
}

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
      if (inRange(p, v)) state.set[p.id] = v; // a hand-edited link cannot smuggle in a bad value
    }
  }
  if (q.has("be") && PARAMS.some((p) => p.id === q.get("be"))) state.be = q.get("be");
  state.claimsWith = q.get("cw") === "1";
  state.claim = q.get("claim") || null;
}

// ---------------------------------------------------------------- API

function offline(down) {
  $("offline").hidden = !down;
}

async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (body !== undefined) {
    opts.headers["Content-Type"] = "application/json";
    opts.body = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(path, opts);
  } catch (e) {
    console.warn("fetch failed", method, path, String(e));
    offline(true);
    return { status: 0, data: { error: "network", message: "the wattflop server cannot be reached" } };
  }
  offline(false);
  let data = null;
  try { data = await r.json(); } catch (e) { data = { error: "bad response", message: `HTTP ${r.status}` }; }
  return { status: r.status, data, request: [method, path, body] };
}

function cancelJob(job) {
  if (job && job.id) api("DELETE", `/api/jobs/${encodeURIComponent(job.id)}`);
}

// Follow a 202 job until it is done; progress(status) while it runs. When isCurrent() turns
// false the job is cancelled on the server (superseded) and null is returned. A job that
// another page cancelled (jobs are shared by content) is asked for again.
async function untilDone(first, progress, isCurrent) {
  let res = first;
  let retries = 3;
  while (res.status === 202) {
    progress(res.data);
    const job = res.data;
    await new Promise((ok) => setTimeout(ok, POLL_MS));
    if (!isCurrent()) { cancelJob(job); return null; }
    const r = await api("GET", job.status_url);
    if (!isCurrent()) { cancelJob(job); return null; }
    if (r.status !== 200) return r;
    if (r.data.state === "done") return { status: 200, data: { result: r.data.result, cached: false } };
    if (r.data.state === "failed") return { status: 422, data: r.data.error };
    if (r.data.state === "cancelled") {
      if (retries-- <= 0 || !first.request) return { status: 503, data: { error: "cancelled", message: "the computation was cancelled; try again" } };
      res = await api(...first.request);
      continue;
    }
    res = { status: 202, data: r.data };
  }
  return res;
}

function showProgress(id, job) {
  const box = $(id);
  if (!job) { box.hidden = true; return; }
  box.hidden = false;
  const queued = job.state === "queued";
  const waited = queued ? (job.queued_s ?? job.elapsed_s) : (job.running_s ?? job.elapsed_s);
  const frac = queued ? 0 : Math.min(0.95, waited / Math.max(job.expected_s, 1));
  box.querySelector("progress").value = frac;
  let text;
  if (queued) {
    const pos = job.queue_position ? ` (${ordinal(job.queue_position)} in line)` : "";
    text = `waiting for a free worker${pos}: ${waited.toFixed(0)} s`;
  } else text = `computing: ${waited.toFixed(0)} s (typically ~${job.expected_s.toFixed(0)} s)`;
  box.querySelector("span").textContent = text;
}

function ordinal(n) {
  return n === 1 ? "1st" : n === 2 ? "2nd" : n === 3 ? "3rd" : `${n}th`;
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

// ---------------------------------------------------------------- stale marking

function markPending(sides) {
  for (const s of sides) pending[s] = true;
  for (const k of ["compare", "be", "mc", "levers", "assumptions"]) pending[k] = true;
  if (state.claimsWith) pending.claims = true;
  updateStale();
}

function settle(product) {
  pending[product] = false;
  updateStale();
}

// Every element with data-depends="<product>" shows whether its value is current.
function updateStale() {
  for (const el of document.querySelectorAll("[data-depends]")) {
    const products = el.dataset.depends.split(" ");
    let mark = null;
    for (const p of products) {
      const sides = p === "claims" && !state.claimsWith ? [] : (PRODUCT_SIDES[p] || [p]);
      if (sides.some((s) => broken[s])) mark = "error";
      else if (mark === null && (pending[p] || (p === "both" && (pending.orbit || pending.ground || pending.compare)))) mark = "true";
    }
    if (mark) el.dataset.stale = mark; else delete el.dataset.stale;
    el.setAttribute("aria-busy", mark === "true" ? "true" : "false");
  }
  const status = $("status");
  const bad = Object.keys(invalid);
  if (bad.length || broken.orbit || broken.ground) {
    status.className = "status error";
    status.textContent = bad.length
      ? `Out of date: ${bad.map((id) => PARAMS.find((p) => p.id === id).label).join(", ")} ${bad.length > 1 ? "are" : "is"} not valid. The numbers shown are for the last valid inputs.`
      : "Out of date: a scenario is in error (see below). The numbers shown are for the last valid inputs.";
  } else if (pending.orbit || pending.ground || pending.compare) {
    status.className = "status";
    status.textContent = "Updating…";
  } else {
    status.className = "status";
    status.textContent = "";
  }
}

function resolveWaiters(side, ok) {
  for (const w of waiters[side].splice(0)) w(ok);
}

// ---------------------------------------------------------------- inputs

function paramsFor(site) {
  return PARAMS.filter((p) => p.site === site || p.site === "both");
}
function sidesOf(p) {
  return p.site === "both" ? SIDES : [p.site];
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
  if (x === null || x === undefined || Number.isNaN(x)) return "—";
  if (typeof x === "string") return x;
  if (Math.abs(x) >= 1e4) return x.toLocaleString("en-US", { maximumFractionDigits: 0 });
  return Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumSignificantDigits: digits });
}

// Dollars for people: 31.5 B USD, 120 M USD, 6.37 USD.
function usd(x) {
  if (x === null || x === undefined) return "—";
  const a = Math.abs(x);
  if (a >= 1e12) return `${fmt(x / 1e12)} T USD`;
  if (a >= 1e9) return `${fmt(x / 1e9)} B USD`;
  if (a >= 1e6) return `${fmt(x / 1e6)} M USD`;
  return `${fmt(x)} USD`;
}

function pct(x) {
  if (x === null || x === undefined) return "–";
  return `${(100 * x).toFixed(x < 0.01 ? 1 : 0)} %`;
}

function title(side) {
  const d = last[side];
  if (d && d.summary && d.summary.title) return d.summary.title;
  if (d && d.result && d.result.scenario && d.result.scenario.title) return d.result.scenario.title;
  const s = SCENARIOS.find((x) => x.name === state[side].name);
  if (s && s.title) return s.title;
  return d ? d.name : (state[side].name || "custom scenario");
}

// ---------------------------------------------------------------- controls

function buildSelects() {
  for (const side of SIDES) {
    const sel = $(side + "-select");
    sel.textContent = "";
    for (const s of SCENARIOS.filter((x) => x.site === side)) {
      const o = document.createElement("option");
      o.value = s.name;
      o.textContent = s.title || s.name;
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
      for (const p of paramsFor(side)) if (p.site === side) { delete state.set[p.id]; delete invalid[p.id]; }
      changed([side]);
    };
  }
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

// A slider on a log scale (launch price: 10 to 4,000 USD/kg) moves in log10 of the value; the
// number box always holds the value itself.
const LOG_STEPS = 200;
function toRange(p, x) { return p.scale === "log" ? Math.log10(x) : x; }
function fromRange(p, v) {
  if (p.scale !== "log") return v;
  const x = 10 ** v;
  const digits = 10 ** (Math.floor(Math.log10(x)) - 1); // two significant digits
  return Math.round(x / digits) * digits;
}
function setRangeLimits(p, range, lim) {
  range.min = toRange(p, lim.lo);
  range.max = toRange(p, lim.hi);
  range.step = p.scale === "log" ? (toRange(p, lim.hi) - toRange(p, lim.lo)) / LOG_STEPS : p.step;
}

function buildParams() {
  const box = $("params");
  box.textContent = "";
  for (const p of PARAMS) {
    const div = el("div", "param");
    div.id = "param-" + p.id;
    const unit = p.unit ? ` [${p.unit}]` : "";
    const head = el("div", "head");
    const label = el("label", null, p.label + unit);
    label.htmlFor = "range-" + p.id;
    head.append(label, el("span", "site", p.site === "both" ? "both sites" : p.site));
    div.appendChild(head);
    if (p.description) {
      const what = el("p", "what", p.description);
      what.id = "what-" + p.id;
      div.appendChild(what);
    }
    const inputs = el("div", "inputs");
    const range = el("input");
    range.type = "range";
    range.id = "range-" + p.id;
    const num = el("input");
    num.type = "number";
    num.id = "num-" + p.id;
    num.setAttribute("aria-label", `${p.label}${unit}, exact value`);
    num.min = p.lo; num.max = p.hi; num.step = p.step;
    setRangeLimits(p, range, p);
    for (const x of [range, num]) if (p.description) x.setAttribute("aria-describedby", "what-" + p.id);
    inputs.append(range, num);
    div.appendChild(inputs);
    if (p.presets && p.presets.length) {
      const list = el("datalist");
      list.id = "ticks-" + p.id;
      const presets = el("div", "presets");
      for (const pr of p.presets) {
        const o = el("option");
        o.value = toRange(p, pr.value);
        o.label = pr.label;
        list.appendChild(o);
        const b = el("button", null, `${pr.label}: ${fmt(pr.value)}`);
        b.type = "button";
        b.title = pr.source ? `source: ${pr.source}` : "";
        b.onclick = () => setValue(p, pr.value);
        presets.appendChild(b);
      }
      range.setAttribute("list", list.id);
      div.append(list, presets);
    }
    const note = el("div", "implied");
    note.id = "implied-" + p.id;
    const problem = el("div", "problem");
    problem.id = "problem-" + p.id;
    problem.setAttribute("role", "alert");
    div.append(note, problem);
    box.appendChild(div);
    range.addEventListener("input", () => setValue(p, fromRange(p, Number(range.value))));
    num.addEventListener("change", () => typed(p, num));
  }
  const sel = $("be-select");
  sel.textContent = "";
  for (const p of PARAMS) {
    const o = el("option", null, `${p.label} (${p.site === "both" ? "both sites" : p.site})`);
    o.value = p.id;
    sel.appendChild(o);
  }
  sel.value = state.be;
  sel.onchange = () => { state.be = sel.value; writeHash(); pending.be = true; updateStale(); runBreakeven(); };
}

// The value a parameter shows when the user has not set it: the scenario's (or implied) one.
function currentValue(p) {
  if (p.id in state.set) return state.set[p.id];
  const v = last.values[p.id];
  if (!v) return null;
  return v.value !== null ? v.value : v.implied;
}

function setValue(p, x) {
  if (!inRange(p, x)) return;
  delete invalid[p.id];
  state.set[p.id] = x;
  showRange(p, x);
  $("num-" + p.id).value = x;
  showParamProblem(p, null);
  refreshBroken();
  $("param-" + p.id).classList.add("changed");
  changed(sidesOf(p));
}

function showRange(p, x) {
  const range = $("range-" + p.id);
  range.value = toRange(p, x);
  if (p.scale === "log") range.setAttribute("aria-valuetext", `${fmt(x)} ${p.unit}`);
}

// A typed value: empty restores the last valid one; out of range or not a number is an
// input in error (flagged, kept out of the URL, nothing recomputed on it).
function typed(p, num) {
  const raw = num.value.trim();
  if (raw === "" ) {
    const back = currentValue(p);
    num.value = back === null ? "" : Number(Number(back).toPrecision(6));
    if (p.id in invalid) { delete invalid[p.id]; showParamProblem(p, null); refreshBroken(); }
    return;
  }
  const x = Number(raw);
  const lim = limits[p.id] || p;
  if (!Number.isFinite(x)) { flagInvalid(p, `"${raw}" is not a number`); return; }
  if (x < lim.lo || x > lim.hi) {
    const why = lim.reason ? ` (${lim.reason})` : "";
    flagInvalid(p, `${fmt(x)} is outside ${fmt(lim.lo)}–${fmt(lim.hi)} ${p.unit}${why}`);
    return;
  }
  setValue(p, x);
}

function flagInvalid(p, message) {
  invalid[p.id] = message;
  showParamProblem(p, message + "; the results are for the last valid value.");
  refreshBroken();
  writeHash();
}

function showParamProblem(p, message) {
  const div = $("param-" + p.id);
  div.classList.toggle("invalid", !!message);
  $("num-" + p.id).setAttribute("aria-invalid", message ? "true" : "false");
  $("problem-" + p.id).textContent = message || "";
}

// Sides whose inputs are in error: a parameter box, or the server refused the scenario.
const refused = { orbit: false, ground: false };
function refreshBroken() {
  for (const s of SIDES) {
    broken[s] = refused[s] || Object.keys(invalid).some((id) => sidesOf(PARAMS.find((p) => p.id === id)).includes(s));
  }
  updateStale();
}

// Slider positions and ranges: the user's value, else the scenario's (or the implied one);
// the range narrowed to the scenario's limits (e.g. the accelerator's coolant limit).
function syncParams(site, values) {
  for (const v of values || []) {
    const p = PARAMS.find((q) => q.id === v.id);
    if (!p) continue;
    p.key = v.key; // the scenario's accelerator name filled in
    last.values[p.id] = v;
    if (v.lo !== undefined && v.hi !== undefined && p.site !== "both") {
      limits[p.id] = { lo: v.lo, hi: v.hi, reason: v.hi_reason || "" };
    }
  }
  for (const p of paramsFor(site)) {
    const range = $("range-" + p.id), num = $("num-" + p.id), note = $("implied-" + p.id);
    const lim = limits[p.id] || p;
    num.min = lim.lo; num.max = lim.hi;
    setRangeLimits(p, range, lim);
    $("param-" + p.id).classList.toggle("changed", p.id in state.set);
    const v = last.values[p.id];
    // the limit's reason, its first clause on screen and in full as the tooltip
    note.textContent = lim.reason ? `range ${fmt(lim.lo)}–${fmt(lim.hi)}: ${lim.reason.split(/[;:]/)[0]}` : "";
    note.title = lim.reason || "";
    if (!(p.id in state.set) && v && v.value === null && v.implied !== null) {
      note.textContent = `from the catalogue: ${fmt(v.implied)} ${p.unit}`;
    }
    const x = currentValue(p);
    if (x !== null && !(p.id in invalid)) {
      showRange(p, x);
      num.value = Number(Number(x).toPrecision(6));
    }
  }
}

// ---------------------------------------------------------------- refresh

// One request in flight per site, and one more waiting with the newest inputs: sliders
// update while dragging (throttled by the server's speed, not debounced).
const runner = { orbit: { busy: false, again: false, started: 0 }, ground: { busy: false, again: false, started: 0 } };

function kick(side) {
  const r = runner[side];
  if (broken[side] && !refused[side]) return; // an input in error: nothing to compute
  if (r.busy) { r.again = true; return; }
  const wait = side === "ground" ? r.started + GROUND_MIN_GAP_MS - performance.now() : 0;
  if (wait > 0) {
    r.busy = true;
    setTimeout(() => { r.busy = false; kick(side); }, wait);
    return;
  }
  r.busy = true;
  r.again = false;
  r.started = performance.now();
  (side === "orbit" ? runOrbit() : runGround()).finally(() => {
    r.busy = false;
    if (r.again) { r.again = false; kick(side); }
  });
}

function changed(sides) {
  writeHash();
  markPending(sides);
  for (const s of sides) {
    gen[s]++;
    if (s === "ground") seq.ground++; // the running ground job is superseded: cancelled
    kick(s);
  }
  scheduleStudies();
}

function scheduleStudies() {
  clearTimeout(scheduleStudies.timer);
  scheduleStudies.timer = setTimeout(() => { runBreakeven(); runLazy(); }, 700);
}

function refresh() {
  buildSelects();
  markPending(SIDES);
  for (const s of SIDES) kick(s);
  scheduleStudies();
}

async function runOrbit() {
  const my = ++seq.orbit, g = gen.orbit;
  const r = await api("POST", "/api/simulate", { scenario: scenarioInput("orbit") });
  if (my !== seq.orbit) return;
  if (r.status !== 200) {
    refused.orbit = r.status !== 0;
    refreshBroken();
    showErrors("orbit-errors", r.data);
    resolveWaiters("orbit", false);
    return;
  }
  if (r.data.site !== "orbit") {
    showErrors("orbit-errors", { error: "not an orbital scenario", message: `site: ${r.data.site}` });
    refused.orbit = true; refreshBroken();
    return;
  }
  refused.orbit = false;
  refreshBroken();
  showErrors("orbit-errors", null);
  last.orbit = r.data;
  syncParams("orbit", r.data.params);
  renderOrbit(r.data);
  if (g !== gen.orbit) return; // shown while dragging; the newest inputs are on their way
  settle("orbit");
  resolveWaiters("orbit", true);
  runCompare();
}

async function runGround() {
  const my = ++seq.ground, g = gen.ground;
  const first = await api("POST", "/api/simulate", { scenario: scenarioInput("ground") });
  const r = await untilDone(first, (job) => showProgress("ground-progress", job), () => my === seq.ground);
  if (r === null || my !== seq.ground) return;
  showProgress("ground-progress", null);
  let data = r.data;
  if (r.status === 200 && !data.series) {
    // a job finished: ask again, the answer now comes from the cache with its parameters
    const again = await api("POST", "/api/simulate", { scenario: scenarioInput("ground") });
    if (my !== seq.ground) return;
    if (again.status !== 200) { groundFailed(again); return; }
    data = again.data;
  } else if (r.status !== 200) {
    groundFailed(r);
    return;
  }
  refused.ground = false;
  refreshBroken();
  showErrors("ground-errors", null);
  last.ground = data;
  syncParams("ground", data.params);
  renderGround(data);
  if (g !== gen.ground) return;
  settle("ground");
  resolveWaiters("ground", true);
  runCompare();
}

function groundFailed(r) {
  refused.ground = r.status !== 0;
  refreshBroken();
  showErrors("ground-errors", r.data);
  resolveWaiters("ground", false);
}

async function runCompare() {
  if (!last.orbit || !last.ground || pending.orbit || pending.ground) return;
  const my = ++seq.compare;
  const first = await api("POST", "/api/compare", {
    scenarios: [scenarioInput("orbit"), scenarioInput("ground")],
  });
  const r = await untilDone(first, () => {}, () => my === seq.compare);
  if (r === null || my !== seq.compare) return;
  if (r.status !== 200) { $("ratio-sub").textContent = r.data.message || ""; return; }
  last.compare = r.data.result;
  renderCompare(r.data.result);
  settle("compare");
}

// ---------------------------------------------------------------- the answer

function summaryOf(side) {
  const d = last[side];
  if (!d) return null;
  if (d.summary) return d.summary;
  const v = d.result;
  return {
    name: d.name, title: title(side), site: side, usd_per_year: v.cost.annual_cost_usd,
    usd_per_accelerator_hour: v.cost.usd_per_accelerator_hour,
    lcoe_usd_per_mwh: v.cost.lcoe_usd_per_mwh, usd_per_eflop: v.cost.usd_per_eflop, buckets: null,
  };
}

function renderCard(side) {
  const s = summaryOf(side);
  $(side + "-name").textContent = title(side);
  const year = $(side + "-year");
  year.textContent = `${usd(s.usd_per_year)} `;
  year.appendChild(el("small", null, "a year"));
  $(side + "-main").textContent =
    `${fmt(s.usd_per_accelerator_hour)} USD per accelerator-hour · LCOE ${fmt(s.lcoe_usd_per_mwh)} USD/MWh`;
  $(side + "-eflop").textContent = `${fmt(s.usd_per_eflop)} USD per delivered EFLOP`;
}

function renderOrbit(d) {
  const v = d.result;
  renderCard("orbit");
  $("orbit-sub").textContent =
    `${fmt(v.fleet.satellites)} satellites of ${fmt(v.mass.satellite_kg / 1000)} t · ` +
    `${fmt(v.fleet.launches)} launches at ${fmt(v.cost.launch_price_usd_per_kg)} USD/kg · ` +
    `longest eclipse ${fmt(v.eclipse.max_duration_s / 60)} min · radiator ${fmt(v.thermal.radiator_area_m2)} m² at ${fmt(v.thermal.radiator_temperature_c)} °C`;
  const daily = d.series.daily;
  if (daily) {
    const ecl = daily.eclipse_max_s.map((s) => (s === null ? null : s / 60));
    let worst = 0, at = null, days = 0;
    ecl.forEach((m, i) => { if (m) { days++; if (m > worst) { worst = m; at = daily.time[i]; } } });
    const beta = daily.beta_deg.filter((b) => b !== null);
    $("chart-eclipse-summary").textContent = days
      ? `Eclipse on ${days} of ${ecl.length} days; the longest, ${fmt(worst)} min, on ${String(at).slice(0, 10)}. β angle ${fmt(Math.min(...beta))}° to ${fmt(Math.max(...beta))}°.`
      : `No eclipse all year; β angle ${fmt(Math.min(...beta))}° to ${fmt(Math.max(...beta))}°.`;
    plot("chart-eclipse", [
      { x: daily.time, y: ecl, name: "longest eclipse of the day", line: { color: "#2b6cb0" } },
      { x: daily.time, y: daily.beta_deg, name: "β angle", yaxis: "y2", line: { color: "#718096" } },
    ], {
      margin: { t: 10, r: 55, l: 55, b: 40 },
      xaxis: { title: { text: "date" } },
      yaxis: { title: { text: "longest eclipse [min]" }, rangemode: "tozero" },
      yaxis2: { title: { text: "β angle [deg]" }, overlaying: "y", side: "right", showgrid: false },
    });
  }
  const det = d.series.detail;
  if (det) {
    const batt = det.battery_energy_j.map((j) => j / 3.6e6);
    $("chart-power-summary").textContent =
      `One satellite on the day of the longest eclipse: up to ${fmt(Math.max(...det.sunlight_on_array_w) / 1e3)} kW of sunlight on the array, ` +
      `IT power ${fmt(Math.min(...det.it_power_w) / 1e3)}–${fmt(Math.max(...det.it_power_w) / 1e3)} kW, battery ${fmt(Math.min(...batt))}–${fmt(Math.max(...batt))} kWh.`;
    plot("chart-power", [
      { x: det.time, y: det.sunlight_on_array_w.map((w) => w / 1e3), name: "sunlight on array", line: { color: "#b7791f" } },
      { x: det.time, y: det.it_power_w.map((w) => w / 1e3), name: "IT power", line: { color: "#2b6cb0" } },
      { x: det.time, y: batt, name: "battery energy", yaxis: "y2", line: { color: "#2f855a", dash: "dot" } },
    ], {
      margin: { t: 10, r: 55, l: 55, b: 40 },
      xaxis: { title: { text: "time (UTC)" } },
      yaxis: { title: { text: "power per satellite [kW]" }, rangemode: "tozero" },
      yaxis2: { title: { text: "battery [kWh]" }, overlaying: "y", side: "right", rangemode: "tozero", showgrid: false },
    });
  }
  renderAudit();
}

const DISPATCH = [["gas", "gas turbines", "#975a16"], ["grid_import", "grid", "#718096"], ["pv", "solar PV", "#d69e2e"], ["battery_discharge", "battery", "#2f855a"]];

function renderGround(d) {
  const v = d.result;
  renderCard("ground");
  const cap = v.ground.capacity_mw;
  $("ground-sub").textContent =
    `gas ${fmt(cap.gas_turbines)} MW · battery ${fmt(cap.battery)} MW · PV ${fmt(cap.pv)} MW · grid ${fmt(cap.grid_connection)} MW · ` +
    `${fmt(v.ground.co2_t_per_year / 1e6)} Mt CO₂ a year`;
  const daily = d.series.daily;
  if (daily) {
    const traces = [];
    const sums = [];
    for (const [k, label, colour] of DISPATCH) {
      if (!daily[k]) continue;
      traces.push({ x: daily.time, y: daily[k], name: label, stackgroup: "s", line: { width: 0.5, color: colour } });
      sums.push([label, daily[k].reduce((a, b) => a + (b || 0), 0)]);
    }
    if (daily.load) traces.push({ x: daily.time, y: daily.load, name: "load", line: { color: "#1d2330" } });
    const total = sums.reduce((a, [, s]) => a + s, 0);
    $("chart-dispatch-summary").textContent = total > 0
      ? "Share of the energy supplied over the year: " + sums.filter(([, s]) => s > 0).map(([l, s]) => `${l} ${pct(s / total)}`).join(", ") + "."
      : "No energy dispatched.";
    plot("chart-dispatch", traces, {
      margin: { t: 10, r: 20, l: 55, b: 40 },
      xaxis: { title: { text: "date" } },
      yaxis: { title: { text: "power, daily mean [MW]" } },
    });
  }
  renderAudit();
}

function renderCompare(c) {
  const names = Object.keys(c.sites);
  const ratio = c.sites[names[0]].usd_per_eflop / c.sites[names[1]].usd_per_eflop;
  $("ratio").textContent = fmt(ratio, 2) + "×";
  const cheaper = Math.abs(ratio - 1) < 0.005 ? "about the same per delivered EFLOP"
    : ratio < 1 ? "orbit is cheaper per delivered EFLOP" : "ground is cheaper per delivered EFLOP";
  $("ratio-sub").textContent = `${cheaper} (cost boundary: ${c.boundary})` +
    (c.workload_notes.length ? ". " + c.workload_notes.join(" ") : "");
  const v = $("verdict");
  const sentence = c.verdict && c.verdict.sentence ? c.verdict.sentence : fallbackSentence(ratio);
  v.textContent = sentence;
  v.className = "verdict " + (ratio < 1 ? "orbit-wins" : "ground-wins");
  if (!performance.getEntriesByName("wattflop:answer").length) performance.mark("wattflop:answer");
  answered(); // the numbers are up: now load the charts' library
  renderAudit();
}

function fallbackSentence(ratio) {
  const o = summaryOf("orbit"), g = summaryOf("ground");
  const a = `${title("orbit")} (${usd(o.usd_per_year)} a year)`, b = `${title("ground")} (${usd(g.usd_per_year)} a year)`;
  if (Math.abs(ratio - 1) < 0.005) return `On these assumptions, compute costs about the same in orbit, ${a}, as on the ground, ${b}.`;
  if (ratio > 1) return `On these assumptions, delivered compute costs ${fmt(ratio, 2)}× more in orbit, ${a}, than on the ground, ${b}.`;
  return `On these assumptions, delivered compute costs ${pct(1 - ratio)} less in orbit, ${a}, than on the ground, ${b}.`;
}

// ---------------------------------------------------------------- the audit

const BUCKET_COLOURS = { orbit: "#2b6cb0", ground: "#975a16" };

function bucketsOf(side) {
  const s = summaryOf(side);
  if (s && s.buckets) return s.buckets;
  const d = last[side];
  if (!d) return null;
  // no bucket summary from this server: every cost line is its own bucket
  const by = d.result.cost.usd_per_eflop_by_line;
  const total = Object.values(by).reduce((a, b) => a + b, 0);
  return Object.entries(by).map(([k, x]) => ({ id: k, label: k.replace(/_/g, " "), usd_per_eflop: x, share: total ? x / total : null, lines: [k] }));
}

function renderAudit() {
  const per = {};
  for (const side of SIDES) per[side] = bucketsOf(side);
  const ids = [];
  const labels = {};
  for (const side of SIDES) for (const b of per[side] || []) {
    if (!ids.includes(b.id)) ids.push(b.id);
    labels[b.id] = b.label;
  }
  // zero lines are dropped: a bucket shows when either site spends on it
  const shown = ids.filter((id) => SIDES.some((s) => (per[s] || []).some((b) => b.id === id && b.usd_per_eflop > 0)));
  const val = (side, id) => { const b = (per[side] || []).find((x) => x.id === id); return b || null; };
  const traces = SIDES.filter((s) => per[s]).map((side) => ({
    type: "bar", orientation: "h", name: side === "orbit" ? `orbit: ${title("orbit")}` : `ground: ${title("ground")}`,
    y: shown.map((id) => labels[id]),
    x: shown.map((id) => (val(side, id) || {}).usd_per_eflop || 0),
    text: shown.map((id) => { const b = val(side, id); return b && b.usd_per_eflop > 0 ? `${fmt(b.usd_per_eflop)} (${pct(b.share)})` : ""; }),
    textposition: "outside", cliponaxis: false, marker: { color: BUCKET_COLOURS[side] },
    hovertemplate: "%{y}: %{x:.3f} USD/EFLOP<extra>" + side + "</extra>",
  }));
  if (traces.length) {
    plot("chart-breakdown", traces, {
      barmode: "group", margin: { t: 10, r: 90, l: 150, b: 50 },
      yaxis: { autorange: "reversed", automargin: true, title: { text: "cost bucket" } },
      legend: { orientation: "h", x: 0, y: 1.01, yanchor: "bottom", traceorder: "normal" },
      xaxis: { title: { text: "USD per delivered EFLOP" }, rangemode: "tozero" },
      height: Math.max(260, 60 + shown.length * 48),
    });
    $("chart-breakdown").style.height = Math.max(260, 60 + shown.length * 48) + "px";
  }
  // the same numbers as a table, with USD a year and the cost lines in each bucket
  const head = $("buckets").querySelector("thead");
  const body = $("buckets").querySelector("tbody");
  head.textContent = ""; body.textContent = "";
  const hr = el("tr");
  hr.append(el("th", null, "bucket"));
  for (const side of SIDES) if (per[side]) {
    const th = el("th", "num", `${side} USD/EFLOP (share)`); th.scope = "col"; hr.append(th);
  }
  hr.firstChild.scope = "col";
  head.appendChild(hr);
  for (const id of shown) {
    const tr = el("tr");
    const th = el("th", null, labels[id]);
    th.scope = "row";
    const lines = new Set();
    for (const s of SIDES) for (const l of (val(s, id) || { lines: [] }).lines || []) lines.add(l.replace(/_/g, " "));
    if (lines.size) th.appendChild(el("div", "src", [...lines].join(", ")));
    tr.appendChild(th);
    for (const side of SIDES) if (per[side]) {
      const b = val(side, id);
      tr.appendChild(el("td", "num", b ? `${fmt(b.usd_per_eflop)} (${pct(b.share)})` : "–"));
    }
    body.appendChild(tr);
  }
  const parts = [];
  for (const side of SIDES) {
    const bs = per[side];
    if (!bs || !bs.length) continue;
    const top = [...bs].sort((a, b) => b.usd_per_eflop - a.usd_per_eflop)[0];
    const s = summaryOf(side);
    parts.push(`${side === "orbit" ? "Orbit" : "Ground"}: ${fmt(s.usd_per_eflop)} USD per delivered EFLOP, the largest bucket ${top.label} (${pct(top.share)})`);
  }
  $("chart-breakdown-summary").textContent = parts.join(". ") + (parts.length ? "." : "");
}

// ---------------------------------------------------------------- what would it take

async function runBreakeven() {
  const p = PARAMS.find((q) => q.id === state.be);
  if (!p || broken.orbit || broken.ground) return;
  const my = ++seq.be;
  const side = p.site === "ground" ? "ground" : (p.site === "both" ? "both" : "orbit");
  const lim = limits[p.id] || p;
  const body = {
    orbit: scenarioInput("orbit"), ground: scenarioInput("ground"),
    key: p.key, lo: lim.lo, hi: lim.hi, side, points: 9,
  };
  // the break-even varies the key over its range: the edit of that key is left out
  for (const s of SIDES) if (body[s].set) delete body[s].set[p.key];
  const first = await api("POST", "/api/breakeven", body);
  const r = await untilDone(first, (job) => showProgress("be-progress", job), () => my === seq.be);
  if (r === null || my !== seq.be) return;
  showProgress("be-progress", null);
  if (r.status !== 200) { $("be-message").textContent = r.data.message || "The break-even could not be computed."; settle("be"); return; }
  const b = r.data.result;
  const unit = b.unit ? ` ${b.unit}` : "";
  const now = currentValue(p);
  const nowText = now !== null ? ` (now ${fmt(now)}${unit})` : "";
  let words;
  if (b.root !== null && b.root !== undefined) {
    words = `Orbit and ground cost the same per delivered EFLOP at a ${p.label} of ${fmt(b.root)}${unit}${nowText}.`;
  } else {
    // no crossing: say which site stays cheaper, and how close the range comes
    const ratios = b.curve.x.map((_, i) => b.curve.orbit[i] / b.curve.ground[i]);
    const best = ratios.reduce((k, r, i) => (Math.abs(Math.log(r)) < Math.abs(Math.log(ratios[k])) ? i : k), 0);
    const winner = ratios[best] > 1 ? "ground" : "orbit";
    const closest = ratios[best] > 1 ? `${fmt(ratios[best], 2)}×` : `${pct(1 - ratios[best])} less than`;
    words = `No ${p.label} from ${fmt(b.curve.x[0])} to ${fmt(b.curve.x[b.curve.x.length - 1])}${unit} makes orbit as cheap as ground: ` +
      `${winner} stays cheaper. Closest at ${fmt(b.curve.x[best])}${unit}, where orbit costs ${closest} ground${nowText ? "; now" + nowText.slice(5, -1) : ""}.`;
  }
  $("be-message").textContent = words;
  $("chart-breakeven-summary").textContent =
    `Cost per delivered EFLOP as the ${p.label} varies from ${fmt(b.curve.x[0])} to ${fmt(b.curve.x[b.curve.x.length - 1])}${unit}: ` +
    `orbit ${fmt(Math.min(...b.curve.orbit))}–${fmt(Math.max(...b.curve.orbit))}, ground ${fmt(Math.min(...b.curve.ground))}–${fmt(Math.max(...b.curve.ground))} USD/EFLOP.`;
  const traces = [
    { x: b.curve.x, y: b.curve.orbit, name: "orbit", line: { color: "#2b6cb0" } },
    { x: b.curve.x, y: b.curve.ground, name: "ground", line: { color: "#975a16" } },
  ];
  const shapes = [], annotations = [];
  if (b.root !== null && b.root !== undefined) {
    shapes.push({ type: "line", x0: b.root, x1: b.root, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#b42318" } });
    annotations.push({ x: b.root, yref: "paper", y: 1, text: `equal: ${fmt(b.root)}`, showarrow: false, yanchor: "bottom", font: { color: "#b42318" } });
  }
  if (now !== null) {
    shapes.push({ type: "line", x0: now, x1: now, yref: "paper", y0: 0, y1: 1, line: { color: "#545d6e" } });
    annotations.push({ x: now, yref: "paper", y: 0.92, text: `now: ${fmt(now)}`, showarrow: false, xanchor: "left" });
  }
  plot("chart-breakeven", traces, {
    margin: { t: 24, r: 20, l: 60, b: 50 }, shapes, annotations,
    xaxis: { title: { text: p.label + (b.unit ? ` [${b.unit}]` : "") } },
    yaxis: { title: { text: "USD per delivered EFLOP" }, rangemode: "tozero" },
  });
  settle("be");
}

// ---------------------------------------------------------------- lazy panels

// Panels that cost a background job run when they are on screen (or opened) and stale.
const visible = { mc: false, claims: false };
function runLazy() {
  const ok = !(broken.orbit || broken.ground);
  if (ok && pending.levers && $("levers-box").open) runLevers();
  if (ok && pending.assumptions && $("assumptions-box").open) runAssumptions();
  if (ok && pending.mc && visible.mc) runMonteCarlo();
  // a claim's permalink loads the claims at once, wherever they are on the page
  if (pending.claims && (visible.claims || state.claim) && (ok || !state.claimsWith)) runClaims();
}

async function runLevers() {
  const my = ++seq.levers;
  pending.levers = false;
  const first = await api("POST", "/api/what-it-takes", { orbit: scenarioInput("orbit"), ground: scenarioInput("ground") });
  const r = await untilDone(first, (job) => showProgress("levers-progress", job), () => my === seq.levers);
  if (r === null || my !== seq.levers) return;
  showProgress("levers-progress", null);
  if (r.status !== 200) {
    $("levers-message").textContent = r.status === 404 ? "This server has no lever study." : (r.data.message || "The lever study failed.");
    updateStale();
    return;
  }
  renderLevers(r.data.result);
  updateStale();
}

function renderLevers(w) {
  const head = $("levers").querySelector("thead"), body = $("levers").querySelector("tbody");
  head.textContent = ""; body.textContent = "";
  const lv = w.levers || { steps: [] };
  $("levers-message").textContent = w.summary || "";
  const hr = el("tr");
  for (const c of ["step", "lever", "from", "to", "orbit ÷ ground after", "source of the range"]) {
    const th = el("th", null, c); th.scope = "col"; hr.appendChild(th);
  }
  head.appendChild(hr);
  const start = el("tr");
  start.append(el("td", null, "0"), el("td", null, "as assumed"), el("td"), el("td"), el("td", "num", `${fmt(lv.start_ratio, 3)}×`), el("td"));
  body.appendChild(start);
  for (const st of lv.steps || []) {
    const tr = el("tr", st.flipped ? "flipped" : null);
    const unit = st.unit ? ` ${st.unit}` : "";
    tr.append(el("td", null, String(st.step)), el("td", null, st.label), el("td", "num", fmt(st.default) + unit),
      el("td", "num", fmt(st.value) + unit), el("td", "num", `${fmt(st.ratio, 3)}×${st.flipped ? " (orbit cheaper)" : ""}`), el("td", "src", st.source || ""));
    body.appendChild(tr);
  }
  const m = w.map;
  if (m && m.usd_per_w && m.kg_per_kw && m.ratio) {
    const traces = [{
      type: "contour", x: m.usd_per_w, y: m.kg_per_kw, z: m.ratio, zmin: 0, zmax: 2, colorscale: "RdBu",
      contours: { start: 0.25, end: 2, size: 0.25, showlabels: true, coloring: "heatmap" },
      colorbar: { title: { text: "orbit ÷ ground [×]" } }, name: "orbit ÷ ground",
      hovertemplate: "%{x:.3g} USD/W, %{y:.3g} kg/kW: orbit costs %{z:.2f}× ground<extra></extra>",
    }];
    const pts = [];
    if (w.headline) pts.push({ x: w.headline.usd_per_w, y: w.headline.kg_per_kw, label: "this design" });
    for (const d of w.designs || []) if (d.usd_per_w !== null && d.usd_per_w !== undefined) pts.push({ x: d.usd_per_w, y: d.kg_per_kw, label: d.name });
    const inMap = pts.filter((q) => q.x <= Math.max(...m.usd_per_w) && q.y <= Math.max(...m.kg_per_kw));
    if (inMap.length) {
      traces.push({ type: "scatter", mode: "markers+text", x: inMap.map((q) => q.x), y: inMap.map((q) => q.y), text: inMap.map((q) => q.label),
        textposition: "top center", marker: { size: 9, color: "#1d2330" }, name: "published designs", hovertemplate: "%{text}: %{x:.3g} USD/W, %{y:.3g} kg/kW<extra></extra>" });
    }
    plot("chart-map", traces, {
      margin: { t: 30, r: 20, l: 60, b: 50 },
      xaxis: { title: { text: "satellite platform price [USD/W]" } },
      yaxis: { title: { text: "satellite specific mass [kg/kW]" } },
    });
    const r = m.ratio.flat().filter((x) => x !== null);
    const where = w.launch_price_usd_per_kg ? ` at a launch price of ${fmt(w.launch_price_usd_per_kg)} USD/kg` : "";
    $("chart-map-summary").textContent =
      `Orbit ÷ ground over satellite platform price and specific mass${where}: from ${fmt(Math.min(...r), 2)}× to ${fmt(Math.max(...r), 2)}×; ` +
      `blue is where orbit is cheaper. ${w.headline ? `This design: ${fmt(w.headline.usd_per_w)} USD/W, ${fmt(w.headline.kg_per_kw)} kg/kW.` : ""}`;
  }
}

async function runAssumptions() {
  const my = ++seq.assumptions;
  pending.assumptions = false;
  const body = $("assumptions").querySelector("tbody");
  const rows = [];
  for (const side of SIDES) {
    const r = await api("POST", "/api/assumptions", { scenario: scenarioInput(side) });
    if (my !== seq.assumptions) return;
    if (r.status !== 200) {
      $("assumptions-message").textContent = r.status === 404 ? "This server has no assumptions table." : (r.data.message || "failed");
      return;
    }
    for (const row of r.data.rows) rows.push([side, row]);
  }
  body.textContent = "";
  for (const [side, row] of rows) {
    const tr = el("tr");
    tr.append(el("td", null, side), el("td", null, row.key), el("td", "num", `${fmt(row.value)} ${row.unit || ""}`.trim()), el("td", "src", row.source || row.origin || ""));
    body.appendChild(tr);
  }
  $("assumptions-message").textContent = `${rows.length} inputs; the scenario's own values first, then defaults and catalogue entries with their sources.`;
  updateStale();
}

async function runMonteCarlo() {
  const my = ++seq.mc;
  pending.mc = false;
  const first = await api("POST", "/api/montecarlo", { scenarios: [scenarioInput("orbit"), scenarioInput("ground")], samples: 2000, seed: 1 });
  const r = await untilDone(first, (job) => showProgress("mc-progress", job), () => my === seq.mc);
  if (r === null || my !== seq.mc) return;
  showProgress("mc-progress", null);
  if (r.status !== 200) { $("mc-message").textContent = r.data.message || "The Monte Carlo failed."; updateStale(); return; }
  renderMonteCarlo(r.data.result);
  updateStale();
}

function renderMonteCarlo(m) {
  const s = m.summary;
  if (!s || !s.ratio) { $("mc-message").textContent = "This server gives no Monte Carlo summary."; return; }
  const r = s.ratio;
  const share = s.p_orbit_cheaper === 0 ? "none" : s.p_orbit_cheaper === 1 ? "all" : pct(s.p_orbit_cheaper);
  $("mc-message").textContent =
    `Orbit is cheaper in ${share} of ${fmt(s.samples)} draws. Orbit costs between ` +
    `${fmt(r.p5, 2)}× and ${fmt(r.p95, 2)}× ground in 90 % of them (median ${fmt(r.p50, 2)}×; ${fmt(r.deterministic, 2)}× on the values as assumed).`;
  const t = (s.tornado || []).slice(0, 8);
  if (!t.length) return;
  const narrow = $("chart-tornado").clientWidth < 600;
  const short = (text) => (narrow && text.length > 24 ? text.slice(0, 22) + "…" : text);
  const labels = t.map((x) => short(x.label || x.key));
  const mid = r.deterministic;
  const range = (x, which) => `${x.label}: ${fmt(x[which + "_value"])} ${x.unit || ""}`;
  plot("chart-tornado", [
    { type: "bar", orientation: "h", y: labels, x: t.map((x) => x.at_low - mid), base: mid, name: "input at its p5",
      marker: { color: "#2b6cb0" }, text: t.map((x) => range(x, "low")), hovertemplate: "%{text}: orbit ÷ ground %{x:.2f}×<extra></extra>" },
    { type: "bar", orientation: "h", y: labels, x: t.map((x) => x.at_high - mid), base: mid, name: "input at its p95",
      marker: { color: "#975a16" }, text: t.map((x) => range(x, "high")), hovertemplate: "%{text}: orbit ÷ ground %{x:.2f}×<extra></extra>" },
  ].map((tr) => Object.assign(tr, { textposition: "none" })), {
    barmode: "overlay", margin: { t: 30, r: 20, l: narrow ? 140 : 190, b: 50 },
    yaxis: { autorange: "reversed", automargin: true, title: { text: narrow ? "" : "uncertain input" } },
    xaxis: { title: { text: narrow ? "orbit ÷ ground [×]" : "orbit ÷ ground cost per delivered EFLOP [×]" } },
    shapes: [{ type: "line", x0: 1, x1: 1, yref: "paper", y0: 0, y1: 1, line: { dash: "dot", color: "#b42318" } }],
  });
  const top = t[0];
  $("chart-tornado-summary").textContent =
    `The ratio moves most with the ${top.label}: ${fmt(top.at_low, 2)}× at ${fmt(top.low_value)} ${top.unit || ""} and ` +
    `${fmt(top.at_high, 2)}× at ${fmt(top.high_value)} ${top.unit || ""} (p5 and p95 of its range), each other input as assumed.`;
}

// ---------------------------------------------------------------- claims

async function runClaims() {
  const my = ++seq.claims;
  pending.claims = false;
  let first;
  const overrides = {};
  if (state.claimsWith) {
    for (const side of SIDES) {
      const s = state[side];
      const input = scenarioInput(side);
      if (s.text === null && input.set) overrides[s.name] = input.set;
    }
  }
  syncClaimsButton();
  if (Object.keys(overrides).length) {
    $("claims-note").textContent = "With the assumptions set on this page: " +
      Object.entries(overrides).map(([n, kv]) => n + " (" + Object.entries(kv).map(([k, x]) => `${k} = ${x}`).join(", ") + ")").join("; ");
    first = await api("POST", "/api/claims", { overrides });
  } else {
    $("claims-note").textContent = "On the bundled scenarios as written.";
    first = await api("GET", "/api/claims");
  }
  const r = await untilDone(first, (job) => showProgress("claims-progress", job), () => my === seq.claims);
  if (r === null || my !== seq.claims) return;
  showProgress("claims-progress", null);
  const list = $("claims");
  list.textContent = "";
  if (r.status !== 200) { $("claims-note").textContent = r.data.message || "The claims could not be checked."; return; }
  for (const c of r.data.result) list.appendChild(claimItem(c));
  updateStale();
  focusClaim();
}

function syncClaimsButton() {
  $("claims-apply").setAttribute("aria-pressed", String(state.claimsWith));
  $("claims-apply").textContent = state.claimsWith ? "Check on the scenarios as written" : "Check with the assumptions set on this page";
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

function claimItem(c) {
  const kind = c.kind.replace(/ /g, "-");
  const li = el("li", "claim k-" + kind);
  li.id = "claim-" + c.id;
  li.dataset.id = c.id;
  const top = el("div", "top");
  top.append(el("span", "badge v-" + kind, c.verdict), el("span", "statement", c.statement || c.text));
  const link = el("a", "perma", "#" + c.id);
  link.href = "#claim-" + c.id;
  link.setAttribute("aria-label", `permalink to the claim ${c.id}`);
  link.onclick = (e) => { e.preventDefault(); state.claim = c.id; writeHash(); focusClaim(); };
  top.append(link);
  li.appendChild(top);
  const nums = el("div", "nums");
  const claimed = el("span", "claimed");
  claimed.append(el("b", null, "Claimed: "), claimValue(c.claimed, c.claimed_unit));
  const computed = el("span", "computed");
  computed.append(el("b", null, "wattflop: "), claimValue(c.value, c.unit));
  if (c.value !== null || c.band) computed.append(el("span", "band", ` (p5–p95 ${claimBand(c.band, c.unit)})`));
  nums.append(claimed, computed);
  li.appendChild(nums);
  const why = el("div", "reason");
  why.append(el("b", null, "Why: "), c.reason || "—");
  li.appendChild(why);
  const holds = el("div", "holds");
  holds.append(el("b", null, "Holds if: "), holdsIfText(c.holds_if, c.unit));
  li.appendChild(holds);
  const src = el("div", "src", "Source: ");
  if (c.url && /^https?:\/\//.test(c.url)) {
    const a = el("a", null, c.source || c.url);
    a.href = c.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    src.appendChild(a);
  } else src.append((c.source || "—") + " (no link)");
  li.appendChild(src);
  return li;
}

// Scroll to and mark the claim named in the URL, once its row exists.
function focusClaim() {
  for (const old of document.querySelectorAll("#claims .target")) old.classList.remove("target");
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
  for (const p of paramsFor(side)) if (p.site === side) { delete state.set[p.id]; delete invalid[p.id]; }
  buildSelects();
  changed([side]);
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
  if (broken[side]) { $("dl-status").textContent = `Not downloaded: the ${side} inputs are in error.`; return; }
  const r = await api("POST", "/api/validate", { scenario: scenarioInput(side) });
  if (r.status !== 200) { showErrors(side + "-errors", r.data); return; }
  download(`${r.data.name}.yaml`, r.data.yaml, "text/yaml");
}

// A result is downloaded only when it is the result of the inputs shown: mid-recompute the
// download waits for the new result; with an input in error it is refused, saying why.
async function downloadResult(side) {
  const status = $("dl-status");
  if (broken[side]) { status.textContent = `Not downloaded: the ${side} inputs are in error, and the last result is out of date.`; return; }
  if (pending[side]) {
    status.textContent = `Waiting for the new ${side} result…`;
    const ok = await new Promise((done) => waiters[side].push(done));
    if (!ok || pending[side]) { status.textContent = `Not downloaded: the ${side} result could not be brought up to date.`; return; }
  }
  const d = last[side];
  if (!d) return;
  status.textContent = `Downloaded ${d.name}-result.json.`;
  download(`${d.name}-result.json`, JSON.stringify(d.result, null, 2), "application/json");
}

// ---------------------------------------------------------------- start

async function start() {
  const [s, p] = await Promise.all([api("GET", "/api/scenarios"), api("GET", "/api/params")]);
  if (s.status !== 200 || p.status !== 200) {
    $("verdict").textContent = "The wattflop server cannot be reached.";
    $("retry").onclick = () => { offline(false); start(); };
    return;
  }
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
    for (const k of Object.keys(invalid)) { delete invalid[k]; }
    for (const q of PARAMS) showParamProblem(q, null);
    state.orbit = { name: DEFAULT_ORBIT, text: null, filename: null };
    state.ground = { name: DEFAULT_GROUND, text: null, filename: null };
    refused.orbit = refused.ground = false;
    refreshBroken();
    buildSelects();
    changed(SIDES);
  };
  $("copy-link").onclick = async () => {
    writeHash();
    const out = $("copy-status");
    try {
      await navigator.clipboard.writeText(location.href);
      out.textContent = "Link copied.";
    } catch (e) {
      out.textContent = "Could not copy the link: copy it from the address bar.";
    }
    setTimeout(() => { out.textContent = ""; }, 4000);
  };
  $("retry").onclick = () => { offline(false); refresh(); };
  $("dl-orbit-yaml").onclick = () => downloadScenario("orbit");
  $("dl-ground-yaml").onclick = () => downloadScenario("ground");
  $("dl-orbit-json").onclick = () => downloadResult("orbit");
  $("dl-ground-json").onclick = () => downloadResult("ground");
  $("claims-apply").onclick = () => { state.claimsWith = !state.claimsWith; writeHash(); runClaims(); };
  $("levers-box").addEventListener("toggle", () => { if ($("levers-box").open) runLazy(); });
  $("assumptions-box").addEventListener("toggle", () => { if ($("assumptions-box").open) runLazy(); });
  if ("IntersectionObserver" in window) {
    const seen = new IntersectionObserver((entries) => {
      for (const e of entries) visible[e.target.dataset.lazy] = e.isIntersecting;
      runLazy();
    }, { rootMargin: "200px" });
    $("uncertainty").dataset.lazy = "mc";
    $("claims-section").dataset.lazy = "claims";
    seen.observe($("uncertainty"));
    seen.observe($("claims-section"));
  } else { visible.mc = visible.claims = true; }
  window.addEventListener("hashchange", () => {
    if (CLAIM_FRAGMENT.test(location.hash)) { readHash(); writeHash(); focusClaim(); if (!$("claims").children.length) runClaims(); return; }
    readHash(); buildParams(); refresh(); focusClaim();
  });
  syncClaimsButton();
  writeHash();
  refresh();
}

start();
