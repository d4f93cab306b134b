// TFDrift dashboard: a hash-routed page over the public /api/v1 endpoints. No framework, no
// build step, nothing from outside this server; every value is inserted as text, never as HTML.
"use strict";

const SEVERITIES = ["critical", "high", "medium", "low", "info"];
const STATUSES = ["open", "acknowledged", "resolved"];
const KINDS = ["modified", "out_of_band", "deleted", "unmanaged"];
const POLL_MS = 5000;
let signature = "";
// Keys shown by the previous render of the same page: rows not among them are marked new.
let shownKeys = null;
let timer = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function token() { return sessionStorage.getItem("tfdrift.token") || ""; }

class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

async function api(path, options) {
  const headers = { "Accept": "application/json" };
  if (token()) headers["Authorization"] = "Bearer " + token();
  if (options && options.body) headers["Content-Type"] = "application/json";
  const response = await fetch(path, Object.assign({ headers, cache: "no-store" }, options || {}));
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (!response.ok) {
    throw new ApiError(response.status, (body && body.error) || ("HTTP " + response.status));
  }
  return body;
}

function banner(text) { document.getElementById("banner").textContent = text || ""; }
function announce(text) { document.getElementById("live").textContent = text; }

// What /ready says is wrong, in words: each state not loaded, sources not connected, and any
// other check that reports itself not ready or not ok.
function notReadyReasons(detail) {
  const checks = (detail && detail.checks) || {};
  const reasons = [];
  for (const [name, state] of Object.entries(checks.states || {})) {
    if (state && state.ready === false) reasons.push("state " + name + ": " + (state.message || state.outcome || "not loaded"));
  }
  if (checks.sources && checks.sources.connected === false && detail.role !== "standby") {
    reasons.push("event sources not connected yet");
  }
  for (const [name, check] of Object.entries(checks)) {
    if (name === "states" || name === "sources" || !check || typeof check !== "object") continue;
    if (check.ready === false || check.ok === false) reasons.push(name + ": " + (check.message || check.error || "not ready"));
  }
  return reasons;
}

async function checkReady() {
  const el = document.getElementById("banner");
  let text = "";
  try {
    const response = await fetch("/ready", { cache: "no-store" });
    if (response.status === 503) {
      const reasons = notReadyReasons(await response.json().catch(() => ({})));
      text = "The daemon is not ready" + (reasons.length ? ": " + reasons.join("; ") : "") + ". What the store holds is shown.";
    }
  } catch (e) {
    text = "The daemon does not answer; retrying every " + POLL_MS / 1000 + " s. The page shows what it last loaded.";
  }
  if (el.textContent !== text) banner(text);
}

function fmtTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z").replace(/:00Z$/, ":00Z");
}

function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined) return "—";
  if (seconds < 120) return seconds + " s";
  if (seconds < 7200) return Math.round(seconds / 60) + " min";
  if (seconds < 172800) return (seconds / 3600).toFixed(1) + " h";
  return (seconds / 86400).toFixed(1) + " d";
}

function sevBadge(s) { return el("span", { class: "sev sev-" + s }, s); }
function statusBadge(s) { return el("span", { class: "status status-" + s }, s); }

function driftLink(d) {
  return el("a", { href: "#/drift/" + encodeURIComponent(d.key) }, d.address || d.resource_id || d.key);
}

function parseHash() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const q = hash.indexOf("?");
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : hash.slice(q + 1));
  return { path, params };
}

