"use strict";
// The report page: every number comes from the data block the build wrote from the marts.
// Charts are Observable Plot (with d3), inlined by the build; the map is drawn from precomputed SVG paths.
const DATA = JSON.parse(document.getElementById("data").textContent);

function records(table) {
  const { columns, rows } = DATA[table];
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
}

const rankings = records("rankings");
const components = records("components");
const deltas = records("deltas");
// units and provinces come in Vietnamese alphabetical order (the marts' name_sort_key); the page keeps it
const units = records("units");
const unitByKey = new Map(units.map((u) => [u.unit_key, u]));
const provinces = records("provinces");
const observations = new Map(records("observations").map((o) => [o.observation_id, o]));
const weakEvidence = records("weak_evidence");
const groups = records("groups");
const sourceKinds = new Map(records("source_kinds").map((k) => [k.source_kind, k]));
const provinceByKey = new Map(provinces.map((p) => [p.unit_key, p]));
const [build] = records("build");
const MERGER_FIRST_YEAR = DATA.merger_first_year;  // the dbt var merger_first_year, written by the build
const INDICES = ["PAR_INDEX", "SIPAS"];
const INDEX_NAMES = { PAR_INDEX: "PAR INDEX", SIPAS: "SIPAS" };
const INDEX_LABELS = { PAR_INDEX: "PAR INDEX · Chỉ số cải cách hành chính", SIPAS: "SIPAS · Chỉ số hài lòng" };
const UNKNOWN = "#d6d6d6";
const CONFLICT_NOTE = "các nguồn ghi số khác nhau, xem trích dẫn · sources state different numbers, see the quotes";
const COVERAGE_STATES = [
  ["known", "đã biết · known"],
  ["resolution", "chọn theo văn bản giải quyết · settled by a written resolution"],
  ["disputed", "nguồn mâu thuẫn, chưa giải quyết · sources disagree, unresolved"],
  ["weak", "chỉ có chứng cứ yếu, không công bố · weak evidence only, not published"],
  ["rank-only", "chỉ có hạng · rank only"],
  ["unknown", "chưa biết · unknown"],
];
// Evidence grades (docs/evidence.md; rules in macros/evidence.sql). Only the first three are
// published as settled numbers; weak and disputed numbers are null in the marts.
const GRADES = {
  official: "chính thức · official",
  corroborated: "nhiều nguồn · corroborated",
  single: "một nguồn · single source",
  weak: "chỉ có chứng cứ yếu · weak evidence only",
  disputed: "nguồn mâu thuẫn · disputed",
};
const WEAK_NOTE = "Chỉ nguồn sao chép, trang rác hoặc tập hợp thứ cấp nêu số này; không công bố là số chính thức · only "
  + "mirrors, spam or secondary compilations state this number; not published as a settled value";
const WEAK_HEADING = "Chỉ có chứng cứ yếu, không công bố · Weak evidence only, not published";
const state = { index: "PAR_INDEX", year: null, province: "vn63_77" };

