/**
 * The viewer page's JavaScript, run in the browser (served inline). It talks only to the viewer's
 * own JSON API and image URLs. Written without template literals so it can sit in this string.
 */
export const VIEWER_SCRIPT = String.raw`
"use strict";
const $ = (id) => document.getElementById(id);
const PALETTE = ["#1f77b4","#ff7f0e","#2ca02c","#d62728","#9467bd","#8c564b","#e377c2","#7f7f7f","#bcbd22","#17becf","#393b79","#637939","#8c6d31","#843c39","#7b4173"];
const state = { meta: null, filter: {}, sort: { column: "row", descending: false }, offset: 0, limit: 48, total: 0,
  selected: new Set(), region: null, highlight: null, cells: [], channels: [], points: [], categories: [], axes: null, detailRow: null };

function status(text) { $("status").textContent = text || ""; }
function escapeHtml(text) { return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";"); }
function fmt(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "NaN";
  if (typeof v !== "number") return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : String(Math.round(v * 1e4) / 1e4);
}
async function api(path, body) {
  const response = await fetch(path, body === undefined ? { credentials: "same-origin" } :
    { method: "POST", credentials: "same-origin", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}
function option(value, text, selected) {
  const o = document.createElement("option");
  o.value = value; o.textContent = text === undefined ? value : text; if (selected) o.selected = true;
  return o;
}

function imageUrl(row, specs, outline, scale) {
  const q = ["row=" + row];
  for (const s of specs) q.push("c=" + s.index + ":" + s.color.slice(1) + ":" + s.low + ":" + s.high);
  if (outline !== null) q.push("outline=" + outline);
  q.push("scale=" + scale);
  return "/api/image?" + q.join("&");
}
function activeChannels() { return state.channels.filter((c) => c.on); }
function outlineChannel() { const v = $("outline").value; return v === "" ? null : Number(v); }
function greySpec(c) { return { index: c.index, color: "#ffffff", low: c.low, high: c.high }; }

function buildControls() {
  const meta = state.meta;
  const facets = $("facets");
  for (const [column, values] of Object.entries(meta.facets)) {
    const label = document.createElement("label"); label.className = "field"; label.textContent = column.replace("_", " ");
    const select = document.createElement("select"); select.multiple = true; select.id = "facet-" + column; select.size = Math.min(6, Math.max(3, values.length));
    for (const v of values) select.appendChild(option(v.value, v.value + " (" + v.count + ")"));
    select.addEventListener("change", () => {
      const chosen = [...select.selectedOptions].map((o) => o.value);
      if (chosen.length === 0) delete state.filter[column]; else state.filter[column] = chosen;
      refresh(true);
    });
    facets.append(label, select);
  }
  const qc = $("qc");
  qc.appendChild(option("", "every cell"));
  if (meta.flags.includes("kept")) { qc.appendChild(option("kept", "kept by QC")); qc.appendChild(option("removed", "removed by QC")); }
  for (const f of meta.flags) if (f !== "kept") qc.appendChild(option(f, f));
  qc.addEventListener("change", () => { if (qc.value) state.filter.qc = qc.value; else delete state.filter.qc; refresh(true); });
  for (const [id, key] of [["minConf", "minConfidence"], ["maxConf", "maxConfidence"]]) {
    $(id).addEventListener("change", () => {
      const v = $(id).value;
      if (v === "" || !Number.isFinite(Number(v))) delete state.filter[key]; else state.filter[key] = Number(v);
      refresh(true);
    });
  }
  const numeric = [...meta.columns.embedding, ...meta.columns.predictions, ...meta.columns.features];
  const sort = $("sortColumn");
  sort.appendChild(option("row", "file order"));
  for (const c of [...meta.columns.predictions, ...meta.columns.features]) sort.appendChild(option(c));
  sort.addEventListener("change", () => { state.sort.column = sort.value; refresh(true); });
  $("sortDesc").addEventListener("change", () => { state.sort.descending = $("sortDesc").checked; refresh(true); });
  for (const [id, fallback] of [["plotX", meta.columns.embedding.includes("umap_1") ? "umap_1" : numeric[0]],
    ["plotY", meta.columns.embedding.includes("umap_2") ? "umap_2" : numeric[1] || numeric[0]]]) {
    const select = $(id);
    for (const c of numeric) select.appendChild(option(c, c, c === fallback));
    select.addEventListener("change", () => { state.region = null; delete state.filter.region; loadScatter(); refresh(true); });
  }
  const color = $("plotColor");
  for (const c of meta.textColumns) color.appendChild(option(c, c, c === "predicted_class"));
  color.addEventListener("change", loadScatter);
  const outline = $("outline");
  outline.appendChild(option("", "no outline"));
  state.channels = meta.channels.map((c, i) => ({ index: c.index, name: c.name, color: "#" + c.color, low: c.range[0], high: c.range[1], on: i > 0 || meta.channels.length === 1 }));
  for (const c of state.channels) outline.appendChild(option(String(c.index), "mask of " + c.name, c.index === 0));
  outline.addEventListener("change", renderGallery);
  const box = $("channels");
  for (const c of state.channels) {
    const rowEl = document.createElement("div"); rowEl.className = "channel";
    const on = document.createElement("input"); on.type = "checkbox"; on.checked = c.on; on.title = "show in composite";
    const name = document.createElement("span"); name.textContent = c.name;
    const col = document.createElement("input"); col.type = "color"; col.value = c.color;
    const low = document.createElement("input"); low.type = "number"; low.value = fmt(c.low); low.title = "black at";
    const high = document.createElement("input"); high.type = "number"; high.value = fmt(c.high); high.title = "full colour at";
    on.addEventListener("change", () => { c.on = on.checked; renderGallery(); });
    col.addEventListener("change", () => { c.color = col.value; renderGallery(); });
    for (const [input, key] of [[low, "low"], [high, "high"]])
      input.addEventListener("change", () => { const v = Number(input.value); if (Number.isFinite(v)) { c[key] = v; renderGallery(); } });
    rowEl.append(on, name, col, low, high); box.appendChild(rowEl);
  }
  $("view").addEventListener("change", renderGallery);
  $("pageSize").addEventListener("change", () => { state.limit = Number($("pageSize").value); refresh(true); });
  $("prev").addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refresh(false); });
  $("next").addEventListener("click", () => { if (state.offset + state.limit < state.total) { state.offset += state.limit; refresh(false); } });
  $("clearFilters").addEventListener("click", () => {
    state.filter = {}; state.region = null;
    for (const s of document.querySelectorAll("#facets select")) for (const o of s.options) o.selected = false;
    $("qc").value = ""; $("minConf").value = ""; $("maxConf").value = "";
    loadScatter(); refresh(true);
  });
  $("clearRegion").addEventListener("click", () => { state.region = null; delete state.filter.region; drawScatter(); refresh(true); });
  const list = $("classList");
  for (const c of meta.classes) list.appendChild(option(c));
  $("user").value = meta.user;
  $("applyLabel").addEventListener("click", () => assignLabel([...state.selected], $("labelName").value));
  $("clearSelection").addEventListener("click", () => { state.selected.clear(); renderGallery(); });
  $("selectPage").addEventListener("click", () => { for (const c of state.cells) state.selected.add(c.row); renderGallery(); });
  $("closeDetail").addEventListener("click", () => { $("detail").hidden = true; });
  $("detailLabelButton").addEventListener("click", () => assignLabel([state.detailRow], $("detailLabel").value));
  $("featureSearch").addEventListener("input", filterFeatureTable);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") $("detail").hidden = true; });
  setupScatterEvents();
}

async function refresh(resetPage) {
  if (resetPage) state.offset = 0;
  status("loading…");
  try {
    const started = performance.now();
    const data = await api("/api/cells", { filter: state.filter, sort: state.sort, offset: state.offset, limit: state.limit });
    state.total = data.total; state.cells = data.cells;
    renderGallery();
    status("");
    document.body.dataset.pageMs = String(Math.round(performance.now() - started));
  } catch (error) { status(error.message); }
  if (resetPage) loadScatter();
}

function renderGallery() {
  const pages = Math.max(1, Math.ceil(state.total / state.limit));
  $("pageInfo").textContent = "page " + (Math.floor(state.offset / state.limit) + 1) + " of " + pages;
  $("count").textContent = state.total.toLocaleString() + " of " + state.meta.cells.toLocaleString() + " cells";
  $("applyLabel").textContent = "Label selected (" + state.selected.size + ")";
  const gallery = $("gallery");
  gallery.replaceChildren();
  const composite = $("view").value === "composite";
  const outline = outlineChannel();
  for (const cell of state.cells) {
    const tile = document.createElement("div");
    tile.className = "tile" + (state.selected.has(cell.row) ? " selected" : "") + (state.highlight === cell.row ? " highlight" : "");
    tile.dataset.row = String(cell.row);
    const title = cell.file + " #" + cell.object_number + "\n" + cell.experiment + " / " + cell.donor + " / " + cell.condition;
    if (composite) {
      const img = document.createElement("img");
      img.src = imageUrl(cell.row, activeChannels(), outline, 2); img.alt = "cell " + cell.row; img.title = title;
      img.addEventListener("click", () => openDetail(cell.row));
      tile.appendChild(img);
    } else {
      const strip = document.createElement("div"); strip.className = "strip";
      for (const c of state.channels) {
        const img = document.createElement("img");
        img.src = imageUrl(cell.row, [greySpec(c)], outline === null ? null : c.index, 1); img.alt = c.name; img.title = c.name;
        img.addEventListener("click", () => openDetail(cell.row));
        strip.appendChild(img);
      }
      tile.appendChild(strip);
    }
    const pick = document.createElement("input"); pick.type = "checkbox"; pick.className = "pick"; pick.checked = state.selected.has(cell.row); pick.title = "select for labelling";
    pick.addEventListener("change", () => { if (pick.checked) state.selected.add(cell.row); else state.selected.delete(cell.row); renderGallery(); });
    const cap = document.createElement("div"); cap.className = "cap";
    cap.innerHTML = "<b>" + escapeHtml(cell.predicted_class) + "</b> " + fmt(cell.max_probability) +
      "<br>label " + escapeHtml(cell.label) + (cell.user_label ? " <span class=user>→ " + escapeHtml(cell.user_label) + "</span>" : "") +
      (cell.sort_value !== null ? "<br>" + escapeHtml(state.sort.column) + " = " + fmt(cell.sort_value) : "");
    tile.append(pick, cap);
    gallery.appendChild(tile);
  }
  $("prev").disabled = state.offset === 0;
  $("next").disabled = state.offset + state.limit >= state.total;
}

// Scatter plot ---------------------------------------------------------------------------------
function scatterFilter() { const f = Object.assign({}, state.filter); delete f.region; return f; }
async function loadScatter() {
  const x = $("plotX").value, y = $("plotY").value, color = $("plotColor").value;
  try {
    const data = await api("/api/scatter", { filter: scatterFilter(), x: x, y: y, color: color, limit: 5000 });
    state.points = data.points; state.categories = data.categories;
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (const p of data.points) { x0 = Math.min(x0, p[1]); x1 = Math.max(x1, p[1]); y0 = Math.min(y0, p[2]); y1 = Math.max(y1, p[2]); }
    if (!Number.isFinite(x0)) { x0 = 0; x1 = 1; y0 = 0; y1 = 1; }
    const px = (x1 - x0) * 0.05 || 1, py = (y1 - y0) * 0.05 || 1;
    state.axes = { x: x, y: y, x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
    $("plotInfo").textContent = data.points.length.toLocaleString() + " of " + data.total.toLocaleString() + " cells shown";
    const legend = $("legend"); legend.replaceChildren();
    data.categories.forEach((c, i) => { const s = document.createElement("span"); s.style.setProperty("--c", PALETTE[i % PALETTE.length]); s.textContent = c; legend.appendChild(s); });
    if (state.highlight !== null) await locateHighlight();
    drawScatter();
  } catch (error) { status(error.message); }
}
const M = { left: 46, right: 10, top: 10, bottom: 30 };
function toPixel(canvas, x, y) {
  const a = state.axes, w = canvas.width - M.left - M.right, h = canvas.height - M.top - M.bottom;
  return [M.left + (x - a.x0) / (a.x1 - a.x0) * w, M.top + (1 - (y - a.y0) / (a.y1 - a.y0)) * h];
}
function toData(canvas, px, py) {
  const a = state.axes, w = canvas.width - M.left - M.right, h = canvas.height - M.top - M.bottom;
  return [a.x0 + (px - M.left) / w * (a.x1 - a.x0), a.y0 + (1 - (py - M.top) / h) * (a.y1 - a.y0)];
}
function drawScatter(drag) {
  const canvas = $("scatter"), g = canvas.getContext("2d");
  g.clearRect(0, 0, canvas.width, canvas.height);
  if (!state.axes) return;
  const a = state.axes;
  g.strokeStyle = "#999"; g.strokeRect(M.left, M.top, canvas.width - M.left - M.right, canvas.height - M.top - M.bottom);
  g.fillStyle = "#333"; g.font = "11px sans-serif";
  g.fillText(fmt(a.x0), M.left, canvas.height - 16); g.textAlign = "right"; g.fillText(fmt(a.x1), canvas.width - M.right, canvas.height - 16);
  g.textAlign = "center"; g.fillText(a.x, (canvas.width + M.left) / 2, canvas.height - 4);
  g.textAlign = "right"; g.fillText(fmt(a.y1), M.left - 3, M.top + 10); g.fillText(fmt(a.y0), M.left - 3, canvas.height - M.bottom);
  g.save(); g.translate(12, (canvas.height - M.bottom) / 2); g.rotate(-Math.PI / 2); g.textAlign = "center"; g.fillText(a.y, 0, 0); g.restore();
  for (const p of state.points) {
    const xy = toPixel(canvas, p[1], p[2]);
    g.fillStyle = PALETTE[p[3] % PALETTE.length]; g.globalAlpha = 0.7;
    g.fillRect(xy[0] - 1.5, xy[1] - 1.5, 3, 3);
  }
  g.globalAlpha = 1;
  const region = state.region;
  if (region && region.x === a.x && region.y === a.y) {
    const p0 = toPixel(canvas, region.x0, region.y1), p1 = toPixel(canvas, region.x1, region.y0);
    g.strokeStyle = "#ff8c00"; g.lineWidth = 2; g.strokeRect(p0[0], p0[1], p1[0] - p0[0], p1[1] - p0[1]); g.lineWidth = 1;
  }
  if (drag) { g.strokeStyle = "#000"; g.setLineDash([4, 3]); g.strokeRect(drag[0], drag[1], drag[2] - drag[0], drag[3] - drag[1]); g.setLineDash([]); }
  if (state.highlightPoint) {
    const xy = toPixel(canvas, state.highlightPoint[0], state.highlightPoint[1]);
    g.strokeStyle = "#000"; g.lineWidth = 2; g.beginPath(); g.arc(xy[0], xy[1], 8, 0, 2 * Math.PI); g.stroke();
    g.strokeStyle = "#fff"; g.beginPath(); g.arc(xy[0], xy[1], 10, 0, 2 * Math.PI); g.stroke(); g.lineWidth = 1;
  }
}
function canvasPoint(canvas, event) {
  const box = canvas.getBoundingClientRect();
  return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
}
function setupScatterEvents() {
  const canvas = $("scatter");
  let start = null;
  canvas.addEventListener("mousedown", (e) => { start = canvasPoint(canvas, e); });
  canvas.addEventListener("mousemove", (e) => { if (start) { const p = canvasPoint(canvas, e); drawScatter([start[0], start[1], p[0], p[1]]); } });
  window.addEventListener("mouseup", (e) => {
    if (!start || !state.axes) { start = null; return; }
    const end = canvasPoint(canvas, e), begin = start; start = null;
    if (Math.abs(end[0] - begin[0]) < 4 && Math.abs(end[1] - begin[1]) < 4) { pickPoint(canvas, end); return; }
    const d0 = toData(canvas, begin[0], begin[1]), d1 = toData(canvas, end[0], end[1]);
    state.region = { x: state.axes.x, y: state.axes.y, x0: Math.min(d0[0], d1[0]), x1: Math.max(d0[0], d1[0]), y0: Math.min(d0[1], d1[1]), y1: Math.max(d0[1], d1[1]) };
    state.filter.region = state.region;
    drawScatter(); refresh(true);
  });
}
function pickPoint(canvas, at) {
  let best = null, bestDistance = 64;
  for (const p of state.points) {
    const xy = toPixel(canvas, p[1], p[2]), d = (xy[0] - at[0]) ** 2 + (xy[1] - at[1]) ** 2;
    if (d < bestDistance) { bestDistance = d; best = p; }
  }
  if (best) openDetail(best[0]);
}
async function locateHighlight() {
  if (state.highlight === null || !state.axes) { state.highlightPoint = null; return; }
  const found = state.points.find((p) => p[0] === state.highlight);
  if (found) { state.highlightPoint = [found[1], found[2]]; return; }
  const data = await api("/api/values?row=" + state.highlight + "&columns=" + encodeURIComponent(state.axes.x) + "," + encodeURIComponent(state.axes.y));
  const x = data.values[state.axes.x], y = data.values[state.axes.y];
  state.highlightPoint = x === null || y === null ? null : [x, y];
}

// Cell detail ----------------------------------------------------------------------------------
async function openDetail(row) {
  state.highlight = row; state.detailRow = row;
  for (const t of document.querySelectorAll(".tile")) t.classList.toggle("highlight", Number(t.dataset.row) === row);
  try {
    await locateHighlight(); drawScatter();
    const cell = await api("/api/cell?row=" + row);
    const p = cell.prediction;
    $("detailTitle").textContent = "Cell " + row + ": " + p.file + " #" + p.object_number;
    $("detailMeta").textContent = [p.experiment, p.donor, p.condition].join(" / ") + " · label " + p.label +
      (cell.user_label ? " · your label " + cell.user_label : "") +
      (Object.keys(cell.flags).length ? " · " + Object.entries(cell.flags).map((e) => e[0] + "=" + e[1]).join(", ") : "");
    const images = $("detailImages"); images.replaceChildren();
    const outline = outlineChannel();
    const figure = (src, caption) => { const f = document.createElement("figure"); const img = document.createElement("img"); img.src = src; img.alt = caption; const c = document.createElement("figcaption"); c.textContent = caption; f.append(img, c); images.appendChild(f); };
    figure(imageUrl(row, activeChannels(), outline, 4), "composite");
    for (const c of state.channels) figure(imageUrl(row, [greySpec(c)], outline === null ? null : c.index, 3), c.name);
    $("detailPredicted").textContent = p.predicted_class + " (p = " + fmt(p.max_probability) + ")";
    const bars = $("probabilities"); bars.replaceChildren();
    for (const entry of cell.probabilities.slice().sort((a, b) => b.probability - a.probability)) {
      const line = document.createElement("div"); line.className = "bar";
      const name = document.createElement("span"); name.textContent = entry.className;
      const bar = document.createElement("div"); bar.style.width = Math.max(1, entry.probability * 100) + "%";
      const value = document.createElement("span"); value.textContent = fmt(entry.probability);
      line.append(name, bar, value); bars.appendChild(line);
    }
    const table = document.createElement("table");
    for (const [name, value] of cell.features) { const tr = table.insertRow(); tr.insertCell().textContent = name; tr.insertCell().textContent = fmt(value); }
    $("featureTable").replaceChildren(table); filterFeatureTable();
    $("detailLabel").value = cell.user_label || p.predicted_class;
    $("shap").innerHTML = "<p class=muted>computing SHAP…</p>";
    $("detail").hidden = false;
    if (state.meta.shapAvailable) {
      const shap = await api("/api/shap?row=" + row);
      if (state.detailRow === row) $("shap").innerHTML = shap.svg;
    } else $("shap").innerHTML = "<p class=muted>no SHAP for this model</p>";
  } catch (error) { status(error.message); }
}
function filterFeatureTable() {
  const term = $("featureSearch").value.toLowerCase();
  for (const tr of document.querySelectorAll("#featureTable tr")) tr.hidden = term !== "" && !tr.cells[0].textContent.toLowerCase().includes(term);
}

async function assignLabel(rows, label) {
  label = (label || "").trim();
  if (rows.length === 0 || rows[0] === null) { status("select cells first"); return; }
  if (!label) { status("type a class name"); return; }
  try {
    const result = await api("/api/labels", { rows: rows, label: label, user: $("user").value });
    status(result.written + " label" + (result.written === 1 ? "" : "s") + " saved to " + result.sidecar);
    $("sidecarInfo").textContent = result.labelled + " cells labelled";
    document.body.dataset.labelsWritten = String((Number(document.body.dataset.labelsWritten) || 0) + result.written);
    state.selected.clear();
    await refresh(false);
  } catch (error) { status(error.message); }
}

// Read-only handle for tests and the curious (the browser test checks the selected region with it).
window.scifaiViewer = state;
(async () => {
  try {
    state.meta = await api("/api/meta");
    buildControls();
    $("sidecarInfo").textContent = state.meta.sidecar.labelled + " cells labelled";
    await refresh(true);
    document.body.dataset.ready = "true";
  } catch (error) { status(error.message); }
})();
`;