function setNav(which) {
  for (const id of ["nav-overview", "nav-drifts"]) {
    const a = document.getElementById(id);
    if (id === which) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
}

function render(nodes) {
  const main = document.getElementById("main");
  main.replaceChildren(...nodes);
}

function showError(e) {
  if (e instanceof ApiError && e.status === 401) {
    render([el("h2", {}, "A token is needed"),
      el("p", {}, "This API needs a bearer token. Enter a read or write token above.")]);
    document.getElementById("token").focus();
  } else if (e instanceof ApiError && e.status === 404 && /no such endpoint|HTTP 404/.test(e.message)) {
    render([el("h2", {}, "No drift inventory here"),
      el("p", {}, "This daemon keeps no drift inventory, so there is nothing to show. Set store.type to sqlite (the default) or postgres in its configuration.")]);
  } else if (e instanceof ApiError && e.status === 503) {
    render([el("h2", {}, "The drift store is unavailable"),
      el("p", {}, e.message + ". The page retries every " + POLL_MS / 1000 + " s.")]);
  } else if (e instanceof TypeError) {
    render([el("p", { class: "error", role: "alert" }, "Could not reach the daemon (" + e.message + "). The page retries every " + POLL_MS / 1000 + " s.")]);
  } else {
    render([el("p", { class: "error", role: "alert" }, "Could not load: " + e.message)]);
  }
}

// ---- Overview -------------------------------------------------------------------------------

async function overview() {
  setNav("nav-overview");
  const [summary, open, latest] = await Promise.all([
    api("/api/v1/summary?days=30"),
    api("/api/v1/drifts?status=open&limit=1000"),
    api("/api/v1/drifts?limit=10&sort=last_seen&order=desc"),
  ]);
  const sig = JSON.stringify([summary, open.total, latest.items.map(d => [d.key, d.last_seen, d.status])]);
  if (sig === signature) return;
  const isNew = signature !== "" && latest.total > 0;
  signature = sig;
  const openTotal = SEVERITIES.reduce((n, s) => n + summary.counts.open[s], 0);
  const ackTotal = SEVERITIES.reduce((n, s) => n + summary.counts.acknowledged[s], 0);
  const nodes = [el("h2", {}, "Open drifts")];
  if (latest.total === 0) {
    nodes.push(el("p", { id: "empty" }, "No drift recorded yet. Drift appears here as soon as the daemon detects it."));
  }
  nodes.push(el("div", { class: "cards", id: "open-by-severity" },
    el("div", { class: "card" }, el("span", { class: "n", id: "open-total" }, openTotal), "open"),
    SEVERITIES.map(s => el("a", { class: "card", href: "#/drifts?status=open&severity=" + s, "data-severity": s },
      el("span", { class: "n" }, summary.counts.open[s]), sevBadge(s))),
    el("div", { class: "card" }, el("span", { class: "n", id: "ack-total" }, ackTotal), "acknowledged"),
    el("div", { class: "card" }, el("span", { class: "n", id: "mttr" }, fmtDuration(summary.mean_time_to_resolve_seconds)), "mean time to resolve (30 days)")));
  nodes.push(el("section", { "aria-labelledby": "chart-title" },
    el("h2", { id: "chart-title" }, "Opened and resolved per day (30 days, UTC)"), chart(summary.days)));
  const partial = open.total > open.items.length
    ? el("p", { class: "muted" }, "Grouped from the " + open.items.length + " most recently seen of " + open.total + " open drifts.") : null;
  nodes.push(el("div", { class: "grid2" },
    el("section", { "aria-labelledby": "by-state-title" }, el("h2", { id: "by-state-title" }, "Open drifts by state"),
      groupTable("by-state", "State", open.items, d => d.state
        ? [d.state, "state=" + encodeURIComponent(d.state)]
        : ["(unmanaged: " + d.provider + ")", "kind=unmanaged&provider=" + encodeURIComponent(d.provider)])),
    el("section", { "aria-labelledby": "by-account-title" }, el("h2", { id: "by-account-title" }, "Open drifts by account / project"),
      groupTable("by-account", "Account / project", open.items, d => [d.provider + " " + ((d.drift && d.drift.event && d.drift.event.account_id) || "(unknown)"), null])),
    partial));
  nodes.push(el("h2", {}, "Latest changes"), driftTable(latest.items, null));
  const updated = el("p", { class: "muted", id: "updated" }, "Last change shown at " + new Date().toLocaleTimeString() + "; the page checks for news every " + POLL_MS / 1000 + " s.");
  nodes.push(updated);
  render(nodes);
  shownKeys = new Set(latest.items.map(d => d.key));
  if (isNew) announce("The overview was updated.");
}

function chart(days) {
  const byDate = new Map(days.map(d => [d.date, d]));
  const today = new Date();
  const series = [];
  for (let i = 29; i >= 0; i--) {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const key = d.toISOString().slice(0, 10);
    const v = byDate.get(key) || { opened: 0, resolved: 0 };
    series.push({ date: key, opened: v.opened, resolved: v.resolved });
  }
  // Days outside the last 30 (a replayed old log) are shown too, oldest first.
  for (const d of days) if (!series.some(s => s.date === d.date)) series.unshift(d);
  series.sort((a, b) => a.date.localeCompare(b.date));
  const max = Math.max(1, ...series.map(s => Math.max(s.opened, s.resolved)));
  // Left margin for the scale, bottom margin for the dates; bars in between.
  const w = 900, h = 200, left = 36, bottom = 22, top = 8, plot = h - bottom - top;
  const bw = (w - left) / series.length;
  const every = Math.max(1, Math.ceil(series.length / 8));
  const parts = [];
  const ticks = max <= 4 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, Math.round(max / 2), max];
  for (const t of ticks) {
    const y = top + plot - (t / max) * plot;
    parts.push(svg("line", { x1: left, x2: w, y1: y, y2: y, stroke: "#d0d7de", "stroke-width": 1 }));
    parts.push(svg("text", { x: left - 6, y: y + 4, "text-anchor": "end", class: "axis" }, t));
  }
  series.forEach((s, i) => {
    const ho = (s.opened / max) * plot, hr = (s.resolved / max) * plot, x = left + i * bw;
    parts.push(svg("rect", { x: x + 1, y: top + plot - ho, width: Math.max(1, bw / 2 - 1), height: ho, class: "bar-opened" },
      svg("title", {}, s.date + ": " + s.opened + " opened")));
    parts.push(svg("rect", { x: x + bw / 2, y: top + plot - hr, width: Math.max(1, bw / 2 - 1), height: hr, class: "bar-resolved" },
      svg("title", {}, s.date + ": " + s.resolved + " resolved")));
    if (i === series.length - 1 || (i % every === 0 && series.length - 1 - i >= every / 2)) {
      parts.push(svg("text", { x: x + bw / 2, y: h - 6, "text-anchor": "middle", class: "axis" }, s.date.slice(5)));
    }
  });
  const opened = series.reduce((n, s) => n + s.opened, 0), resolved = series.reduce((n, s) => n + s.resolved, 0);
  const busy = series.filter(s => s.opened || s.resolved);
  return el("figure", { id: "per-day" },
    svg("svg", { class: "chart", viewBox: "0 0 " + w + " " + h, role: "img", "aria-label": opened + " drifts opened and " + resolved + " resolved in the period" }, parts),
    el("figcaption", { class: "legend" }, el("span", {}, el("i", { class: "sw sw-opened" }), "opened " + opened),
      el("span", {}, el("i", { class: "sw sw-resolved" }), "resolved " + resolved),
      el("details", {}, el("summary", {}, "The numbers per day"),
        busy.length ? el("table", { class: "per-day" },
          el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Day (UTC)"), el("th", { scope: "col" }, "Opened"), el("th", { scope: "col" }, "Resolved"))),
          el("tbody", {}, busy.map(s => el("tr", {}, el("td", {}, s.date), el("td", {}, s.opened), el("td", {}, s.resolved)))))
          : el("p", { class: "muted" }, "No drift opened or resolved in the period."))));
}