function el(tag, attributes = {}, ...children) {
  const svg = ["path", "g", "circle", "rect", "text"].includes(tag);
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  // text always goes in as a text node: nothing from the data is ever parsed as HTML
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

// Only http(s) addresses become links; anything else (javascript:, data:, ...) is shown as text.
function safeUrl(text) {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (error) {
    return null;
  }
}

function score(n) { return n == null ? "" : n.toFixed(2).replace(".", ","); }
function signed(n, digits) { return n == null ? "" : (n > 0 ? "+" : "") + n.toFixed(digits).replace(".", ","); }
function unitName(key) {
  const unit = unitByKey.get(key);
  return unit ? unit.display_name : key;
}
function gradeText(grade) { return GRADES[grade] || grade; }
// What a grade is about: a fact's value and its rank are graded apart; a group statement has its own grade.
const GRADED_FIELDS = [["value", "điểm · score"], ["rank", "hạng · rank"], ["group", "nhóm · group"]];
function gradedFields(grades) { return GRADED_FIELDS.filter(([field]) => grades && grades[field]); }
// "điểm · score: official; hạng · rank: single" for the grades a number has
function gradesLine(grades) {
  return gradedFields(grades).map(([field, label]) => label + ": " + gradeText(grades[field])).join("; ");
}
// one element per grade, marked with its field and grade (the tests read them)
function gradeElements(tag, grades) {
  return gradedFields(grades).map(([field, label]) => el(tag, { "data-field": field, "data-grade": grades[field],
    class: "grade " + grades[field] }, label + ": " + gradeText(grades[field])));
}
function rankText(r) { return r.official_rank ? r.official_rank + (r.rank_of ? "/" + r.rank_of : "") : ""; }

// ---- sources ---------------------------------------------------------------------------------------------
// A number the reader can click to see the statements behind it.
// grades: {value, rank}, the evidence grades of the number's value and rank, as the marts hold them.
function cited(text, ids, label, grades) {
  if (text === "" || text == null) return el("span", { class: "missing" }, "—");
  if (!ids || ids.length === 0) return el("span", {}, text);
  const title = ["Nguồn · Sources: " + ids.length, gradesLine(grades)].filter(Boolean).join("\n");
  const button = el("button", { type: "button", class: "number", title }, text);
  button.addEventListener("click", () => showSources(ids, label + ": " + text, grades));
  return button;
}

// A number only weak sources state: marked, never shown as a value; its sources open on click.
function weakMark(entries, label, text = "chứng cứ yếu · weak") {
  if (!entries.length) return el("span", { class: "weak-mark", title: WEAK_NOTE }, text);
  const ids = [...new Set(entries.flatMap((w) => w.observation_ids))];
  const stated = entries.map((w) => (w.field === "rank" ? "hạng · rank " + w.stated_number : score(w.stated_number))).join(", ");
  const button = el("button", { type: "button", class: "weak-mark", title: WEAK_NOTE }, text);
  button.addEventListener("click", () => showSources(ids, label + ": " + stated + " (" + GRADES.weak + ")",
    Object.fromEntries(entries.map((w) => [w.field, "weak"]))));
  return button;
}

function weakEntries(index, year, unit, metric, field) {
  return weakEvidence.filter((w) => w.index_code === index && w.year === year && w.unit_key === unit
    && w.metric === metric && (!field || w.field === field));
}

// What the panel says of a source besides its quote: the columns named in parwh/report EVIDENCE_COLUMNS
// (publisher, kind, language, date; passed as DATA.evidence_labels), the kind with its register label.
function sourceFact(o, column) {
  if (column === "publisher") return o.publisher + " (" + o.source_domain + ")";
  if (column === "source_kind") {
    const kind = sourceKinds.get(o.source_kind);
    if (!kind) return o.source_kind;
    return kind.source_kind_label_vi + " · " + kind.source_kind_label_en
      + (kind.source_tier === "weak" ? " — nguồn yếu, không phải nhân chứng độc lập · weak, not an independent witness" : "");
  }
  return o[column];
}

function sourceFacts(o) {
  return Object.entries(DATA.evidence_labels).filter(([column]) => o[column] != null)
    .map(([column, label]) => label + ": " + sourceFact(o, column)).join(" · ");
}

const TIER_ORDER = ["official", "reputable", "weak"];
function tier(o) { return sourceKinds.get(o.source_kind)?.source_tier; }

// The citation names the official and reputable sources; weak ones only when nothing else states the number.
function citationText(label, sources, grades) {
  const strong = sources.filter((o) => tier(o) !== "weak");
  const cites = (strong.length ? strong : sources).map((o) => [o.publisher, o.source_date && "(" + o.source_date + ")",
    o.source_url].filter(Boolean).join(" ")).join("; ");
  const grade = gradesLine(grades);
  return label + ". Nguồn · Source: " + cites + (grade ? ". Mức chứng cứ · Evidence grade: " + grade : "")
    + ". Qua · Via: Kho dữ liệu PAR INDEX & SIPAS · PAR INDEX & SIPAS "
    + "warehouse, bản dựng · build " + build.build_id + " (" + build.built_at_utc + " UTC).";
}

function copyCitation(text, status) {
  const fallback = () => {
    const area = document.getElementById("citation-text");
    area.focus();
    area.select();
    const copied = document.execCommand && document.execCommand("copy");
    status.textContent = copied ? "Đã sao chép · Copied" : "Chọn và sao chép đoạn trên · Select and copy the text above";
  };
  if (!navigator.clipboard) return fallback();
  navigator.clipboard.writeText(text).then(() => { status.textContent = "Đã sao chép · Copied"; }, fallback);
}

function showSources(ids, label, grades) {
  // official sources first, weak ones last
  const sources = ids.map((id) => observations.get(id)).filter(Boolean)
    .sort((a, b) => TIER_ORDER.indexOf(tier(a)) - TIER_ORDER.indexOf(tier(b)));
  const body = document.getElementById("source-body");
  const text = citationText(label, sources, grades);
  const status = el("span", { class: "note", role: "status" });
  const button = el("button", { type: "button", id: "copy-citation" }, "Sao chép trích dẫn · Copy citation");
  button.addEventListener("click", () => copyCitation(text, status));
  const gradeLine = el("p", { class: "grades" }, "Mức chứng cứ · Evidence grade: ",
    ...gradeElements("span", grades).flatMap((span, i) => [i ? "; " : "", span]));
  body.replaceChildren(el("h3", {}, label), ...(gradedFields(grades).length ? [gradeLine] : []), el("textarea", { id: "citation-text", readonly: "", rows: 3,
    "aria-label": "Trích dẫn · Citation" }, text), el("p", {}, button, " ", status));
  for (const o of sources) {
    const href = safeUrl(o.source_url);
    const address = href ? el("a", { href, target: "_blank", rel: "noopener noreferrer" }, o.source_url)
      : el("span", { class: "bad-url", title: "không phải địa chỉ http(s) · not an http(s) address" }, o.source_url);
    body.append(el("blockquote", {}, o.quote), el("p", { class: "source-facts" }, sourceFacts(o)),
      el("p", { class: "source-url" }, address, " · " + o.observation_id));
  }
  document.getElementById("source-panel").hidden = false;
}

// ---- choices ---------------------------------------------------------------------------------------------
function provinceRows(index, year) {
  return rankings.filter((r) => r.index_code === index && r.year === year && r.unit_level === "province");
}

function provinceYears(index) {
  return [...new Set(rankings.filter((r) => r.index_code === index && r.unit_level === "province")
    .map((r) => r.year))].sort((a, b) => a - b);
}

function renderControls() {
  const indexChoice = document.getElementById("index-choice");
  indexChoice.replaceChildren(...INDICES.map((code) => el("option", { value: code }, INDEX_LABELS[code])));
  indexChoice.value = state.index;
  const years = provinceYears(state.index);
  const known = years.filter((y) => provinceRows(state.index, y).some((r) => r.score != null));
  if (!years.includes(state.year)) state.year = known.length ? known[known.length - 1] : years[years.length - 1];
  const yearChoice = document.getElementById("year-choice");
  yearChoice.replaceChildren(...years.map((y) => el("option", { value: y }, y)));
  yearChoice.value = state.year;
}

// ---- map -------------------------------------------------------------------------------------------------
// Classed sequential scale: classes bounded by round numbers (d3.ticks) over the known scores of the release,
// coloured from d3-scale-chromatic's YlGnBu.
function colourClasses(scores) {
  const [low, high] = d3.extent(scores);
  let bounds = d3.ticks(low, high, 5).filter((t) => t > low && t < high);
  if (!bounds.length) bounds = low === high ? [] : [(low + high) / 2];
  const colours = d3.schemeYlGnBu[Math.max(3, bounds.length + 1)].slice(-(bounds.length + 1));
  const classes = colours.map((colour, i) => ({ colour, from: i ? bounds[i - 1] : low,
    to: i < bounds.length ? bounds[i] : high }));
  const scale = d3.scaleThreshold().domain(bounds).range(colours);
  return { scale, classes };
}

function mapLabel(r, key) {
  const lines = [unitName(key)];
  const weak = r && (r.score_grade === "weak" || r.rank_grade === "weak");
  if (!r || (r.score == null && r.official_rank == null)) {
    lines.push(weak ? GRADES.weak + " (" + INDEX_NAMES[state.index] + " " + state.year + ")" : "chưa có số liệu · unknown");
  } else {
    lines.push(INDEX_NAMES[state.index] + " " + state.year + ": " + (r.score != null ? score(r.score) : "điểm chưa biết · score unknown"));
    lines.push(r.official_rank ? "hạng · rank " + rankText(r) : "hạng chưa công bố · rank not published");
    lines.push("chứng cứ · evidence: " + gradesLine({ value: r.score_grade, rank: r.rank_grade }));
    const sources = (r.observation_ids || []).length;
    lines.push(sources + " trích dẫn · cited statements" + (r.has_conflict ? "; nguồn mâu thuẫn · sources disagree" : ""));
  }
  return lines;
}

function showMapLabel(event, lines) {
  const label = document.getElementById("map-label");
  const frame = label.parentElement.getBoundingClientRect();
  label.replaceChildren(...lines.map((line, i) => el(i ? "div" : "strong", {}, line)));
  label.hidden = false;
  const x = Math.min(event.clientX - frame.left + 12, frame.width - label.offsetWidth - 4);
  label.style.left = Math.max(0, x) + "px";
  label.style.top = Math.max(0, event.clientY - frame.top - label.offsetHeight - 8) + "px";
}

function drawArchipelagos(svg) {
  for (const [key, a] of Object.entries(DATA.geometry.archipelagos)) {
    const [x0, y0, x1, y1] = a.bounds;
    const group = el("g", { class: "archipelago", "data-archipelago": key });
    group.append(el("rect", { x: x0 - 10, y: y0 - 10, width: x1 - x0 + 20, height: y1 - y0 + 20, rx: 10 }));
    for (const [x, y] of a.points) group.append(el("circle", { cx: x, cy: y, r: 2.2 }));
    group.append(el("text", { class: "archipelago-label", x: x0 - 10, y: y0 - 18 }, a.name));
    svg.append(group);
  }
}

function renderMap() {
  const rows = new Map(provinceRows(state.index, state.year).map((r) => [r.unit_key, r]));
  const scores = [...rows.values()].map((r) => r.score).filter((s) => s != null);
  const { scale: colour, classes } = scores.length ? colourClasses(scores) : { scale: null, classes: [] };
  const vintage = state.year >= MERGER_FIRST_YEAR ? "2025" : "2008";
  const svg = document.getElementById("map-svg");
  svg.setAttribute("viewBox", DATA.geometry.viewBox);
  svg.replaceChildren();
  for (const [key, d] of Object.entries(DATA.geometry[vintage])) {
    const r = rows.get(key);
    const known = r && r.score != null;
    const path = el("path", { d, fill: known ? colour(r.score) : UNKNOWN, "data-unit": key,
      "data-known": known ? "yes" : "no" });
    const lines = mapLabel(r, key);
    path.addEventListener("pointermove", (event) => showMapLabel(event, lines));
    path.addEventListener("click", (event) => { showMapLabel(event, lines); state.province = key; renderProfile(); });
    svg.append(path);
  }
  drawArchipelagos(svg);
  svg.onpointerleave = () => { document.getElementById("map-label").hidden = true; };
  const legend = document.getElementById("map-legend");
  legend.replaceChildren(el("strong", {}, INDEX_LABELS[state.index] + " " + state.year));
  for (const { colour: swatch, from, to } of [...classes].reverse()) {
    const count = scores.filter((s) => colour(s) === swatch).length;
    legend.append(el("div", { class: "legend-class" }, el("span", { class: "swatch", style: "background:" + swatch }),
      (from === to ? score(from) : score(from) + " – " + score(to)) + " (" + count + ")"));
  }
  legend.append(el("div", {}, el("span", { class: "swatch", style: "background:" + UNKNOWN }),
    "chưa có điểm · score unknown (" + (rows.size - scores.length) + "/" + rows.size + ")"));
  legend.append(el("p", { class: "note" }, "Chạm hoặc rê chuột lên tỉnh để xem điểm; bấm để mở hồ sơ. · Hover or tap a "
    + "province for its score; click to open its profile."));
}

// ---- rankings --------------------------------------------------------------------------------------------
// Official ranks in order; a unit with a score but no published rank goes where its score puts it among the
// ranked units that have scores (after the last one scoring at least as much); a rank without a score stays
// at its rank.
function rankingOrder(rows) {
  const ranked = rows.filter((r) => r.official_rank != null).sort((a, b) => a.official_rank - b.official_rank);
  const rankedScored = ranked.filter((r) => r.score != null);
  const placed = ranked.map((r) => ({ row: r, key: r.official_rank }));
  for (const r of rows.filter((x) => x.official_rank == null && x.score != null)) {
    const above = rankedScored.filter((x) => x.score >= r.score).pop();
    const below = rankedScored.find((x) => x.score < r.score);
    const key = above ? above.official_rank + 0.5 : below ? below.official_rank - 0.5 : Infinity;
    placed.push({ row: r, key, between: [above && above.official_rank, below && below.official_rank] });
  }
  return placed.sort((a, b) => a.key - b.key || (b.row.score ?? -1) - (a.row.score ?? -1));
}

function betweenText(between) {
  const [above, below] = between || [];
  if (above && below) return "sau hạng " + above + ", trước hạng " + below + " · between ranks " + above + " and " + below;
  if (above) return "sau hạng " + above + " · after rank " + above;
  if (below) return "trước hạng " + below + " · before rank " + below;
  return "";
}

function renderRankingChart(placed, units) {
  const box = document.getElementById("rankings-chart");
  const points = placed.filter((p) => p.row.score != null).map((p) => ({
    name: unitName(p.row.unit_key), score: p.row.score, ranked: p.row.official_rank != null, grade: p.row.score_grade,
    label: (p.row.official_rank ? p.row.official_rank + ". " : "") + unitName(p.row.unit_key) }));
  if (!points.length) { box.replaceChildren(); return; }
  const width = Math.min(box.clientWidth || 700, 760);
  const chart = Plot.plot({
    width, height: 20 * points.length + 50, style: { fontSize: "12px" }, marginLeft: Math.min(190, width * 0.42), marginRight: 50,
    x: { label: null, grid: true, nice: true, tickFormat: (d) => String(d).replace(".", ",") },
    y: { domain: points.map((p) => p.label), label: null },
    color: { domain: [true, false], range: ["#225ea8", "#e08214"] },
    marks: [
      Plot.ruleY(points, { y: "label", stroke: "#eee" }),
      Plot.dot(points, { x: "score", y: "label", fill: "ranked", r: 5,
        title: (p) => p.name + ": " + score(p.score) + (p.ranked ? "" : " · hạng chưa công bố · rank not published")
          + "\nchứng cứ · evidence: " + gradeText(p.grade) }),
      Plot.text(points, { x: "score", y: "label", text: (p) => score(p.score), dx: 24, fontSize: 11 }),
    ],
  });
  box.replaceChildren(chart, el("p", { class: "note" }, "Điểm · Score: ",
    el("span", { class: "key" }, el("span", { class: "dot ranked" }), " có hạng chính thức · official rank published"), " ",
    el("span", { class: "key" }, el("span", { class: "dot unranked" }), " hạng chưa công bố · rank not published"), " ",
    el("span", { class: "key" }, (units - points.length) + "/" + units + " chưa có điểm, không vẽ · without a known score, not drawn")));
}

function gradeCell(grades) { return el("td", { class: "grade-cell" }, ...gradeElements("div", grades)); }

// The release's numbers that only weak sources state: listed apart, clearly marked, never ranked.
function renderWeakRankings(release) {
  const box = document.getElementById("rankings-weak");
  const entries = weakEvidence.filter((w) => w.index_code === state.index && w.year === state.year && w.metric === "total"
    && provinceByKey.has(w.unit_key));
  box.replaceChildren();
  if (!entries.length) return 0;
  const byUnit = d3.group(entries, (w) => w.unit_key);
  const keys = provinces.map((p) => p.unit_key).filter((key) => byUnit.has(key));
  box.append(el("h3", {}, WEAK_HEADING + " (" + keys.length + ")"), el("p", { class: "note" }, WEAK_NOTE + "."),
    el("div", { class: "scroll" }, el("table", { class: "weak-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "Tỉnh, thành phố · Province"), el("th", {}, "Số được nêu · Stated"),
        el("th", {}, "Nguồn · Sources"))),
      el("tbody", {}, ...keys.map((key) => {
        const mine = byUnit.get(key);
        return el("tr", { "data-unit": key }, el("td", {}, unitName(key)),
          el("td", {}, mine.map((w) => (w.field === "rank" ? "hạng · rank " + w.stated_number : "điểm · score " + score(w.stated_number))).join("; ")),
          el("td", {}, weakMark(mine, unitName(key) + " " + release, [...new Set(mine.flatMap((w) => w.source_domains))].join(", "))));
      })))));
  return keys.length;
}

