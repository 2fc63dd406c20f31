// The page of `search serve`: reads the URL's parameters, asks the API, builds the DOM.
// Every text from the index or the user is set as a text node, never parsed as HTML.
"use strict";

const PAGE = 20;
const KWIC_PAGE = 100;
const COLORS = ["#1a5fb4", "#c01c28", "#26a269", "#e66100", "#813d9c"];
const SVG = "http://www.w3.org/2000/svg";

const url = new URLSearchParams(location.search);
const state = {
  q: url.get("q") || "",
  source: url.get("source") || "",
  from: url.get("from") || "",
  to: url.get("to") || "",
  tab: url.get("tab") || "hits",
  offset: Math.max(0, parseInt(url.get("offset") || "0", 10) || 0),
  mode: url.get("mode") === "share" ? "share" : "absolute",
  by: ["year", "day"].includes(url.get("by")) ? url.get("by") : "month",
  id: url.get("id") || "",
};

// The queries: comma- or line-separated, at most five (commas inside quotes kept).
function queries(text) {
  const out = [];
  let cur = "", quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    if ((c === "," && !quoted) || c === "\n") {
      if (cur.trim()) out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out.slice(0, 5);
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
  }
  return e;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = String(text);
  return e;
}

// A URL of this page with some parameters changed.
function pageUrl(changes) {
  const p = new URLSearchParams();
  const s = Object.assign({}, state, changes);
  for (const k of ["q", "source", "from", "to", "tab", "offset", "mode", "by", "id"]) {
    if (s[k] && !(k === "offset" && s[k] === 0) && !(k === "mode" && s[k] === "absolute") && !(k === "by" && s[k] === "month")) {
      p.set(k, s[k]);
    }
  }
  return "/?" + p.toString();
}

// An API URL with the filters of the form.
function apiUrl(endpoint, params) {
  const p = new URLSearchParams(params);
  if (state.source) p.set("source", state.source);
  if (state.from) p.set("from", state.from);
  if (state.to) p.set("to", state.to);
  return "/api/" + endpoint + "?" + p.toString();
}

async function fetchLines(u) {
  const r = await fetch(u);
  const body = await r.text();
  if (!r.ok) throw new Error(body.trim() || r.status + " " + r.statusText);
  // The CLI's JSON Lines: the records of the answer, without the summary that ends it.
  const records = body.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l))
    .filter((x) => x.type !== "summary" && x.type !== "query" && x.type !== "forms");
  return { records, total: r.headers.get("x-total") };
}