// Open drifts counted by severity per group; groupOf(d) gives [name, list filter or null].
function groupTable(id, label, items, groupOf) {
  const groups = new Map();
  for (const d of items) {
    const [name, filter] = groupOf(d);
    const g = groups.get(name) || { total: 0, bySeverity: {}, filter };
    g.total++; g.bySeverity[d.severity] = (g.bySeverity[d.severity] || 0) + 1;
    groups.set(name, g);
  }
  if (groups.size === 0) return el("p", { class: "muted" }, "No open drift.");
  return el("table", { id },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, label), SEVERITIES.map(s => el("th", { scope: "col" }, s)), el("th", { scope: "col" }, "Total"))),
    el("tbody", {}, [...groups.entries()].sort((a, b) => b[1].total - a[1].total).map(([name, g]) =>
      el("tr", {}, el("td", {}, g.filter ? el("a", { href: "#/drifts?status=open&" + g.filter }, name) : name),
        SEVERITIES.map(s => el("td", {}, g.bySeverity[s] || "")), el("td", {}, g.total)))));
}

function driftTable(items, sortState) {
  const cols = [["severity", "Severity", "severity"], ["status", "Status", null], ["kind", "Kind", null],
    ["address", "Resource", "address"], ["attribute", "Attribute", null], ["actor", "Actor", null],
    ["occurrences", "Seen", "occurrences"], ["first_seen", "First seen", "first_seen"], ["last_seen", "Last seen", "last_seen"]];
  const head = cols.map(([key, label, sortKey]) => {
    if (!sortState || !sortKey) return el("th", { scope: "col" }, label);
    const active = sortState.sort === sortKey;
    const next = active && sortState.order === "desc" ? "asc" : "desc";
    return el("th", { scope: "col", "aria-sort": active ? (sortState.order === "desc" ? "descending" : "ascending") : "none" },
      el("button", { type: "button", "data-sort": sortKey, onclick: () => sortState.go(sortKey, next) },
        label + (active ? (sortState.order === "desc" ? " ▼" : " ▲") : "")));
  });
  return el("table", { class: "drifts" },
    el("thead", {}, el("tr", {}, head)),
    el("tbody", {}, items.map(d => el("tr", { "data-key": d.key, class: shownKeys && !shownKeys.has(d.key) ? "new" : null },
      el("td", {}, sevBadge(d.severity)), el("td", {}, statusBadge(d.status)), el("td", {}, d.kind),
      el("td", { class: "addr" }, driftLink(d), d.state ? el("div", { class: "muted" }, d.state) : null),
      el("td", {}, d.attribute), el("td", {}, d.actor), el("td", {}, d.occurrences), el("td", {}, fmtTime(d.first_seen)), el("td", {}, fmtTime(d.last_seen))))));
}