function renderRankings() {
  const rows = provinceRows(state.index, state.year);
  const placed = rankingOrder(rows);
  const release = INDEX_NAMES[state.index] + " " + state.year;
  const scored = rows.filter((r) => r.score != null).length;
  const ranked = rows.filter((r) => r.official_rank != null).length;
  const neither = rows.filter((r) => r.score == null && r.official_rank == null).length;
  const weak = renderWeakRankings(release);
  document.getElementById("rankings-caption").textContent = INDEX_LABELS[state.index] + " " + state.year + ": "
    + scored + "/" + rows.length + " tỉnh có điểm · scores known, " + ranked + "/" + rows.length
    + " có hạng chính thức · official ranks known; " + neither + " chưa biết cả hai · unknown, not listed"
    + (weak ? " (" + weak + " tỉnh có điểm hoặc hạng chỉ có chứng cứ yếu, liệt kê riêng dưới bảng · units with a score "
      + "or rank only weak sources state, listed apart below the table)" : "") + ". "
    + "Tỉnh có điểm nhưng chưa có hạng được xếp theo điểm giữa các tỉnh có hạng · A unit with a score but no "
    + "published rank is placed by its score among the ranked ones. ⚠ " + CONFLICT_NOTE + ".";
  renderRankingChart(placed, rows.length);
  document.getElementById("rankings-body").replaceChildren(...placed.map(({ row: r, between }) => {
    const name = unitName(r.unit_key), grades = { value: r.score_grade, rank: r.rank_grade };
    const scoreCell = r.score == null && r.score_grade === "weak"
      ? weakMark(weakEntries(state.index, state.year, r.unit_key, "total", "value"), name + " " + release)
      : cited(score(r.score), r.observation_ids, name + " " + release, grades);
    return el("tr", { "data-unit": r.unit_key, "data-rank": r.official_rank ?? "" },
      el("td", { class: "number" }, r.official_rank ? cited(String(r.official_rank), r.observation_ids, name + " " + release + ", hạng · rank", grades)
        : el("span", { class: "unpublished" }, "hạng chưa công bố · rank not published", el("br"), el("small", {}, betweenText(between)))),
      el("td", {}, name, r.has_conflict ? el("span", { class: "conflict-mark", title: CONFLICT_NOTE }, " ⚠") : ""),
      el("td", { class: "number" }, scoreCell),
      el("td", { class: "number" }, r.computed_rank ?? "—"),
      gradeCell(grades));
  }));
}

