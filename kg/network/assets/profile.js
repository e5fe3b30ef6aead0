/* An actor's profile for the details panel of kg.network.page: who it is, its relations grouped
 * by relation with their counterparts, statement counts and dates, and its timeline (statements
 * per month), all from the statements the filters let through. Defines
 * window.akgInstallProfile(page), which returns profile(id) -> {data, element}; page.js shows the
 * element when an actor is clicked, and tests read the data. */
(function () {
  "use strict";

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text != null) { e.textContent = text; } // text only: article text is never parsed as markup
    return e;
  }
  function span(dates) {
    if (!dates.length) { return "no date"; }
    return dates[0] === dates[dates.length - 1] ? dates[0] : dates[0] + " \u2013 " + dates[dates.length - 1];
  }

  window.akgInstallProfile = function (page) {
    var cfg = page.cfg;
    var byNode = {}; // node id -> its edges, either end
    cfg.edges.forEach(function (e) {
      (byNode[e.from] = byNode[e.from] || []).push(e);
      if (e.to !== e.from) { (byNode[e.to] = byNode[e.to] || []).push(e); }
    });
    function labelOf(id) { return page.nodeById[id] ? page.nodeById[id].label : id; }

    // The profile's numbers: relations by name (most statements first), each with its
    // counterparts (direction, statements, dates), and statements per month.
    function data(id) {
      var groups = {};
      var months = {};
      var total = 0;
      var others = {};
      (byNode[id] || []).forEach(function (e) {
        var ev = page.passing[e.id] || [];
        if (e.hidden || !ev.length) { return; } // what the filters hide is not in the profile
        var other = e.from === id ? e.to : e.from;
        var dir = e.from === e.to ? "self" : e.from === id ? "out" : "in";
        var dates = ev.map(function (x) { return x[0]; }).filter(Boolean).sort();
        var g = groups[e.relation] = groups[e.relation] || { relation: e.relation, family: e.family, count: 0, with: [] };
        g.count += ev.length;
        g.with.push({ id: other, label: labelOf(other), direction: dir, count: ev.length,
                      first: dates[0] || null, last: dates[dates.length - 1] || null });
        dates.forEach(function (d) { var m = d.slice(0, 7); months[m] = (months[m] || 0) + 1; });
        total += ev.length;
        others[other] = 1;
      });
      var relations = Object.keys(groups).map(function (k) { return groups[k]; });
      relations.sort(function (a, b) { return b.count - a.count || (a.relation < b.relation ? -1 : 1); });
      relations.forEach(function (g) {
        g.with.sort(function (a, b) { return b.count - a.count || (a.label < b.label ? -1 : 1); });
      });
      var timeline = Object.keys(months).sort().map(function (m) { return { month: m, count: months[m] }; });
      return { id: id, statements: total, actors: Object.keys(others).length, relations: relations,
               timeline: timeline };
    }

    function render(id) {
      var n = page.nodeById[id];
      var d = data(id);
      var box = el("div", "akg-profile");
      box.appendChild(el("div", "akg-tip-head", n.label));
      box.appendChild(el("div", "akg-tip-meta", n.type + " \u00b7 " + d.statements + " statement" +
        (d.statements === 1 ? "" : "s") + " with " + d.actors + " other" + (d.actors === 1 ? "" : "s")));
      if (n.alt.length) { box.appendChild(el("div", null, "Also: " + n.alt.join(", "))); }
      box.appendChild(el("h3", null, "Relations"));
      d.relations.forEach(function (g) {
        var head = box.appendChild(el("div", "akg-profile-rel"));
        var line = head.appendChild(el("span", "akg-line"));
        line.style.borderTopColor = cfg.familyColors[g.family] || "#888";
        head.appendChild(document.createTextNode(g.relation + " (" + g.count + ")"));
        var list = box.appendChild(el("ul", "akg-profile-with"));
        g.with.forEach(function (w) {
          var arrow = w.direction === "out" ? "\u2192 " : w.direction === "in" ? "\u2190 " : "\u21bb ";
          var dates = [w.first, w.last].filter(Boolean);
          list.appendChild(el("li", null, arrow + w.label + " \u00b7 " + w.count + " \u00b7 " + span(dates)));
        });
      });
      if (!d.relations.length) { box.appendChild(el("div", "akg-tip-meta", "No statement passes the filters.")); }
      box.appendChild(el("h3", null, "Timeline"));
      var most = Math.max.apply(null, [1].concat(d.timeline.map(function (t) { return t.count; })));
      var chart = box.appendChild(el("div", "akg-timeline"));
      d.timeline.forEach(function (t) {
        var row = chart.appendChild(el("div", "akg-timeline-row"));
        row.appendChild(el("span", "akg-timeline-month", t.month));
        var bar = row.appendChild(el("span", "akg-timeline-bar"));
        bar.style.width = Math.max(2, Math.round(160 * t.count / most)) + "px";
        row.appendChild(el("span", "akg-timeline-count", String(t.count)));
      });
      if (!d.timeline.length) { chart.appendChild(el("div", "akg-tip-meta", "No dated statement.")); }
      return box;
    }

    return function (id) { return { data: data(id), element: render(id) }; };
  };
})();
