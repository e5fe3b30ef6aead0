/* Filters of the page written by kg.render.render_html: relation, family, modality, date range,
 * minimum confidence and minimum statement count, applied in the page to the statements embedded
 * in each edge, with the meaning of kg.network.Network.filter: a statement passes every filter
 * or is hidden; an edge with too few statements left is hidden, and so is a node left without a
 * visible edge. page.js calls akgInstallFilters(page), which builds the panel and returns
 * akgFilter(spec): spec {relations, families, modalities: [names], since, until: "YYYY[-MM[-DD]]",
 * minConfidence, minCount}; a missing key means no limit, no spec clears every filter. It returns
 * the numbers of visible nodes and edges. */
window.akgInstallFilters = function (page) {
  "use strict";
  var cfg = page.cfg;
  var form = document.getElementById("akg-filter-form");
  var counts = document.getElementById("akg-counts");
  var total = { nodes: cfg.nodes.length, edges: cfg.edges.length };
  var baseDegree = Object.assign({}, page.degree); // a node without edges in the data stays shown
  var state = clean();

  function clean(spec) {
    spec = spec || {};
    function set(list) { return list == null ? null : new Set(list); }
    return {
      relations: set(spec.relations), families: set(spec.families), modalities: set(spec.modalities),
      since: spec.since || "", until: spec.until || "",
      minConfidence: Number(spec.minConfidence) || 0, minCount: Math.max(1, Number(spec.minCount) || 1)
    };
  }

  // Dates compare by prefix, as in Network.filter: since "2021-08" keeps August 2021 on.
  function statementPasses(x) {
    if (x[2] < state.minConfidence) { return false; }
    if (state.modalities && !state.modalities.has(cfg.modalities[x[1]])) { return false; }
    if (state.since || state.until) {
      var d = x[0];
      if (!d) { return false; }
      if (state.since && d.slice(0, state.since.length) < state.since) { return false; }
      if (state.until && d.slice(0, state.until.length) > state.until) { return false; }
    }
    return true;
  }

  function apply() {
    var edgeUpdates = [];
    var nodeUpdates = [];
    var shown = { nodes: 0, edges: 0 };
    var degree = {};
    cfg.nodes.forEach(function (n) { degree[n.id] = 0; });
    cfg.edges.forEach(function (e) {
      var ev = e.ev.filter(statementPasses);
      // An edge without statements answers to the relation and family filters only.
      var visible = (!state.relations || state.relations.has(e.relation)) &&
        (!state.families || state.families.has(e.family)) &&
        (e.ev.length === 0 || ev.length >= state.minCount);
      page.passing[e.id] = ev;
      var width = Math.round(100 * (cfg.width[0] + cfg.width[1] * Math.log2(Math.max(ev.length, 1)))) / 100;
      var dashes = !ev.some(function (x) { return cfg.modalities[x[1]] === "Asserted"; });
      if (!!e.hidden === visible || e.width !== width || e.dashes !== dashes) {
        e.hidden = !visible;
        e.width = width;
        e.dashes = dashes;
        edgeUpdates.push({ id: e.id, hidden: !visible, width: width, dashes: dashes });
      }
      if (visible) {
        shown.edges += 1;
        degree[e.from] += 1;
        if (e.to !== e.from) { degree[e.to] += 1; }
      }
    });
    cfg.nodes.forEach(function (n) {
      var visible = degree[n.id] > 0 || baseDegree[n.id] === 0;
      if (!!n.hidden === visible) {
        n.hidden = !visible;
        nodeUpdates.push({ id: n.id, hidden: !visible });
      }
      if (visible) { shown.nodes += 1; }
    });
    page.degree = degree;
    if (nodeUpdates.length) { page.nodes.update(nodeUpdates); }
    if (edgeUpdates.length) { page.edges.update(edgeUpdates); }
    counts.textContent = (shown.nodes === total.nodes ? total.nodes : shown.nodes + " of " + total.nodes) +
      " actors and places, " +
      (shown.edges === total.edges ? total.edges : shown.edges + " of " + total.edges) + " relations";
    if (nodeUpdates.length && window.akgStable && shown.nodes) { page.network.fit({ maxZoomLevel: 1.4 }); }
    return shown;
  }

  // The panel: one fieldset per filter, built from what the data holds.
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) { e.textContent = text; }
    return e;
  }
  function checkboxes(legend, name, values, colour) {
    var box = form.appendChild(el("fieldset", { "data-filter": name }));
    box.appendChild(el("legend", null, legend));
    values.forEach(function (v) {
      var label = box.appendChild(el("label"));
      label.appendChild(el("input", { type: "checkbox", name: name, value: v, checked: "" }));
      if (colour) {
        label.appendChild(el("span", { "class": "akg-line", style: "border-top-color:" + colour(v) }));
      }
      label.appendChild(document.createTextNode(v));
    });
  }
  var familyOf = {};
  cfg.relations.forEach(function (r) { familyOf[r[0]] = r[1]; });
  var present = {};
  cfg.edges.forEach(function (e) { e.ev.forEach(function (x) { present[x[1]] = 1; }); });
  var dates = [];
  cfg.edges.forEach(function (e) { e.ev.forEach(function (x) { if (x[0]) { dates.push(x[0]); } }); });
  dates.sort();

  checkboxes("Family", "families", cfg.families, function (f) { return cfg.familyColors[f]; });
  checkboxes("Relation", "relations", cfg.relations.map(function (r) { return r[0]; }),
    function (r) { return cfg.familyColors[familyOf[r]]; });
  checkboxes("Modality", "modalities", cfg.modalities.filter(function (m, i) { return present[i]; }));
  var when = form.appendChild(el("fieldset", { "data-filter": "dates" }));
  when.appendChild(el("legend", null, "Dates"));
  ["since", "until"].forEach(function (name) {
    var label = when.appendChild(el("label", null, name === "since" ? "from " : "to "));
    var attrs = { type: "date", name: name };
    if (dates.length) { attrs.min = dates[0].slice(0, 10); attrs.max = dates[dates.length - 1].slice(0, 10); }
    label.appendChild(el("input", attrs));
  });
  var limits = form.appendChild(el("fieldset", { "data-filter": "limits" }));
  limits.appendChild(el("legend", null, "Limits"));
  var confLabel = limits.appendChild(el("label", null, "confidence \u2265 "));
  var conf = confLabel.appendChild(el("input", { type: "range", name: "minConfidence", min: "0", max: "1", step: "0.05", value: "0" }));
  var confOut = confLabel.appendChild(el("output", null, "0.00"));
  var countLabel = limits.appendChild(el("label", null, "statements \u2265 "));
  countLabel.appendChild(el("input", { type: "number", name: "minCount", min: "1", step: "1", value: "1" }));
  var reset = form.appendChild(el("button", { type: "button", id: "akg-filter-reset" }, "Show all"));

  function checked(name) {
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]'));
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return on.length === boxes.length ? null : on;
  }
  function readForm() {
    state = clean({
      relations: checked("relations"), families: checked("families"), modalities: checked("modalities"),
      since: form.elements.since.value, until: form.elements.until.value,
      minConfidence: conf.value, minCount: form.elements.minCount.value
    });
    confOut.textContent = Number(conf.value).toFixed(2);
    return apply();
  }
  // The form shows the state; a date prefix that a date field cannot hold ("2021-08") stays blank.
  function writeForm() {
    ["relations", "families", "modalities"].forEach(function (name) {
      form.querySelectorAll('input[name="' + name + '"]').forEach(function (b) {
        b.checked = !state[name] || state[name].has(b.value);
      });
    });
    form.elements.since.value = /^\d{4}-\d{2}-\d{2}$/.test(state.since) ? state.since : "";
    form.elements.until.value = /^\d{4}-\d{2}-\d{2}$/.test(state.until) ? state.until : "";
    conf.value = String(state.minConfidence);
    confOut.textContent = state.minConfidence.toFixed(2);
    form.elements.minCount.value = String(state.minCount);
  }
  form.addEventListener("change", readForm);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  conf.addEventListener("input", function () { confOut.textContent = Number(conf.value).toFixed(2); });
  reset.addEventListener("click", function () { state = clean(); writeForm(); apply(); });

  return function akgFilter(spec) {
    state = clean(spec);
    writeForm();
    return apply();
  };
};