// ---- profile ---------------------------------------------------------------------------------------------
// The units whose series the profile shows: the unit itself and, for a 2025 unit, the provinces merged into it.
function profileUnits(key) {
  const unit = provinceByKey.get(key);
  return [...((unit && unit.predecessor_unit_keys) || []), key];
}

function seriesRows(index, units) {
  const rows = [];
  for (const unit of units) {
    const vintage = provinceByKey.get(unit)?.vintage;
    const years = provinceYears(index).filter((y) => (y >= MERGER_FIRST_YEAR) === (vintage === "2025"));
    for (const year of years) {  // one row per year, known or not: a missing year breaks the line
      const r = rankings.find((x) => x.index_code === index && x.year === year && x.unit_key === unit);
      rows.push({ unit, name: unitName(unit), year, score: r?.score ?? null, rank: r?.official_rank ?? null,
        rank_of: r?.rank_of ?? null, ids: r?.observation_ids || [] });
    }
  }
  return rows;
}

function profileChart(index, kind, rows, width, colour) {
  const field = kind === "score" ? "score" : "rank";
  const points = rows.filter((r) => r[field] != null);
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const maxRank = d3.max(rows, (r) => r.rank_of) || 63;
  if (!points.length) return el("p", { class: "missing chart-empty" }, kind === "score" ? "chưa biết điểm · no score known"
    : "chưa biết hạng · no rank known");
  const chart = Plot.plot({
    width, height: 220, marginLeft: 44, marginRight: 16, style: { fontSize: "12px" },
    x: { domain: d3.extent(years), tickFormat: "d", ticks: years.filter((y, i) => width > 420 || i % 2 === 0), label: null },
    y: kind === "score" ? { label: "Điểm · Score", grid: true, nice: true,
      domain: [d3.min(points, (r) => r.score) - 1, d3.max(points, (r) => r.score) + 1] }
      : { label: "Hạng · Rank (1 = cao nhất · top)", reverse: true, domain: [1, maxRank], grid: true,
        ticks: [1, 10, 20, 30, 40, 50, 60].filter((t) => t <= maxRank) },
    color: colour,
    marks: [
      // where a 2025 unit's predecessors end and the unit begins
      colour.domain.length > 1 ? Plot.ruleX([2024.5], { stroke: "#888", strokeDasharray: "4 3" }) : null,
      Plot.lineY(rows, { x: "year", y: field, z: "name", stroke: "name", strokeWidth: 2 }),
      Plot.dot(points, { x: "year", y: field, fill: "name", r: 5, stroke: "white",
        title: (r) => r.name + " " + r.year + ": " + (kind === "score" ? score(r.score) : "hạng · rank " + r.rank + "/" + r.rank_of) }),
    ],
  });
  chart.setAttribute("data-chart", kind);
  // each point opens its sources; the data attributes say which number it is (the tests read them)
  d3.select(chart).selectAll('g[aria-label="dot"] circle').each(function (i) {
    const p = points[i];
    Object.entries({ "data-unit": p.unit, "data-index": index, "data-kind": kind, "data-year": p.year,
      "data-value": p[field] }).forEach(([name, value]) => this.setAttribute(name, value));
    this.style.cursor = "pointer";
    this.addEventListener("click", () => showSources(p.ids, p.name + " " + INDEX_NAMES[index] + " " + p.year + ": "
      + (kind === "score" ? score(p.score) + " điểm · points" : "hạng · rank " + p.rank + "/" + p.rank_of)));
  });
  return chart;
}