// ---- List -----------------------------------------------------------------------------------

async function list(params) {
  setNav("nav-drifts");
  const q = new URLSearchParams(params);
  if (!q.has("limit")) q.set("limit", "50");
  const page = await api("/api/v1/drifts?" + q.toString());
  const sig = JSON.stringify([q.toString(), page.total, page.items.map(d => [d.key, d.last_seen, d.status])]);
  if (sig === signature) return;
  const changed = signature !== "";
  signature = sig;
  const go = (changes) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) { if (v === "" || v === null) p.delete(k); else p.set(k, v); }
    location.hash = "#/drifts?" + p.toString();
  };
  const field = (name, label, options) => {
    const value = params.get(name) || "";
    const input = options
      ? el("select", { name, id: "f-" + name }, el("option", { value: "" }, "any"), options.map(o => el("option", { value: o, selected: o === value }, o)))
      : el("input", { name, id: "f-" + name, value, type: name === "q" ? "search" : "text" });
    return el("label", { for: "f-" + name }, label, input);
  };
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter drifts",
    onsubmit: (ev) => {
      ev.preventDefault();
      const data = new FormData(ev.target);
      const changes = { offset: "" };
      for (const name of ["status", "severity", "kind", "type", "state", "provider", "actor", "q", "limit"]) changes[name] = (data.get(name) || "").trim();
      if (changes.limit === "50") changes.limit = "";
      go(changes);
    } },
    field("q", "Search"), field("status", "Status", STATUSES), field("severity", "Severity", SEVERITIES),
    field("kind", "Kind", KINDS), field("type", "Type"), field("state", "State"), field("provider", "Provider"),
    field("actor", "Actor"),
    el("label", { for: "f-limit" }, "Per page", el("select", { name: "limit", id: "f-limit" },
      ["25", "50", "100", "250"].map(n => el("option", { value: n, selected: n === q.get("limit") }, n)))),
    el("button", { type: "submit", class: "secondary" }, "Filter"),
    el("a", { href: "#/drifts", id: "clear" }, "Clear filters"));
  const offset = Number(params.get("offset") || 0), limit = Number(q.get("limit"));
  const sortState = { sort: params.get("sort") || "last_seen", order: params.get("order") || "desc",
    go: (sort, order) => go({ sort, order, offset: "" }) };
  render([el("h2", {}, "Drifts"), form,
    el("p", { id: "count", "aria-live": "polite" }, page.total + (page.total === 1 ? " drift" : " drifts")),
    page.items.length ? driftTable(page.items, sortState) : el("p", { class: "muted" }, "No drift matches."),
    el("div", { class: "pager" },
      el("button", { type: "button", class: "secondary", disabled: offset === 0, onclick: () => go({ offset: Math.max(0, offset - limit) || "" }) }, "Previous"),
      el("span", {}, page.total ? (offset + 1) + "–" + Math.min(offset + limit, page.total) + " of " + page.total : ""),
      el("button", { type: "button", class: "secondary", disabled: offset + limit >= page.total, onclick: () => go({ offset: offset + limit }) }, "Next"))]);
  shownKeys = new Set(page.items.map(d => d.key));
  if (changed) announce(page.total + " drifts match.");
}

