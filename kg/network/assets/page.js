/* Page logic for kg.render.render_html: builds the vis-network from the JSON block, tooltips, the
 * details panel, search and the settle-then-freeze layout; filters.js adds the filter panel.
 * Exposes akgNodes, akgEdges, akgNetwork, akgSearch(text), akgFilter(spec), akgStable and
 * akgTimings (milliseconds since navigation: start of this script, data parsed, data handed to
 * vis, first drawing, layout settled) on window for tests, benchmarks and the browser console. */
(function () {
  "use strict";
  var timings = { script: performance.now() };
  var cfg = JSON.parse(document.getElementById("akg-data").textContent);
  timings.parsed = performance.now();
  window.akgTimings = timings;

  var nodeById = {};
  var edgeById = {};
  cfg.nodes.forEach(function (n) { nodeById[n.id] = n; });
  cfg.edges.forEach(function (e) { edgeById[e.id] = e; });
  // What the filters let through: the statements of each edge and the visible edges per node.
  var page = { cfg: cfg, nodeById: nodeById, edgeById: edgeById, passing: {}, degree: {} };
  cfg.edges.forEach(function (e) { page.passing[e.id] = e.ev; });
  cfg.nodes.forEach(function (n) { page.degree[n.id] = 0; });
  cfg.edges.forEach(function (e) { page.degree[e.from] += 1; if (e.to !== e.from) { page.degree[e.to] += 1; } });

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; } // text only: article text is never parsed as markup
    return e;
  }
  function plural(k, word) { return k + " " + word + (k === 1 ? "" : "s"); }
  function labelOf(id) { return nodeById[id] ? nodeById[id].label : id; }

  function nodeTip(id) {
    var n = nodeById[id];
    var box = el("div", "akg-tip");
    box.appendChild(el("div", "akg-tip-head", n.label));
    box.appendChild(el("div", "akg-tip-meta", n.type + " \u00b7 " + plural(page.degree[id], "relation")));
    if (n.alt.length) { box.appendChild(el("div", null, "Also: " + n.alt.join(", "))); }
    return box;
  }

  // Relation, statement count, date range and modalities of what passes the filters, then the
  // best few sentences (the data lists them best first) with their documents.
  function edgeTip(id) {
    var e = edgeById[id];
    var ev = page.passing[id];
    var dates = ev.map(function (x) { return x[0]; }).filter(Boolean).sort();
    var range = !dates.length ? "no date" : dates[0] === dates[dates.length - 1] ? dates[0]
      : dates[0] + " \u2013 " + dates[dates.length - 1];
    var mods = {};
    ev.forEach(function (x) { mods[cfg.modalities[x[1]]] = 1; });
    var count = ev.length === e.ev.length ? plural(ev.length, "statement")
      : ev.length + " of " + plural(e.ev.length, "statement");
    var box = el("div", "akg-tip");
    box.appendChild(el("div", "akg-tip-head", labelOf(e.from) + " " + e.relation + " " + labelOf(e.to)));
    box.appendChild(el("div", "akg-tip-meta", [e.family, count, range,
      Object.keys(mods).sort().join(", ") || "no evidence"].join(" \u00b7 ")));
    var shown = ev.slice(0, cfg.maxEvidence);
    if (shown.length) {
      var list = box.appendChild(el("ol"));
      shown.forEach(function (x) {
        var doc = cfg.docs[x[4]];
        var item = list.appendChild(el("li"));
        item.appendChild(el("q", null, x[3]));
        var src = item.appendChild(el("span", "akg-tip-src", " \u2014 "));
        if (doc[1] && /^https?:\/\//i.test(doc[1])) {
          var a = src.appendChild(el("a", null, doc[0]));
          a.href = doc[1];
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          src.appendChild(el("span", "akg-tip-host", " " + new URL(doc[1]).host));
        } else { src.appendChild(document.createTextNode(doc[0])); }
        var extra = [x[0], cfg.modalities[x[1]]].filter(Boolean).join(", ");
        if (extra) { src.appendChild(document.createTextNode(" (" + extra + ")")); }
      });
    }
    if (ev.length > shown.length) {
      box.appendChild(el("div", "akg-tip-meta", "\u2026 and " + (ev.length - shown.length) + " more"));
    }
    return box;
  }

  // vis-network shows an Element title as it is. Tooltips are built when shown, so a page with
  // thousands of edges creates no tooltip up front and always shows what the filters let through.
  customElements.define("akg-tip", class extends HTMLElement {
    connectedCallback() { this.replaceChildren(this.akgKind === "edge" ? edgeTip(this.akgId) : nodeTip(this.akgId)); }
  });
  function tipFor(kind, id) {
    var t = document.createElement("akg-tip");
    t.akgKind = kind;
    t.akgId = id;
    return t;
  }
  cfg.nodes.forEach(function (n) { n.title = tipFor("node", n.id); });
  cfg.edges.forEach(function (e) { e.title = tipFor("edge", e.id); });

  var nodes = new vis.DataSet(cfg.nodes);
  var edges = new vis.DataSet(cfg.edges);
  var container = document.getElementById("akg-network");
  var progress = document.getElementById("akg-progress");
  var progressText = document.getElementById("akg-progress-text");
  var network = new vis.Network(container, { nodes: [], edges: [] }, cfg.options);
  page.nodes = nodes;
  page.edges = edges;
  page.network = network;
  window.akgNodes = nodes;
  window.akgEdges = edges;
  window.akgNetwork = network;
  window.akgStable = false;
  window.akgLayout = { iterations: 0, total: 0, stopped: false }; // how far the layout got

  // Physics only lays the network out: once stabilised, or out of time, it is switched off so
  // the tab goes idle.
  function settled() {
    if (cfg.physics) { network.setOptions({ physics: { enabled: false } }); }
    network.fit({ maxZoomLevel: 1.4 }); // small networks may be drawn larger than 1:1
    progress.hidden = true;
    timings.stable = performance.now();
    window.akgStable = true;
    document.body.setAttribute("data-akg-stable", "1");
  }
  network.on("afterDrawing", function first() {
    if (network.body.nodeIndices.length || !cfg.nodes.length) {
      timings.firstDraw = performance.now();
      network.off("afterDrawing", first);
    }
  });
  var layoutStart = 0;
  function stopLayout() { window.akgLayout.stopped = true; network.stopSimulation(); }
  if (cfg.physics && cfg.nodes.length > 0) {
    network.on("stabilizationProgress", function (p) {
      window.akgLayout.iterations = p.iterations;
      window.akgLayout.total = p.total;
      progressText.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
      if (performance.now() - layoutStart > 1000 * cfg.layoutSeconds) { stopLayout(); }
    });
    network.once("stabilizationIterationsDone", settled);
    document.getElementById("akg-stop").addEventListener("click", stopLayout);
  } else {
    document.getElementById("akg-stop").hidden = true;
  }
  // Handlers are in place before the data arrives, so no stabilisation event can be missed.
  layoutStart = performance.now();
  network.setData({ nodes: nodes, edges: edges });
  timings.data = performance.now();
  if (!cfg.physics || cfg.nodes.length === 0) {
    if (cfg.nodes.length === 0) {
      progressText.textContent = "The network is empty.";
      timings.stable = performance.now();
      window.akgStable = true;
      document.body.setAttribute("data-akg-stable", "1");
    }
    else { settled(); }
  }

  // Details panel: the same content as the tooltip, but it stays, so links can be followed.
  // An actor's details are its profile: relations by type with counts and dates, and a timeline.
  var details = document.getElementById("akg-details");
  var detailsBody = document.getElementById("akg-details-body");
  var profile = window.akgInstallProfile(page);
  window.akgProfile = function (id) { return profile(id).data; };
  function showDetails(kind, id) {
    detailsBody.textContent = "";
    if (!kind) { details.hidden = true; return; }
    detailsBody.appendChild(kind === "edge" ? edgeTip(id) : profile(id).element);
    details.hidden = false;
  }
  page.showDetails = showDetails;
  window.akgShowDetails = showDetails; // ("node" | "edge", id), or (null) to close
  document.getElementById("akg-details-close").addEventListener("click", function () { showDetails(null); });
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails("node", p.nodes[0]); }
    else if (p.edges.length) { showDetails("edge", p.edges[0]); }
    else { showDetails(null); }
  });

  // Search by case-insensitive substring of the label or an alternative label among the nodes
  // the filters show; selects the matches, brings them into view and returns how many there are.
  var status = document.getElementById("akg-search-status");
  window.akgSearch = function (text) {
    var q = String(text == null ? "" : text).trim().toLowerCase();
    if (!q) { network.unselectAll(); status.textContent = ""; return 0; }
    var hidden = 0;
    var ids = nodes.getIds({
      filter: function (n) {
        var hit = n.label.toLowerCase().indexOf(q) >= 0 ||
          (n.alt || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
        if (hit && n.hidden) { hidden += 1; }
        return hit && !n.hidden;
      }
    });
    if (ids.length === 0) { network.unselectAll(); }
    else {
      network.selectNodes(ids, false);
      if (ids.length === 1) {
        network.focus(ids[0], { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
        showDetails("node", ids[0]);
      } else {
        network.fit({ nodes: ids, animation: { duration: 400 } });
      }
    }
    status.textContent = (ids.length === 1 ? "1 match" : ids.length + " matches") +
      (hidden ? " (" + hidden + " hidden by filters)" : "");
    return ids.length;
  };
  var box = document.getElementById("akg-search");
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { window.akgSearch(box.value); } });
  box.addEventListener("input", function () { if (!box.value) { window.akgSearch(""); } });

  window.akgFilter = window.akgInstallFilters(page);

  // The legend sits below the drawing and folds to one line; the drawing takes the room it leaves.
  document.getElementById("akg-legend").addEventListener("toggle", function () {
    network.setSize("100%", "100%");
    network.redraw();
  });
})();