function renderProfileCharts() {
  const box = document.getElementById("profile-charts");
  const units = profileUnits(state.province);
  const names = units.map(unitName);
  const palette = units.length > 1 ? [...d3.schemeTableau10.slice(1, units.length), "#1b1b1b"] : ["#225ea8"];
  const colour = { domain: names, range: palette, legend: units.length > 1 };
  const width = Math.max(280, Math.min(540, ((box.clientWidth || 1000) - 24) / (box.clientWidth > 760 ? 2 : 1)));
  box.replaceChildren();
  for (const index of INDICES) {
    const rows = seriesRows(index, units);
    const row = el("div", { class: "chart-row", "data-index": index }, el("h3", {}, INDEX_LABELS[index]));
    if (!rows.some((r) => r.score != null || r.rank != null)) {
      row.append(el("p", { class: "missing" }, "chưa có số liệu · nothing known"));
    } else {
      row.append(el("div", { class: "chart-pair" },
        profileChart(index, "score", rows, width, colour), profileChart(index, "rank", rows, width, { ...colour, legend: false })));
    }
    box.append(row);
  }
}

function renderMergerNote() {
  const unit = provinceByKey.get(state.province);
  const note = document.getElementById("profile-merger");
  const link = (key) => {
    const button = el("button", { type: "button", class: "link" }, unitName(key));
    button.addEventListener("click", () => { state.province = key; renderProfile(); });
    return button;
  };
  note.replaceChildren();
  if (unit && unit.successor_unit_key) {
    note.append("Từ 1/7/2025 thuộc · From 1 July 2025 part of: ", link(unit.successor_unit_key),
      " (Nghị quyết · Resolution 202/2025/QH15)");
  } else if (unit && unit.predecessor_unit_keys && unit.predecessor_unit_keys.length) {
    note.append("Hợp nhất từ · Merged from: ");
    unit.predecessor_unit_keys.forEach((key, i) => note.append(i ? ", " : "", link(key)));
    note.append(". Biểu đồ vẽ chuỗi của các tỉnh cũ đến 2024 bên cạnh chuỗi của đơn vị mới · The charts show the "
      + "former provinces' series to 2024 beside the new unit's own.");
  }
}

