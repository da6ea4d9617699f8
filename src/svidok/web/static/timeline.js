// Timeline: a click on a bar opens its month in the list (plain links); dragging across the bars
// chooses a date range and offers it to the map and the list, with the page's other filters.
(function () {
  "use strict";
  function lastDay(m) { return new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).toISOString().slice(0, 10); }
  function start() {
    var svg = document.getElementById("timeline-chart");
    if (!svg) { return; }
    var bars = Array.prototype.slice.call(svg.querySelectorAll("a.bar-link rect.hit"));
    var all = Array.prototype.slice.call(svg.querySelectorAll("text.lbl[transform]"));
    var sel = document.getElementById("tl-brush"), out = document.getElementById("tl-brush-out");
    var months = all.map(function (t) { return {m: t.textContent, x: +t.getAttribute("x") - 14}; });
    if (!months.length) { return; }
    var x0 = null, moved = false;
    function at(evt) { return evt.clientX - svg.getBoundingClientRect().left; }
    function monthAt(x) {
      var best = months[0];
      months.forEach(function (m) { if (m.x <= x) { best = m; } });
      return best;
    }
    svg.addEventListener("pointerdown", function (evt) { x0 = at(evt); moved = false; });
    svg.addEventListener("pointermove", function (evt) {
      if (x0 === null) { return; }
      var x = at(evt);
      if (Math.abs(x - x0) < 6) { return; }
      if (!moved) { svg.setPointerCapture(evt.pointerId); }
      moved = true;
      sel.setAttribute("x", Math.min(x0, x));
      sel.setAttribute("width", Math.abs(x - x0));
    });
    svg.addEventListener("pointerup", function (evt) {
      if (x0 === null) { return; }
      var x = at(evt), a = monthAt(Math.min(x0, x)), b = monthAt(Math.max(x0, x));
      x0 = null;
      if (!moved) { return; }  // a click: the bar's own link opens its month
      sel.setAttribute("x", a.x);
      sel.setAttribute("width", b.x - a.x + 36);
      var q = new URLSearchParams(window.location.search);
      q.delete("page");
      q.set("since", a.m + "-01");
      q.set("until", lastDay(b.m));
      document.getElementById("tl-range").textContent = a.m + "-01 to " + lastDay(b.m);
      document.getElementById("tl-to-map").href = "/map?" + q.toString();
      document.getElementById("tl-to-list").href = "/incidents?" + q.toString();
      out.hidden = false;
    });
    svg.addEventListener("click", function (evt) { if (moved) { evt.preventDefault(); moved = false; } }, true);
    return bars;
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