// ---- One drift ------------------------------------------------------------------------------

async function detail(key) {
  setNav(null);
  const d = await api("/api/v1/drifts/" + encodeURIComponent(key));
  const sig = JSON.stringify([d.status, d.last_seen, d.occurrences]);
  if (sig === signature) return;
  signature = sig;
  const drift = d.drift || {};
  const facts = [["Status", statusBadge(d.status)], ["Severity", sevBadge(d.severity)], ["Kind", d.kind],
    ["Resource type", d.resource_type], ["Cloud id", d.resource_id], ["State", d.state || "—"],
    ["Provider", d.provider], ["Account / project", (drift.event && drift.event.account_id) || "—"],
    ["Region", (drift.event && drift.event.region) || "—"], ["First seen", fmtTime(d.first_seen)], ["Last seen", fmtTime(d.last_seen)],
    ["Occurrences", d.occurrences], ["Latest actor", d.actor], ["Rules", (drift.matched_rules || []).join(", ") || "—"]];
  if (d.acknowledgement) facts.push(["Acknowledged", d.acknowledgement.by + " at " + fmtTime(d.acknowledgement.at) + (d.acknowledgement.note ? ": " + d.acknowledgement.note : "")]);
  if (d.resolution) facts.push(["Resolution", d.resolution.reason + " by " + d.resolution.by + " at " + fmtTime(d.resolution.at) + (d.resolution.note ? ": " + d.resolution.note : "")]);
  const nodes = [el("p", {}, el("a", { href: "#/drifts?status=open" }, "← All drifts")),
    el("h2", { id: "drift-title" }, d.address || d.resource_id),
    el("dl", { class: "facts" }, facts.map(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]))];
  nodes.push(actions(d));
  nodes.push(el("h2", {}, "Change (state → cloud)"));
  const changes = drift.changes || [];
  if (!changes.length) nodes.push(el("p", { class: "muted" }, d.kind === "out_of_band"
    ? "The call changed the resource in a way the audit record does not itemise."
    : d.kind === "deleted" ? "The resource was deleted." : "No attribute values."));
  for (const c of changes) nodes.push(el("h3", {}, c.attribute), diff(c.expected, c.actual));
  nodes.push(el("h2", {}, "Occurrences"), occurrences(d.occurrence_list || []));
  render(nodes);
}