function unitText(c) {
  if (c.value_unit === "percent") return "% điểm tối đa · % of maximum";
  if (c.value_unit === "points") return c.max_points != null ? "điểm trên tối đa " + score(c.max_points)
    + " · points of " + c.max_points + " maximum (" + c.year + ")" : "điểm · points (tối đa chưa rõ · maximum not stated)";
  if (c.value_unit === "rank") return "hạng · rank";
  return c.value_unit || "";
}

function metricLabel(c) { return (c.label_vi || c.metric) + (c.label_en ? " · " + c.label_en : ""); }

function renderProfileTable(key, label) {
  const mine = rankings.filter((r) => r.unit_key === key);
  const years = [...new Set(mine.map((r) => r.year))].sort((a, b) => a - b);
  const cells = (index, year) => {
    const r = mine.find((x) => x.index_code === index && x.year === year);
    const d = deltas.find((x) => x.index_code === index && x.year === year && x.unit_key === key);
    const change = d && d.score_change;
    const rankChange = d && d.rank_change;
    const release = label + " " + INDEX_NAMES[index] + " " + year, grades = r && { value: r.score_grade, rank: r.rank_grade };
    const weak = (field, grade) => r && r[grade] === "weak" && weakMark(weakEntries(index, year, key, "total", field), release);
    return [el("td", { class: "number" }, (r && r.score == null && weak("value", "score_grade"))
        || cited(r ? score(r.score) : "", r && r.observation_ids, release, grades)),
      el("td", { class: "number" }, r && r.official_rank ? cited(rankText(r), r.observation_ids, release + ", hạng · rank", grades)
        : weak("rank", "rank_grade") || "—"),
      el("td", { class: "number" }, change == null ? "" : signed(change, 2)),
      el("td", { class: "number" }, rankChange == null ? "" : signed(rankChange, 0))];
  };
  document.getElementById("profile-body").replaceChildren(...years.map((year) =>
    el("tr", {}, el("td", {}, year), ...cells("PAR_INDEX", year), ...cells("SIPAS", year))));
}

