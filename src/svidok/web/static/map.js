// Offline map: committed basemap layers (oblast borders, rivers and lakes, names from the
// gazetteer; no tile server), clustered incident markers whose clusters show the mix of types,
// and a time strip below: dragging across it shows only the incidents of those dates (and the
// address bar, and so the links to the list and the timeline, carry the range).
// Incident data comes from a JSON script element; every text is set with textContent only.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var COUNTRY = [[44.2, 22.1], [52.4, 40.3]];
  var MAX_LABELS = 350;
  // the page gives these in its language (a JSON element, #map-words); %(name)s is filled in
  var words = {
    incident: "incident", other: "other", undated: "undated", reported: "reported %(date)s",
    victims: "%(n)s victims", open: "click to open the incident", mix: "%(n)s incidents: %(parts)s",
    hint: "Drag across the bars to show only incidents of those dates.",
    brushed: "Showing %(shown)s of %(all)s incidents dated %(since)s to %(until)s (the act's date, else the earliest report's).",
    loaded: "Showing incidents dated %(since)s to %(until)s (the act's date, else the earliest report's)."
  };
  function say(key, values) {
    return words[key].replace(/%\((\w+)\)s/g, function (_m, k) { return String(values[k]); });
  }

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function text(tag, cls, value) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    e.textContent = value;
    return e;
  }
  function typeLabels() {
    var out = {};
    document.querySelectorAll("#type-legend li").forEach(function (li) {
      var dot = li.querySelector(".dot");
      var k = dot ? dot.className.replace(/.*\bc(\d+)\b.*/, "$1") : "";
      out[k] = li.textContent.trim();
    });
    return out;
  }

  // ---- markers and clusters ----
  function tooltip(p, labels) {
    var box = document.createElement("div");
    box.appendChild(text("strong", "", (labels[p.k] || words.incident) + " — " + p.p));
    var given = p.d || p.s;
    var when = given ? (p.b === "r" ? say("reported", {date: given}) : given) : words.undated;
    var facts = [when, p.v === null ? "" : say("victims", {n: p.v}), p.g, words["status_" + p.st] || p.st].filter(Boolean).join(" · ");
    box.appendChild(text("div", "", facts));
    box.appendChild(text("div", "hint", words.open));
    return box;
  }
  function arc(cx, r, r0, a0, a1) {
    var large = a1 - a0 > Math.PI ? 1 : 0;
    function pt(rad, a) { return (cx + rad * Math.sin(a)).toFixed(2) + " " + (cx - rad * Math.cos(a)).toFixed(2); }
    return "M" + pt(r, a0) + "A" + r + " " + r + " 0 " + large + " 1 " + pt(r, a1) +
      "L" + pt(r0, a1) + "A" + r0 + " " + r0 + " 0 " + large + " 0 " + pt(r0, a0) + "Z";
  }
  function pieIcon(cluster, labels) {
    var counts = {}, total = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
      counts[m.options.k] = (counts[m.options.k] || 0) + 1;
      total += 1;
    });
    var size = total < 10 ? 32 : total < 100 ? 40 : 48, c = size / 2, r = c - 1, r0 = r * 0.56;
    var root = svgEl("svg", {width: size, height: size, viewBox: "0 0 " + size + " " + size});
    var keys = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || a - b; });
    var a = 0, parts = [];
    keys.forEach(function (k) {
      var share = counts[k] / total, a1 = a + share * 2 * Math.PI;
      if (keys.length === 1) {
        root.appendChild(svgEl("circle", {cx: c, cy: c, r: (r + r0) / 2, "class": "ring s" + k,
                                          "stroke-width": r - r0, fill: "none"}));
      } else {
        root.appendChild(svgEl("path", {d: arc(c, r, r0, a, a1 - 0.0001), "class": "f" + k}));
      }
      parts.push(counts[k] + " " + (labels[k] || words.other));
      a = a1;
    });
    root.appendChild(svgEl("circle", {cx: c, cy: c, r: r0, "class": "pie-hole"}));
    var n = svgEl("text", {x: c, y: c, "class": "pie-n", "text-anchor": "middle", "dominant-baseline": "central"});
    n.textContent = String(total);
    root.appendChild(n);
    var box = document.createElement("div");
    box.appendChild(root);
    box.setAttribute("data-mix", keys.join(","));
    box.title = say("mix", {n: total, parts: parts.join(", ")});
    return L.divIcon({html: box, className: "pie", iconSize: L.point(size, size)});
  }

  // ---- names on the map ----
  function labelLayer(map) {
    var data = null, cache = {}, layer = L.layerGroup().addTo(map);
    map.createPane("labels");
    function node(kind, name, uk, withUk) {
      var d = document.createElement("div");
      d.className = kind === "o" ? "olabel" : "plabel";
      if (kind !== "o") { d.appendChild(text("span", "pdot", "")); }
      var t = document.createElement("span");
      t.className = "lt";
      t.appendChild(text("span", "lat", name));
      if (withUk && uk) { t.appendChild(text("span", "cyr", uk)); }
      d.appendChild(t);
      return d;
    }
    function get(key, kind, row, withUk) {
      var id = key + (withUk ? "+" : "");
      if (!cache[id]) {
        cache[id] = L.marker([row[2], row[3]], {
          icon: L.divIcon({html: node(kind, row[0], row[1], withUk), className: "lbl", iconSize: null}),
          interactive: false, keyboard: false, pane: "labels"});
      }
      return cache[id];
    }
    function draw() {
      if (!data) { return; }
      var z = map.getZoom(), view = map.getBounds().pad(0.05), taken = [], wanted = {}, n = 0;
      function fits(x0, y0, x1, y1) {
        for (var i = 0; i < taken.length; i++) {
          var t = taken[i];
          if (x0 < t[2] && x1 > t[0] && y0 < t[3] && y1 > t[1]) { return false; }
        }
        taken.push([x0, y0, x1, y1]);
        return true;
      }
      var withUk = z >= 9;
      if (z < 8) {
        data.oblasts.forEach(function (o, i) {
          if (o[0] === "Kyiv" || o[0] === "Sevastopol" || !view.contains([o[2], o[3]])) { return; }
          var pt = map.latLngToContainerPoint([o[2], o[3]]), w = o[0].length * 9;
          if (fits(pt.x - w / 2, pt.y - 8, pt.x + w / 2, pt.y + 8)) { wanted["o" + i] = get("o" + i, "o", o, false); }
        });
      }
      for (var i = 0; i < data.places.length && n < MAX_LABELS; i++) {
        var p = data.places[i];
        if (p[5] > z) { break; }  // sorted by population: the rest are written from further in
        if (!view.contains([p[2], p[3]])) { continue; }
        var pt = map.latLngToContainerPoint([p[2], p[3]]);
        var w = Math.max(p[0].length, withUk ? p[1].length : 0) * 7 + 10, h = withUk && p[1] ? 26 : 14;
        if (fits(pt.x - 3, pt.y - 8, pt.x + w, pt.y - 8 + h)) {
          wanted["p" + i] = get("p" + i, "p", p, withUk);
          n += 1;
        }
      }
      var keep = new Set(Object.keys(wanted).map(function (k) { return wanted[k]; }));
      layer.eachLayer(function (m) { if (!keep.has(m)) { layer.removeLayer(m); } });
      keep.forEach(function (m) { if (!layer.hasLayer(m)) { layer.addLayer(m); } });
      map.getContainer().setAttribute("data-labels", String(keep.size));
      map.getContainer().setAttribute("data-places", String(n));
    }
    map.on("moveend zoomend", draw);
    return {
      load: function (d) { data = d; draw(); },
      oblastBox: function (name) {
        var o = data && data.oblasts.filter(function (x) { return x[0] === name; })[0];
        return o ? [[o[4], o[5]], [o[6], o[7]]] : null;
      }
    };
  }

  // ---- time strip with a brush ----
  function monthOf(iso) { return iso ? iso.slice(0, 7) : ""; }
  function nextMonth(m) {
    var y = +m.slice(0, 4), mo = +m.slice(5, 7) + 1;
    if (mo > 12) { y += 1; mo = 1; }
    return y + "-" + (mo < 10 ? "0" : "") + mo;
  }
  function lastDay(m) {
    var d = new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0));
    return d.toISOString().slice(0, 10);
  }
  function strip(svg, points, onBrush) {
    var dated = points.filter(function (p) { return p.s; });
    if (!dated.length) { svg.setAttribute("height", "0"); return; }
    var first = dated.reduce(function (a, p) { return p.s < a ? p.s : a; }, "9999"),
        last = dated.reduce(function (a, p) { return p.s > a ? p.s : a; }, "0000");
    var months = [], m = monthOf(first);
    while (m <= monthOf(last) && months.length < 600) { months.push(m); m = nextMonth(m); }
    var act = {}, rep = {};
    dated.forEach(function (p) { var k = monthOf(p.s); (p.b === "r" ? rep : act)[k] = ((p.b === "r" ? rep : act)[k] || 0) + 1; });
    var width = Math.max(svg.parentNode.clientWidth - 2, 200), H = 70, step = (width - 20) / months.length;
    var top = Math.max.apply(null, months.map(function (k) { return (act[k] || 0) + (rep[k] || 0); })) || 1;
    svg.setAttribute("width", width);
    svg.setAttribute("height", H + 22);
    var defs = svgEl("defs", {}), pat = svgEl("pattern", {id: "hatch", width: 4, height: 4, patternUnits: "userSpaceOnUse",
                                                            patternTransform: "rotate(45)"});
    pat.appendChild(svgEl("rect", {width: 4, height: 4, "class": "hatch-bg"}));
    pat.appendChild(svgEl("line", {x1: 0, y1: 0, x2: 0, y2: 4, "class": "hatch-line"}));
    defs.appendChild(pat);
    svg.appendChild(defs);
    months.forEach(function (k, i) {
      var x = 10 + i * step, ha = H * (act[k] || 0) / top, hr = H * (rep[k] || 0) / top, bw = Math.max(step - 1, 1);
      if (ha) { svg.appendChild(svgEl("rect", {x: x, y: H - ha, width: bw, height: ha, "class": "sbar act", "data-month": k})); }
      if (hr) { svg.appendChild(svgEl("rect", {x: x, y: H - ha - hr, width: bw, height: hr, "class": "sbar reported", "data-month": k})); }
      if (k.slice(5) === "01" || i === 0) {
        var t = svgEl("text", {x: x, y: H + 14, "class": "slbl"});
        t.textContent = k.slice(5) === "01" ? k.slice(0, 4) : k;
        svg.appendChild(t);
      }
    });
    var sel = svgEl("rect", {x: 0, y: 0, width: 0, height: H, "class": "brush"});
    svg.appendChild(sel);
    var start = null;
    function monthAt(x) { return months[Math.min(months.length - 1, Math.max(0, Math.floor((x - 10) / step)))]; }
    function xOf(evt) { return evt.clientX - svg.getBoundingClientRect().left; }
    svg.addEventListener("pointerdown", function (evt) {
      start = xOf(evt);
      svg.setPointerCapture(evt.pointerId);
      sel.setAttribute("x", start);
      sel.setAttribute("width", 0);
    });
    svg.addEventListener("pointermove", function (evt) {
      if (start === null) { return; }
      var x = xOf(evt);
      sel.setAttribute("x", Math.min(start, x));
      sel.setAttribute("width", Math.abs(x - start));
    });
    svg.addEventListener("pointerup", function (evt) {
      if (start === null) { return; }
      var a = monthAt(Math.min(start, xOf(evt))), b = monthAt(Math.max(start, xOf(evt)));
      start = null;
      var i0 = months.indexOf(a), i1 = months.indexOf(b);
      sel.setAttribute("x", 10 + i0 * step);
      sel.setAttribute("width", (i1 - i0 + 1) * step);
      onBrush(a + "-01", lastDay(b));
    });
    return {clear: function () { sel.setAttribute("width", 0); }};
  }

  function start() {
    var el = document.getElementById("map");
    var given = document.getElementById("map-words");
    if (given) {
      var w = JSON.parse(given.textContent);
      Object.keys(w).forEach(function (k) { if (w[k]) { words[k] = w[k]; } });
    }
    var points = JSON.parse(document.getElementById("incident-data").textContent);
    var labels = typeLabels();
    var map = L.map(el, {minZoom: 4, maxZoom: 13, zoomSnap: 0.25, preferCanvas: false});
    map.fitBounds(COUNTRY);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Natural Earth · GeoNames · KATOTTG");
    function report() {
      var c = map.getCenter();
      el.setAttribute("data-zoom", map.getZoom().toFixed(2));
      el.setAttribute("data-center", c.lat.toFixed(3) + "," + c.lng.toFixed(3));
    }
    map.on("moveend zoomend", report);
    report();
    var names = labelLayer(map);
    function getJSON(url) { return fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); }); }
    getJSON("/basemap.geojson").then(function (geo) {
      L.geoJSON(geo, {
        style: function (f) {
          return f.properties.kind === "country"
            ? {color: "#455a64", weight: 1.5, fillColor: "#f5f5f0", fillOpacity: 1}
            : {color: "#8d6e63", weight: 1.1, opacity: 0.9, dashArray: "4 3"};
        },
        interactive: false
      }).addTo(map);
      el.setAttribute("data-basemap", "drawn");
      return getJSON("/static/basemap/ukraine-water.geojson");
    }).then(function (water) {
      L.geoJSON(water, {
        style: function (f) {
          return f.properties.kind === "lake"
            ? {color: "#6fa8dc", weight: 0.8, fillColor: "#b3d4f0", fillOpacity: 1}
            : {color: "#6fa8dc", weight: 1.6, opacity: 0.9};
        },
        interactive: false
      }).addTo(map);
      el.setAttribute("data-water", "drawn");
    });
    getJSON("/static/basemap/ukraine-labels.json").then(function (d) {
      names.load(d);
      var box = el.getAttribute("data-oblast") && names.oblastBox(el.getAttribute("data-oblast"));
      if (box) { map.fitBounds(box, {padding: [10, 10]}); }
      el.setAttribute("data-names", "loaded");
    });

    var icons = {};
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 44, chunkedLoading: true,
      iconCreateFunction: function (c) { return pieIcon(c, labels); },
      chunkProgress: function (done, total) {
        if (done === total) { el.setAttribute("data-ready", String(Math.round(performance.now()))); }
      }
    });
    var markers = points.map(function (p) {
      if (!icons[p.k]) { icons[p.k] = L.divIcon({className: "mk c" + p.k, iconSize: [14, 14]}); }
      var m = L.marker([p.y, p.x], {icon: icons[p.k], title: (labels[p.k] || words.incident) + " — " + p.p, k: p.k,
                                    alt: (labels[p.k] || words.incident) + " — " + p.p});
      m.p = p;
      return m;
    });
    // one handler for all markers (5,000 handlers and tooltips would slow the page's start)
    cluster.on("click", function (e) {
      if (e.layer && e.layer.p) { window.location.href = "/incidents/" + encodeURIComponent(e.layer.p.id); }
    });
    cluster.on("mouseover", function (e) {
      var m = e.layer;
      if (m && m.p && !m.getTooltip()) {
        m.bindTooltip(tooltip(m.p, labels), {direction: "top", offset: [0, -8]});
        m.openTooltip();
      }
    });
    map.addLayer(cluster);
    cluster.addLayers(markers);
    if (!markers.length) { el.setAttribute("data-ready", String(Math.round(performance.now()))); }
    el.setAttribute("data-markers", String(points.length));
    el.setAttribute("data-visible", String(points.length));

    // brushing the time strip filters the markers here, and the address bar carries the range
    var form = document.querySelector("form.filters");
    var note = document.getElementById("brush-note"), clear = document.getElementById("brush-clear");
    var loadedRange = new URLSearchParams(window.location.search);
    function setRange(since, until) {
      var shown = markers.filter(function (m) {
        var p = m.p;
        if (!since && !until) { return true; }
        return p.s && (!since || (p.e || p.s) >= since) && (!until || p.s <= until);
      });
      cluster.clearLayers();
      cluster.addLayers(shown);
      el.setAttribute("data-visible", String(shown.length));
      var q = new URLSearchParams(window.location.search);
      [["since", since], ["until", until]].forEach(function (kv) { if (kv[1]) { q.set(kv[0], kv[1]); } else { q.delete(kv[0]); } });
      history.replaceState(null, "", window.location.pathname + (q.toString() ? "?" + q.toString() : ""));
      if (form) { form.elements.since.value = since || ""; form.elements.until.value = until || ""; }
      if (window.svidokCarry) { window.svidokCarry(); }
      note.textContent = since ? say("brushed", {shown: shown.length, all: markers.length, since: since, until: until})
        : words.hint;
      clear.hidden = !since;
    }
    var brush = strip(document.getElementById("strip"), points, setRange);
    clear.addEventListener("click", function () {
      if (loadedRange.get("since") || loadedRange.get("until")) {  // the server narrowed the markers
        var q = new URLSearchParams(window.location.search);
        q.delete("since");
        q.delete("until");
        window.location.href = window.location.pathname + (q.toString() ? "?" + q.toString() : "");
        return;
      }
      if (brush) { brush.clear(); }
      setRange("", "");
    });
    if (loadedRange.get("since") || loadedRange.get("until")) {
      note.textContent = say("loaded", {since: loadedRange.get("since") || "…", until: loadedRange.get("until") || "…"});
      clear.hidden = false;
    }
    // choosing an oblast reloads the map zoomed to it
    var oblast = form && form.elements.oblast;
    if (oblast) { oblast.addEventListener("change", function () { form.requestSubmit(); }); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