function actions(d) {
  if (!token() || d.status === "resolved") {
    return d.status === "resolved" ? el("div") :
      el("p", { class: "muted" }, "Enter a write token above to acknowledge or resolve this drift.");
  }
  const message = el("p", { id: "action-message", role: "status" });
  const by = el("input", { id: "by", value: localStorage.getItem("tfdrift.by") || "", required: true });
  const note = el("input", { id: "note", size: 40 });
  const post = async (action, body) => {
    localStorage.setItem("tfdrift.by", by.value.trim());
    try {
      await api("/api/v1/drifts/" + encodeURIComponent(d.key) + "/" + action, { method: "POST", body: JSON.stringify(body) });
      signature = "";
      await route();
      announce("The drift was " + (action === "resolve" ? "resolved." : "acknowledged."));
    } catch (e) { message.textContent = e.message; message.className = "error"; }
  };
  return el("form", { class: "actions", "aria-label": "Acknowledge or resolve", onsubmit: (ev) => ev.preventDefault() },
    el("label", { for: "by" }, "Your name", by), el("label", { for: "note" }, "Reason or note", note),
    d.status === "open" ? el("button", { type: "button", class: "secondary", id: "acknowledge",
      onclick: () => post("acknowledge", { by: by.value, note: note.value }) }, "Acknowledge") : null,
    el("button", { type: "button", class: "primary", id: "resolve",
      onclick: () => post("resolve", { by: by.value, reason: note.value }) }, "Resolve"),
    message);
}

function pretty(v) {
  if (v === undefined) return ["(absent)"];
  return JSON.stringify(v, null, 2).split("\n");
}

// A line diff (longest common subsequence) of the two values pretty-printed: policies and rule
// sets read as what was removed and what was added.
function diff(expected, actual) {
  const a = pretty(expected), b = pretty(actual);
  if (a.length === 1 && b.length === 1) {
    return el("pre", { class: "diff" }, el("span", { class: "del" }, "- " + a[0]), el("span", { class: "add" }, "+ " + b[0]));
  }
  const n = a.length, m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--)
    lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) { out.push(el("span", { class: "same" }, "  " + a[i])); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { out.push(el("span", { class: "add" }, "+ " + b[j])); j++; }
    else { out.push(el("span", { class: "del" }, "- " + a[i])); i++; }
  }
  return el("pre", { class: "diff" }, out);
}

function occurrences(list) {
  if (!list.length) return el("p", { class: "muted" }, "None stored.");
  return el("table", { id: "occurrences" },
    el("thead", {}, el("tr", {}, ["Time", "Actor", "Call", "Source IP", "User agent", "Record"].map(h => el("th", { scope: "col" }, h)))),
    el("tbody", {}, list.map(o => {
      const ev = (o.drift && o.drift.event) || {};
      return el("tr", {}, el("td", {}, fmtTime(o.time)), el("td", {}, o.actor), el("td", {}, ev.name || ""),
        el("td", {}, ev.source_ip || ""), el("td", { class: "addr" }, ev.user_agent || ""),
        el("td", {}, el("details", {}, el("summary", {}, "event " + (ev.id || o.event_id)), el("pre", { class: "record" }, JSON.stringify(o.drift, null, 2)))));
    })));
}

// ---- Routing and live updates -----------------------------------------------------------------

async function route() {
  const { path, params } = parseHash();
  try {
    if (path === "/" || path === "") await overview();
    else if (path === "/drifts") await list(params);
    else if (path.startsWith("/drift/")) await detail(decodeURIComponent(path.slice("/drift/".length)));
    else render([el("p", {}, "No such page. "), el("a", { href: "#/" }, "Overview")]);
  } catch (e) { signature = ""; showError(e); }
}

function editing() {
  const a = document.activeElement;
  return a && (a.tagName === "INPUT" || a.tagName === "SELECT") && a.id !== "token";
}

function start() {
  document.getElementById("token").value = token();
  document.getElementById("token-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    sessionStorage.setItem("tfdrift.token", document.getElementById("token").value.trim());
    signature = "";
    route();
  });
  window.addEventListener("hashchange", () => { signature = ""; shownKeys = null; route().then(() => document.getElementById("main").focus()); });
  checkReady();
  route();
  timer = setInterval(() => { if (!editing()) { checkReady(); route(); } }, POLL_MS);
}

document.addEventListener("DOMContentLoaded", start);