function renderComponents(key, label) {
  const parts = components.filter((c) => c.unit_key === key);
  document.getElementById("components-body").replaceChildren(...(parts.length ? parts.map((c) => {
    const text = c.value_unit === "percent" ? score(c.value) + " %" : score(c.value);
    const name = label + " " + c.year + " " + (c.label_vi || c.metric), grades = { value: c.value_grade, rank: c.rank_grade };
    const value = c.value == null && c.value_grade === "weak"
      ? weakMark(weakEntries(c.index_code, c.year, key, c.metric, "value"), name)
      : cited(text, c.observation_ids, name, grades);
    return el("tr", {}, el("td", {}, c.year), el("td", {}, INDEX_NAMES[c.index_code]), el("td", {}, metricLabel(c)),
      el("td", { class: "number" }, value), el("td", {}, unitText(c)),
      el("td", { class: "number" }, c.official_rank ?? (c.rank_grade === "weak" ? el("span", { class: "weak-mark", title: WEAK_NOTE }, "chứng cứ yếu · weak") : "—")),
      gradeCell(grades));
  }) : [el("tr", {}, el("td", { colspan: 7, class: "missing" }, "chưa có số liệu thành phần · no component known"))]));
}

// The unit's group memberships (and, for a 2025 unit, its predecessors'), each with its sources.
function renderGroups(key) {
  const keys = profileUnits(key);
  const mine = groups.filter((g) => keys.includes(g.unit_key));
  document.getElementById("groups-body").replaceChildren(...(mine.length ? mine.map((g) => {
    const own = g.unit_key === key ? "" : " (" + unitName(g.unit_key) + ")";
    const label = unitName(g.unit_key) + " " + INDEX_NAMES[g.index_code] + " " + g.year + ": " + g.group_label_vi;
    const sources = el("button", { type: "button", class: "number", title: "Nguồn · Sources: " + g.observation_ids.length },
      g.source_domains.join(", ") || "nguồn · sources");
    sources.addEventListener("click", () => showSources(g.observation_ids, label, { group: g.grade }));
    return el("tr", { "data-unit": g.unit_key, "data-group": g.group_code, "data-year": g.year, "data-index": g.index_code },
      el("td", {}, g.year), el("td", {}, INDEX_NAMES[g.index_code]),
      el("td", {}, g.group_label_vi + " · " + g.group_label_en + own),
      el("td", {}, sources, el("div", { "data-field": "group", "data-grade": g.grade, class: "grade " + g.grade },
        gradeText(g.grade))));
  }) : [el("tr", {}, el("td", { colspan: 4, class: "missing" }, "không có nhóm nào được nêu · no group stated"))]));
}

// Every number about the unit that only weak sources state: visible as evidence, never as a value.
function renderProfileWeak(key, label) {
  const mine = weakEvidence.filter((w) => w.unit_key === key);
  const box = document.getElementById("profile-weak");
  box.replaceChildren();
  if (!mine.length) return;
  box.append(el("h3", {}, WEAK_HEADING + " (" + mine.length + ")"), el("p", { class: "note" }, WEAK_NOTE + "."),
    el("div", { class: "scroll" }, el("table", { class: "weak-table" },
      el("thead", {}, el("tr", {}, ...["Năm · Year", "Chỉ số · Index", "Số liệu · Measure", "Số được nêu · Stated",
        "Nguồn · Sources"].map((h) => el("th", {}, h)))),
      el("tbody", {}, ...mine.map((w) => el("tr", { "data-index": w.index_code, "data-year": w.year, "data-metric": w.metric,
        "data-field": w.field }, el("td", {}, w.year), el("td", {}, INDEX_NAMES[w.index_code]),
        el("td", {}, metricLabel(w) + (w.field === "rank" ? ", hạng · rank" : "")),
        el("td", { class: "number" }, w.field === "rank" ? String(w.stated_number) : score(w.stated_number)),
        el("td", {}, weakMark([w], label + " " + INDEX_NAMES[w.index_code] + " " + w.year + " " + (w.label_vi || w.metric),
          w.source_domains.join(", ")))))))));
}

function renderProfile() {
  document.getElementById("province-choice").value = state.province;
  const key = state.province, label = unitName(key);
  renderMergerNote();
  renderProfileCharts();
  renderProfileTable(key, label);
  renderComponents(key, label);
  renderGroups(key);
  renderProfileWeak(key, label);
}

