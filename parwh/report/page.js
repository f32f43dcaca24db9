"use strict";
// The report page: every number comes from the data block the build wrote from the marts.
const DATA = JSON.parse(document.getElementById("data").textContent);

function records(table) {
  const { columns, rows } = DATA[table];
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
}

const rankings = records("rankings");
const components = records("components");
const deltas = records("deltas");
const provinces = records("provinces");
const ministries = new Map(records("ministries").map((m) => [m.ministry_code, m]));
const observations = new Map(records("observations").map((o) => [o.observation_id, o]));
const metricNames = new Map(DATA.metric_names.rows.map(([metric, vi, en]) => [metric, [vi, en]]));
const provinceByKey = new Map(provinces.map((p) => [p.unit_key, p]));
const INDEX_LABELS = { PAR_INDEX: "PAR INDEX · Chỉ số cải cách hành chính", SIPAS: "SIPAS · Chỉ số hài lòng" };
const UNKNOWN = "#d6d6d6";
const state = { index: "PAR_INDEX", year: null, province: "vn63_77" };

function el(tag, attributes = {}, ...children) {
  const node = tag === "svg" || tag === "path" || tag === "title"
    ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function score(n) { return n == null ? "" : n.toFixed(2).replace(".", ","); }
function signed(n, digits) { return n == null ? "" : (n > 0 ? "+" : "") + n.toFixed(digits).replace(".", ","); }
function unitName(key) {
  const unit = provinceByKey.get(key) || ministries.get(key);
  return unit ? unit.name_vi : key;
}

// A number the reader can click to see the statements behind it.
function cited(text, ids, label) {
  if (text === "" || text == null) return el("span", { class: "missing" }, "—");
  if (!ids || ids.length === 0) return el("span", {}, text);
  const button = el("button", { type: "button", class: "number", title: "Nguồn · Sources: " + ids.length }, text);
  button.addEventListener("click", () => showSources(ids, label));
  return button;
}

function showSources(ids, label) {
  const body = document.getElementById("source-body");
  body.replaceChildren(el("h3", {}, label));
  for (const id of ids) {
    const o = observations.get(id);
    if (!o) continue;
    body.append(el("blockquote", {}, o.quote),
      el("p", {}, el("a", { href: o.source_url, target: "_blank", rel: "noopener" }, o.source_url),
        o.source_date ? " · " + o.source_date : "", " · " + id));
  }
  document.getElementById("source-panel").hidden = false;
}

function provinceRows(index, year) {
  return rankings.filter((r) => r.index_code === index && r.year === year && r.unit_level === "province");
}

function provinceYears(index) {
  return [...new Set(rankings.filter((r) => r.index_code === index && r.unit_level === "province")
    .map((r) => r.year))].sort((a, b) => a - b);
}

function renderControls() {
  const indexChoice = document.getElementById("index-choice");
  indexChoice.replaceChildren(...Object.entries(INDEX_LABELS).map(([code, label]) => el("option", { value: code }, label)));
  indexChoice.value = state.index;
  const years = provinceYears(state.index);
  const known = years.filter((y) => provinceRows(state.index, y).some((r) => r.score != null));
  if (!years.includes(state.year)) state.year = known.length ? known[known.length - 1] : years[years.length - 1];
  const yearChoice = document.getElementById("year-choice");
  yearChoice.replaceChildren(...years.map((y) => el("option", { value: y }, y)));
  yearChoice.value = state.year;
}

function colour(value, low, high) {
  const t = high > low ? (value - low) / (high - low) : 1;
  const from = [253, 224, 166], to = [11, 79, 138];
  return "rgb(" + from.map((c, i) => Math.round(c + (to[i] - c) * t)).join(",") + ")";
}

function renderMap() {
  const rows = new Map(provinceRows(state.index, state.year).map((r) => [r.unit_key, r]));
  const scores = [...rows.values()].map((r) => r.score).filter((s) => s != null);
  const low = Math.min(...scores), high = Math.max(...scores);
  const vintage = state.year >= 2025 ? "2025" : "2008";
  const svg = document.getElementById("map-svg");
  svg.setAttribute("viewBox", DATA.geometry.viewBox);
  svg.replaceChildren();
  for (const [key, d] of Object.entries(DATA.geometry[vintage])) {
    const r = rows.get(key);
    const known = r && r.score != null;
    const text = unitName(key) + ": " + (known ? score(r.score) + (r.official_rank ? " (hạng · rank " + r.official_rank + "/" + r.rank_of + ")" : "")
      : "chưa có số liệu · unknown");
    const path = el("path", { d, fill: known ? colour(r.score, low, high) : UNKNOWN, "data-unit": key,
      "data-known": known ? "yes" : "no" }, el("title", {}, text));
    path.addEventListener("click", () => { state.province = key; renderProfile(); });
    svg.append(path);
  }
  const legend = document.getElementById("map-legend");
  legend.replaceChildren(el("strong", {}, INDEX_LABELS[state.index] + " " + state.year));
  if (scores.length) {
    legend.append(el("div", {}, el("span", { class: "swatch", style: "background:" + colour(high, low, high) }), score(high) + " cao nhất · highest"),
      el("div", {}, el("span", { class: "swatch", style: "background:" + colour(low, low, high) }), score(low) + " thấp nhất · lowest"));
  }
  legend.append(el("div", {}, el("span", { class: "swatch", style: "background:" + UNKNOWN }),
    "chưa có số liệu · unknown (" + (rows.size - scores.length) + "/" + rows.size + ")"));
}

function renderRankings() {
  const rows = provinceRows(state.index, state.year).filter((r) => r.score != null || r.official_rank != null)
    .sort((a, b) => (a.official_rank ?? a.computed_rank ?? 999) - (b.official_rank ?? b.computed_rank ?? 999));
  const all = provinceRows(state.index, state.year).length;
  document.getElementById("rankings-caption").textContent = INDEX_LABELS[state.index] + " " + state.year + ": "
    + rows.filter((r) => r.score != null).length + "/" + all + " tỉnh có điểm · provinces with a known score. "
    + "Hạng trong các tỉnh đã biết chỉ so các tỉnh có điểm · rank among known compares known scores only.";
  document.getElementById("rankings-body").replaceChildren(...rows.map((r) => el("tr", {},
    el("td", { class: "number" }, r.official_rank ? cited(String(r.official_rank), r.observation_ids, unitName(r.unit_key)) : "—"),
    el("td", {}, unitName(r.unit_key), r.has_conflict ? " ⚠" : ""),
    el("td", { class: "number" }, cited(score(r.score), r.observation_ids, unitName(r.unit_key) + " " + state.year)),
    el("td", { class: "number" }, r.computed_rank ?? "—"))));
}

function renderProfileChoice() {
  const choice = document.getElementById("province-choice");
  const groups = [["2008", "63 tỉnh, thành phố (2008-2024)"], ["2025", "34 đơn vị từ 2025 · units from 2025"]];
  choice.replaceChildren(...groups.map(([vintage, label]) => el("optgroup", { label },
    ...provinces.filter((p) => p.vintage === vintage).map((p) => el("option", { value: p.unit_key }, p.name_vi)))));
  choice.value = state.province;
}

function renderProfile() {
  document.getElementById("province-choice").value = state.province;
  const key = state.province, label = unitName(key);
  const mine = rankings.filter((r) => r.unit_key === key);
  const years = [...new Set(mine.map((r) => r.year))].sort((a, b) => a - b);
  const cells = (index, year) => {
    const r = mine.find((x) => x.index_code === index && x.year === year);
    const d = deltas.find((x) => x.index_code === index && x.year === year && x.unit_key === key);
    const change = d && (d.score_change_computed ?? d.score_change_claimed);
    const rankChange = d && (d.rank_change_computed ?? d.rank_change_claimed);
    return [el("td", { class: "number" }, cited(r ? score(r.score) : "", r && r.observation_ids, label + " " + index + " " + year)),
      el("td", { class: "number" }, r && r.official_rank ? cited(String(r.official_rank), r.observation_ids, label + " " + year) : "—"),
      el("td", { class: "number" }, change == null ? "" : signed(change, 2)),
      el("td", { class: "number" }, rankChange == null ? "" : signed(rankChange, 0))];
  };
  document.getElementById("profile-body").replaceChildren(...years.map((year) =>
    el("tr", {}, el("td", {}, year), ...cells("PAR_INDEX", year), ...cells("SIPAS", year))));
  const parts = components.filter((c) => c.unit_key === key);
  document.getElementById("components-body").replaceChildren(...(parts.length ? parts.map((c) => {
    const [vi, en] = metricNames.get(c.metric) || [c.metric, ""];
    return el("tr", {}, el("td", {}, c.year), el("td", {}, c.index_code), el("td", {}, vi + (en ? " · " + en : "")),
      el("td", { class: "number" }, cited(score(c.value), c.observation_ids, label + " " + c.year + " " + vi)));
  }) : [el("tr", {}, el("td", { colspan: 4, class: "missing" }, "chưa có số liệu thành phần · no component known"))]));
}

function renderCoverage() {
  const grid = document.getElementById("coverage-grid");
  grid.replaceChildren();
  for (const vintage of ["2008", "2025"]) {
    const years = provinceYears(state.index).filter((y) => (y >= 2025) === (vintage === "2025"));
    if (!years.length) continue;
    const rows = new Map(rankings.filter((r) => r.index_code === state.index && r.unit_level === "province")
      .map((r) => [r.unit_key + "|" + r.year, r]));
    const table = el("table", { class: "coverage", "data-vintage": vintage },
      el("tr", {}, el("th", {}, INDEX_LABELS[state.index]), ...years.map((y) => el("th", {}, String(y).slice(2)))));
    for (const p of provinces.filter((x) => x.vintage === vintage)) {
      table.append(el("tr", {}, el("td", {}, p.name_vi), ...years.map((y) => {
        const r = rows.get(p.unit_key + "|" + y);
        const kind = r && r.score != null ? "known" : r && r.has_conflict ? "conflict" : "unknown";
        return el("td", { class: "cell " + kind, title: p.name_vi + " " + y + ": " + kind }, "");
      })));
    }
    grid.append(table);
  }
}

function renderMinistries() {
  const rows = rankings.filter((r) => r.index_code === "PAR_INDEX" && r.unit_level === "ministry");
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const codes = [...new Set(rows.map((r) => r.unit_key))].sort((a, b) => unitName(a).localeCompare(unitName(b), "vi"));
  const table = document.getElementById("ministries-table");
  table.replaceChildren(el("tr", {}, el("th", {}, "Bộ · Ministry"), ...years.map((y) => el("th", {}, y))));
  for (const code of codes) {
    table.append(el("tr", {}, el("td", {}, unitName(code)), ...years.map((y) => {
      const r = rows.find((x) => x.unit_key === code && x.year === y);
      if (!r) return el("td", {}, "");
      const text = r.score != null ? score(r.score) + (r.official_rank ? " (" + r.official_rank + ")" : "")
        : r.official_rank ? "(" + r.official_rank + ")" : "";
      return el("td", { class: "number" }, cited(text, r.observation_ids, unitName(code) + " " + y));
    })));
  }
}

function renderIndexViews() { renderMap(); renderRankings(); renderCoverage(); }

document.getElementById("index-choice").addEventListener("change", (event) => {
  state.index = event.target.value;
  renderControls();
  renderIndexViews();
});
document.getElementById("year-choice").addEventListener("change", (event) => {
  state.year = Number(event.target.value);
  renderMap();
  renderRankings();
});
document.getElementById("province-choice").addEventListener("change", (event) => {
  state.province = event.target.value;
  renderProfile();
});
document.getElementById("source-close").addEventListener("click", () => {
  document.getElementById("source-panel").hidden = true;
});

const [build] = records("build");
document.getElementById("build").textContent = "Bản dựng · Build " + build.build_id + " · " + build.built_at_utc
  + " UTC · " + build.git_commit;
renderControls();
renderIndexViews();
renderProfileChoice();
renderProfile();
renderMinistries();
