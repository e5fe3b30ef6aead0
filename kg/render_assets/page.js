/* Page logic for kg.render.render_html: builds the vis-network from the JSON block, wires search,
 * details panel and the settle-then-freeze physics. Exposes akgNodes, akgEdges, akgNetwork,
 * akgSearch(text) and akgStable on window for tests and the browser console. */
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("akg-data").textContent);

  // Tooltip markup is escaped in Python; this allow-list is a second line of defence so that only
  // plain formatting tags and http(s) links can ever reach the page.
  var ALLOWED = { DIV: 1, SPAN: 1, B: 1, I: 1, EM: 1, STRONG: 1, SMALL: 1, BR: 1, OL: 1, UL: 1, LI: 1, A: 1, Q: 1 };

  function toElement(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html; // template content is inert: nothing runs or loads while it is cleaned
    Array.prototype.slice.call(tpl.content.querySelectorAll("*")).forEach(function (el) {
      if (!ALLOWED[el.tagName]) { el.remove(); return; }
      Array.prototype.slice.call(el.attributes).forEach(function (a) {
        var keep = a.name === "class" ||
          (el.tagName === "A" && a.name === "href" && /^https?:\/\//i.test(a.value));
        if (!keep) { el.removeAttribute(a.name); }
      });
      if (el.tagName === "A") { el.setAttribute("target", "_blank"); el.setAttribute("rel", "noopener noreferrer"); }
    });
    var box = document.createElement("div");
    box.className = "akg-tip";
    box.appendChild(document.importNode(tpl.content, true));
    return box;
  }

  // vis-network shows an Element title as-is (a string title would be shown as plain text).
  cfg.nodes.forEach(function (n) { n.title = toElement(n.tip); });
  cfg.edges.forEach(function (e) { e.title = toElement(e.tip); });

  var nodes = new vis.DataSet(cfg.nodes);
  var edges = new vis.DataSet(cfg.edges);
  var container = document.getElementById("akg-network");
  var progress = document.getElementById("akg-progress");
  var network = new vis.Network(container, { nodes: [], edges: [] }, cfg.options);
  window.akgNodes = nodes;
  window.akgEdges = edges;
  window.akgNetwork = network;
  window.akgStable = false;

  // Physics only lays the network out: once stabilised it is switched off so the tab goes idle.
  function settled() {
    if (cfg.physics) { network.setOptions({ physics: { enabled: false } }); }
    network.fit({ maxZoomLevel: 1.4 }); // small networks may be drawn larger than 1:1
    progress.hidden = true;
    window.akgStable = true;
    document.body.setAttribute("data-akg-stable", "1");
  }
  if (cfg.physics && cfg.nodes.length > 0) {
    network.on("stabilizationProgress", function (p) {
      progress.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", settled);
  }
  // Handlers are in place before the data arrives, so no stabilisation event can be missed.
  network.setData({ nodes: nodes, edges: edges });
  if (!cfg.physics || cfg.nodes.length === 0) {
    if (cfg.nodes.length === 0) {
      progress.textContent = "The network is empty.";
      window.akgStable = true;
      document.body.setAttribute("data-akg-stable", "1");
    }
    else { settled(); }
  }

  // Details panel: the same content as the tooltip, but it stays, so links can be followed.
  var details = document.getElementById("akg-details");
  var detailsBody = document.getElementById("akg-details-body");
  function showDetails(item) {
    detailsBody.textContent = "";
    if (!item) { details.hidden = true; return; }
    detailsBody.appendChild(item.title.cloneNode(true));
    details.hidden = false;
  }
  document.getElementById("akg-details-close").addEventListener("click", function () { showDetails(null); });
  network.on("click", function (p) {
    if (p.nodes.length) { showDetails(nodes.get(p.nodes[0])); }
    else if (p.edges.length) { showDetails(edges.get(p.edges[0])); }
    else { showDetails(null); }
  });

  // Search by case-insensitive substring of the label or an alternative label; selects the
  // matches, brings them into view and returns how many there are.
  var status = document.getElementById("akg-search-status");
  window.akgSearch = function (text) {
    var q = String(text == null ? "" : text).trim().toLowerCase();
    if (!q) { network.unselectAll(); status.textContent = ""; return 0; }
    var ids = nodes.getIds({
      filter: function (n) {
        if (n.label.toLowerCase().indexOf(q) >= 0) { return true; }
        return (n.alt || []).some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
      }
    });
    if (ids.length === 0) { network.unselectAll(); }
    else {
      network.selectNodes(ids, false);
      if (ids.length === 1) {
        network.focus(ids[0], { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400 } });
        showDetails(nodes.get(ids[0]));
      } else {
        network.fit({ nodes: ids, animation: { duration: 400 } });
      }
    }
    status.textContent = ids.length === 1 ? "1 match" : ids.length + " matches";
    return ids.length;
  };
  var box = document.getElementById("akg-search");
  box.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { window.akgSearch(box.value); } });
  box.addEventListener("input", function () { if (!box.value) { window.akgSearch(""); } });
})();