function renderProfileChoice() {
  const choice = document.getElementById("province-choice");
  const groups = [["2008", "63 tỉnh, thành phố (2008-2024)"], ["2025", "34 đơn vị từ 2025 · units from 2025"]];
  choice.replaceChildren(...groups.map(([vintage, label]) => el("optgroup", { label },
    ...provinces.filter((p) => p.vintage === vintage).map((p) => el("option", { value: p.unit_key }, unitName(p.unit_key))))));
  choice.value = state.province;
}

// ---- coverage --------------------------------------------------------------------------------------------
function coverageState(r) {
  if (!r) return "unknown";
  if (r.value_settled_by === "unresolved" || r.rank_settled_by === "unresolved") return "disputed";
  if (r.value_settled_by === "resolution" || r.rank_settled_by === "resolution") return "resolution";
  if (r.score != null) return "known";
  if (r.score_grade === "weak") return "weak";  // as rpt_coverage.units_with_weak_score_only counts it
  return r.official_rank != null ? "rank-only" : "unknown";
}

function renderCoverage() {
  document.getElementById("coverage-legend").replaceChildren(...COVERAGE_STATES.flatMap(([kind, label]) =>
    [el("span", { class: "key" }, el("span", { class: "cell " + kind }), " " + label), " "]));
  const grid = document.getElementById("coverage-grid");
  grid.replaceChildren();
  const rows = new Map(rankings.filter((r) => r.index_code === state.index && r.unit_level === "province")
    .map((r) => [r.unit_key + "|" + r.year, r]));
  const vintages = [["2008", "63 tỉnh, thành phố · 63 provinces (2008-2024)"], ["2025", "34 đơn vị · 34 units (từ · from 2025)"]];
  for (const [vintage, title] of vintages) {
    const years = provinceYears(state.index).filter((y) => (y >= MERGER_FIRST_YEAR) === (vintage === "2025"));
    if (!years.length) continue;
    const table = el("table", { class: "coverage", "data-vintage": vintage },
      el("tr", {}, el("th", {}, INDEX_NAMES[state.index]), ...years.map((y) => el("th", {}, vintage === "2025" ? y : String(y).slice(2)))));
    let known = 0;
    for (const p of provinces.filter((x) => x.vintage === vintage)) {
      const name = unitName(p.unit_key);
      table.append(el("tr", { "data-unit": p.unit_key }, el("td", {}, name), ...years.map((y) => {
        const r = rows.get(p.unit_key + "|" + y), kind = coverageState(r);
        if (kind !== "unknown") known += 1;
        const label = COVERAGE_STATES.find(([k]) => k === kind)[1];
        const grades = r && gradesLine({ value: r.score_grade, rank: r.rank_grade });
        return el("td", { class: "cell " + kind, "data-state": kind,
          title: name + " " + y + ": " + label + (grades ? " (" + grades + ")" : "") }, "");
      })));
    }
    const block = el("div", { class: "coverage-block" }, el("h3", {}, title));
    const box = el("div", { class: "scroll" }, table);
    if (known) block.append(box);
    else {  // an all-grey grid says nothing a sentence cannot: it stays one click away
      block.append(el("p", { class: "note" }, "Chưa có số liệu nào cho " + years.join(", ") + " · Nothing known yet for "
        + years.join(", ") + "."), el("details", {}, el("summary", {}, "Xem lưới · Show the grid"), box));
    }
    grid.append(block);
  }
}

// ---- ministries ------------------------------------------------------------------------------------------
function renderMinistries() {
  const rows = rankings.filter((r) => r.index_code === "PAR_INDEX" && r.unit_level === "ministry");
  const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
  const assessed = new Set(rows.map((r) => r.unit_key));
  const codes = units.filter((u) => u.unit_level === "ministry" && assessed.has(u.unit_key)).map((u) => u.unit_key);
  const table = document.getElementById("ministries-table");
  table.replaceChildren(el("tr", {}, el("th", {}, "Bộ · Ministry"), ...years.map((y) => el("th", {}, y))));
  for (const code of codes) {
    table.append(el("tr", {}, el("td", {}, unitName(code)), ...years.map((y) => {
      const r = rows.find((x) => x.unit_key === code && x.year === y);
      if (!r) return el("td", {}, "");
      const text = r.score != null ? score(r.score) + (r.official_rank ? " (" + r.official_rank + ")" : "")
        : r.official_rank ? "(" + r.official_rank + ")" : "";
      return el("td", { class: "number" }, cited(text, r.observation_ids, unitName(code) + " " + y,
        { value: r.score_grade, rank: r.rank_grade }));
    })));
  }
}

// ---- wiring ----------------------------------------------------------------------------------------------
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
let resizeTimer = null, lastWidth = window.innerWidth;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (window.innerWidth === lastWidth) return;
    lastWidth = window.innerWidth;
    renderRankings();
    renderProfileCharts();
  }, 200);
});

document.getElementById("build").textContent = "Bản dựng · Build " + build.build_id + " · " + build.built_at_utc
  + " UTC · " + build.git_commit;
renderControls();
renderIndexViews();
renderProfileChoice();
renderProfile();
renderMinistries();
