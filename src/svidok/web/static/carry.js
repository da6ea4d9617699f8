// One query string carries the filters across the list, the map and the timeline: links marked
// data-carry follow the address bar whenever it changes without a page load (HTMX filtering on
// the list, brushing a date range on the map).
(function () {
  "use strict";
  var KEYS = ["type", "oblast", "place", "since", "until", "grade", "flagged", "status", "q", "sort"];
  function carry() {
    var here = new URLSearchParams(window.location.search);
    var kept = new URLSearchParams();
    KEYS.forEach(function (k) { var v = here.get(k); if (v) { kept.set(k, v); } });
    var qs = kept.toString();
    document.querySelectorAll("a[data-carry]").forEach(function (a) {
      var path = new URL(a.href, window.location.href).pathname;
      a.href = path + (qs ? "?" + qs : "");
    });
  }
  window.svidokCarry = carry;
  document.addEventListener("htmx:pushedIntoHistory", carry);
  document.addEventListener("htmx:afterSettle", carry);
  window.addEventListener("popstate", carry);
})();