// `text` with the spans (character offsets) in <mark>.
function marked(text, spans) {
  const chars = Array.from(text);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const s of spans || []) {
    if (s.char_start < at) continue;
    out.append(chars.slice(at, s.char_start).join(""));
    out.append(el("mark", { title: s.term }, chars.slice(s.char_start, s.char_end).join("")));
    at = s.char_end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

function meta(r) {
  const parts = [];
  if (r.date) parts.push(r.date);
  if (r.source) parts.push(r.source);
  return parts.join(" · ");
}

function main() { return document.getElementById("main"); }

function show(...nodes) {
  main().replaceChildren(...nodes.filter((n) => n !== null && n !== undefined));
}

function error(e) {
  show(el("p", { class: "error", role: "alert" }, e.message || String(e)));
}

function downloads(items) {
  const d = el("span", { class: "downloads" }, "Download:");
  for (const [label, href] of items) d.append(el("a", { href, download: "" }, label));
  return d;
}

function tabs() {
  const nav = document.getElementById("tabs");
  const names = [["hits", "Hits"], ["chart", "Chart"], ["sources", "Sources"], ["kwic", "Concordance"]];
  if (state.id) names.push(["article", "Article"]);
  for (const [tab, label] of names) {
    nav.append(el("a", { href: pageUrl({ tab, offset: 0 }), class: tab === state.tab ? "on" : null }, label));
  }
}

async function hits(q) {
  const { records, total } = await fetchLines(apiUrl("query", { q, limit: PAGE, offset: state.offset }));
  const n = Number(total || 0);
  const list = el("div", { id: "hits" });
  for (const h of records) {
    const title = h.title || h.doc_id;
    list.append(el("div", { class: "hit" },
      el("h2", {}, el("a", { href: pageUrl({ tab: "article", id: h.doc_id, offset: 0 }) }, title)),
      el("div", { class: "meta" }, [meta(h), "¶" + h.passage, h.doc_id].filter(Boolean).join(" · ")),
      el("p", {}, marked(h.text, h.highlights))));
  }
  const shown = records.length
    ? `${state.offset + 1}–${state.offset + records.length} of ${n} passages`
    : `${n} passages`;
  const summary = el("div", { class: "summary" },
    el("span", { id: "total" }, shown),
    downloads([["CSV", apiUrl("query", { q, limit: 1000, offset: state.offset, format: "csv" })], ["JSON", apiUrl("query", { q, limit: 1000, offset: state.offset })]]));
  const pager = el("div", { class: "pager" });
  if (state.offset > 0) pager.append(el("a", { href: pageUrl({ offset: Math.max(0, state.offset - PAGE) }) }, "← previous"));
  if (state.offset + records.length < n && state.offset + PAGE < 10000) {
    pager.append(el("a", { href: pageUrl({ offset: state.offset + PAGE }) }, "next →"));
  }
  show(summary, records.length ? list : el("p", {}, "No passage matches."), pager);
}

async function chart(qs) {
  const counts = await Promise.all(qs.map((q) => fetchLines(apiUrl("count", { q, by: state.by }))));
  const series = counts.map((c, i) => {
    const rec = c.records[0];
    const points = new Map();
    for (const b of rec.buckets || []) {
      if (b.bucket) points.set(b.bucket, b);
    }
    return { q: qs[i], rec, points };
  });
  const months = [...new Set(series.flatMap((s) => [...s.points.keys()]))].sort();
  const share = state.mode === "share";
  const value = (b) => !b ? 0 : share ? (b.total_articles ? (100 * b.articles) / b.total_articles : 0) : b.articles;
  const W = 800, H = 320, L = 56, R = 30, T = 12, B = 40;
  const box = svg("svg", { id: "chart", viewBox: `0 0 ${W} ${H}`, role: "img" });
  box.append(svg("title", {}, `Matching articles per ${state.by} (${share ? "share of all articles, %" : "articles"})`));
  let top = 0;
  for (const s of series) for (const m of months) top = Math.max(top, value(s.points.get(m)));
  // Four gridlines at a round step (1, 2 or 5 times a power of ten; whole articles).
  let step = Math.pow(10, Math.floor(Math.log10(Math.max(top, 1e-9) / 4)));
  for (const k of [1, 2, 5, 10]) if (k * step * 4 >= top) { step *= k; break; }
  if (!share) step = Math.max(1, Math.round(step));
  const ticks = Math.max(1, Math.ceil(top / step));
  const max = step * ticks;
  const x = (i) => L + (months.length > 1 ? (i * (W - L - R)) / (months.length - 1) : (W - L - R) / 2);
  const y = (v) => T + (H - T - B) * (1 - v / max);
  for (let k = 0; k <= ticks; k++) {
    const v = step * k;
    box.append(svg("line", { x1: L, x2: W - R, y1: y(v), y2: y(v), stroke: "#e5e5e5" }));
    box.append(svg("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, share ? +v.toPrecision(6) + "%" : Math.round(v)));
  }
  const every = Math.max(1, Math.ceil(months.length / 8));
  months.forEach((m, i) => {
    if (i % every === 0) box.append(svg("text", { x: x(i), y: H - B + 16, "text-anchor": "middle" }, m));
  });
  series.forEach((s, i) => {
    const pts = months.map((m, j) => `${x(j).toFixed(1)},${y(value(s.points.get(m))).toFixed(1)}`);
    if (months.length === 1) {
      box.append(svg("circle", { cx: x(0), cy: y(value(s.points.get(months[0]))), r: 4, fill: COLORS[i], class: "series" }));
    } else {
      box.append(svg("polyline", { points: pts.join(" "), fill: "none", stroke: COLORS[i], "stroke-width": 2, class: "series" }));
    }
  });
  const legend = el("div", { class: "legend" });
  series.forEach((s, i) => legend.append(el("span", {},
    el("span", { class: "swatch", style: null, "data-color": COLORS[i] }),
    `${s.q}: ${s.rec.articles} articles, ${s.rec.passages} passages`)));
  // (colours set as properties: the style sheet policy forbids inline style attributes)
  legend.querySelectorAll(".swatch").forEach((sw) => { sw.style.background = sw.dataset.color; });
  const per = el("span", {}, "Per ");
  ["year", "month", "day"].forEach((by, i) => {
    if (i) per.append(" | ");
    per.append(by === state.by ? el("b", {}, by) : el("a", { href: pageUrl({ by }) }, by));
  });
  const modes = el("div", { class: "summary" },
    per,
    el("span", {}, "Matching articles: ",
      share ? el("a", { href: pageUrl({ mode: "absolute" }) }, "absolute") : el("b", {}, "absolute"), " | ",
      share ? el("b", {}, "share of all articles") : el("a", { href: pageUrl({ mode: "share" }) }, "share of all articles")),
    downloads(qs.flatMap((q) => [
      [`CSV ${qs.length > 1 ? q : ""}`.trim(), apiUrl("count", { q, by: state.by, format: "csv" })],
      [`JSON ${qs.length > 1 ? q : ""}`.trim(), apiUrl("count", { q, by: state.by })]])));
  const undated = months.length === 0 ? el("p", {}, "No dated article matches.") : null;
  show(modes, legend, box, undated);
}

async function sources(q) {
  const { records } = await fetchLines(apiUrl("count", { q, by: "source" }));
  const rec = records[0];
  const rows = (rec.buckets || []).filter((b) => b.articles > 0).sort((a, b) => b.articles - a.articles).slice(0, 20);
  const max = Math.max(1, ...rows.map((b) => b.articles));
  const table = el("table", { id: "sources" }, el("tr", {}, el("th", {}, "Source"), el("th", {}, "Articles"), el("th", {}, "Share of the source's articles"), el("th", {})));
  for (const b of rows) {
    const bar = el("span", { class: "bar" });
    bar.style.width = (8 * b.articles) / max + "rem";
    table.append(el("tr", {},
      el("td", {}, b.bucket === null ? "(no source)" : b.bucket),
      el("td", {}, b.articles),
      el("td", {}, b.total_articles ? ((100 * b.articles) / b.total_articles).toFixed(1) + "%" : ""),
      el("td", {}, bar)));
  }
  show(el("div", { class: "summary" },
    el("span", {}, `${rec.articles} articles, ${rec.passages} passages, ${rec.occurrences} occurrences`),
    downloads([["CSV", apiUrl("count", { q, by: "source", format: "csv" })], ["JSON", apiUrl("count", { q, by: "source" })]])),
  rows.length ? table : el("p", {}, "No article matches."));
}

async function kwic(q) {
  const { records, total } = await fetchLines(apiUrl("kwic", { q, limit: KWIC_PAGE, offset: state.offset }));
  const n = Number(total || 0);
  const table = el("table", { class: "kwic", id: "kwic" });
  for (const k of records) {
    table.append(el("tr", {},
      el("td", { class: "left" }, el("span", {}, k.left)),
      el("td", { class: "match" }, el("a", { href: pageUrl({ tab: "article", id: k.doc_id, offset: 0 }) }, el("mark", {}, k.match))),
      el("td", { class: "right" }, k.right)));
  }
  const pager = el("div", { class: "pager" });
  if (state.offset > 0) pager.append(el("a", { href: pageUrl({ offset: Math.max(0, state.offset - KWIC_PAGE) }) }, "← previous"));
  if (state.offset + records.length < n && state.offset + KWIC_PAGE < 10000) {
    pager.append(el("a", { href: pageUrl({ offset: state.offset + KWIC_PAGE }) }, "next →"));
  }
  show(el("div", { class: "summary" },
    el("span", { id: "total" }, records.length ? `${state.offset + 1}–${state.offset + records.length} of ${n} occurrences` : `${n} occurrences`),
    downloads([["CSV", apiUrl("kwic", { q, limit: 1000, offset: state.offset, format: "csv" })], ["JSON", apiUrl("kwic", { q, limit: 1000, offset: state.offset })]])),
  records.length ? table : el("p", {}, "No occurrence."), pager);
}

async function article(q) {
  const r = await fetch("/api/show?" + new URLSearchParams({ id: state.id, q }).toString());
  const body = await r.text();
  if (!r.ok) throw new Error(body.trim());
  const a = JSON.parse(body);
  const view = el("article", { class: "view", id: "article" },
    el("h2", {}, a.title || a.doc_id),
    el("div", { class: "meta" }, [meta(a), a.doc_id].filter(Boolean).join(" · ")));
  if (a.url && /^https?:\/\//i.test(a.url)) {
    view.append(el("div", { class: "meta" }, el("a", { href: a.url, rel: "noopener noreferrer" }, a.url)));
  }
  for (const p of a.passages) view.append(el("p", {}, el("span", { class: "num" }, "¶" + p.passage), marked(p.text, p.highlights)));
  const count = a.passages.reduce((n, p) => n + p.highlights.length, 0);
  show(el("div", { class: "summary" }, el("span", {}, q ? `${count} matches marked` : ""),
    downloads([["JSON", "/api/show?" + new URLSearchParams({ id: state.id, q }).toString()]])), view);
}

async function stats() {
  try {
    const { records } = await fetchLines("/api/stats");
    const s = records[0];
    const list = document.getElementById("sources");
    for (const src of s.sources || []) if (src.source) list.append(el("option", { value: src.source }));
    document.getElementById("footer").textContent =
      `${s.articles} articles, ${s.passages} passages` + (s.first_date ? `, ${s.first_date} to ${s.last_date}` : "");
  } catch (e) { /* the footer is optional */ }
}

async function run() {
  document.getElementById("q").value = state.q;
  document.getElementById("source").value = state.source;
  document.getElementById("from").value = state.from;
  document.getElementById("to").value = state.to;
  document.getElementById("tab").value = state.tab === "article" ? "hits" : state.tab;
  // Enter searches (as in any search box); Shift+Enter starts another line (another query).
  document.getElementById("q").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      document.getElementById("form").requestSubmit();
    }
  });
  stats();
  tabs();
  const qs = queries(state.q);
  if (qs.length === 0 && !(state.tab === "article" && state.id)) return;
  show(el("p", { class: "hint" }, "Searching…"));
  try {
    if (state.tab === "chart") await chart(qs);
    else if (state.tab === "sources") await sources(qs[0]);
    else if (state.tab === "kwic") await kwic(qs[0]);
    else if (state.tab === "article") await article(qs[0] || "");
    else await hits(qs[0]);
    document.body.setAttribute("data-ready", "true");
  } catch (e) {
    error(e);
    document.body.setAttribute("data-ready", "error");
  }
}

document.addEventListener("DOMContentLoaded", run);
