import { VIEWER_SCRIPT } from "./viewerScript.js";
import { VIEWER_STYLE } from "./viewerStyle.js";

/** The viewer as one self-contained HTML document (inline CSS and script; nothing fetched from elsewhere). */
export function viewerPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scifai cell viewer</title>
<link rel="icon" href="data:,">
<style>${VIEWER_STYLE}</style>
</head>
<body>
<header>
  <h1>scifai cell viewer</h1>
  <span id="count"></span>
  <a href="/results/report.html" target="_blank" rel="noopener">report</a>
  <span id="sidecarInfo"></span>
  <span id="status" role="status"></span>
</header>
<div id="app">
  <aside>
    <h2>Filters</h2>
    <div id="facets"></div>
    <label class="field" for="qc">quality control</label>
    <select id="qc"></select>
    <label class="field">confidence (max probability)</label>
    <div class="row"><input id="minConf" type="number" min="0" max="1" step="0.05" placeholder="min" style="width:70px"> – <input id="maxConf" type="number" min="0" max="1" step="0.05" placeholder="max" style="width:70px"></div>
    <div class="row" style="margin-top:6px"><button id="clearFilters">clear filters</button></div>
    <h2>Sort</h2>
    <select id="sortColumn" style="width:100%"></select>
    <label><input type="checkbox" id="sortDesc"> descending</label>
    <h2>Display</h2>
    <div class="row"><select id="view"><option value="composite">composite</option><option value="channels">each channel</option></select><select id="outline"></select></div>
    <div class="channel muted"><span></span><span>channel</span><span></span><span>black</span><span>full</span></div>
    <div id="channels"></div>
    <h2>Relabel</h2>
    <label class="field" for="labelName">class</label>
    <input id="labelName" type="text" list="classList" style="width:100%"><datalist id="classList"></datalist>
    <label class="field" for="user">your name</label>
    <input id="user" type="text" style="width:100%">
    <div class="row" style="margin-top:6px"><button id="applyLabel" class="primary">Label selected (0)</button><button id="selectPage">select page</button><button id="clearSelection">clear</button></div>
  </aside>
  <main>
    <div id="pager"><button id="prev">‹ prev</button><span id="pageInfo"></span><button id="next">next ›</button>
      <select id="pageSize"><option>24</option><option selected>48</option><option>96</option><option>200</option></select> per page</div>
    <div id="gallery"></div>
  </main>
  <section id="plotPanel">
    <h2>Scatter plot</h2>
    <div class="row">x <select id="plotX"></select> y <select id="plotY"></select></div>
    <div class="row" style="margin:4px 0">colour <select id="plotColor"></select><button id="clearRegion">clear region</button></div>
    <canvas id="scatter" width="440" height="400"></canvas>
    <div id="plotInfo" class="muted"></div>
    <div id="legend"></div>
    <p class="muted">Drag a rectangle to filter the gallery; click a point to open its cell.</p>
  </section>
</div>
<div id="detail" hidden>
  <div class="row"><h2 id="detailTitle"></h2><button id="closeDetail" style="margin-left:auto">close ✕</button></div>
  <div id="detailMeta" class="muted"></div>
  <div id="detailImages"></div>
  <div class="columns">
    <div>
      <h3>Predicted: <span id="detailPredicted"></span></h3>
      <div id="probabilities"></div>
      <h3>Relabel this cell</h3>
      <div class="row"><input id="detailLabel" type="text" list="classList"><button id="detailLabelButton" class="primary">Save label</button></div>
      <h3>Features</h3>
      <input id="featureSearch" type="text" placeholder="search features" style="width:100%">
      <div id="featureTable"></div>
    </div>
    <div id="shap"></div>
  </div>
</div>
<script>${VIEWER_SCRIPT}</script>
</body>
</html>
`;
}
