// Offline map: the committed oblast basemap (no tile server) and clustered incident markers.
// Incident data comes from a JSON script element; popups are built with textContent only.
(function () {
  "use strict";
  var words = {undated: "undated", victims: "victims"};  // the page gives them in its language
  function popup(p) {
    var box = document.createElement("div");
    var a = document.createElement("a");
    a.href = "/incidents/" + encodeURIComponent(p.id);
    a.textContent = p.label + " — " + p.place;
    box.appendChild(a);
    var info = document.createElement("div");
    info.textContent = [p.date || words.undated, p.victims === null ? "" : p.victims + " " + words.victims,
                        p.grade, p.status].filter(Boolean).join(" · ");
    box.appendChild(info);
    return box;
  }
  function start() {
    var el = document.getElementById("map");
    words.undated = el.getAttribute("data-undated") || words.undated;
    words.victims = el.getAttribute("data-victims") || words.victims;
    var data = JSON.parse(document.getElementById("incident-data").textContent);
    var map = L.map(el, {minZoom: 4, maxZoom: 13, zoomSnap: 0.25}).setView([48.6, 31.2], 6);
    fetch("/basemap.geojson", {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (geo) {
        var layer = L.geoJSON(geo, {
          style: function (f) {
            return f.properties.kind === "country"
              ? {color: "#455a64", weight: 1.5, fillColor: "#f5f5f0", fillOpacity: 1}
              : {color: "#607d8b", weight: 1.2, opacity: 0.9};
          },
          interactive: false
        }).addTo(map);
        el.setAttribute("data-basemap", "drawn");
        map.fitBounds(layer.getBounds());  // always show the whole country for context
      });
    var cluster = L.markerClusterGroup({showCoverageOnHover: false, maxClusterRadius: 40});
    data.forEach(function (p) {
      var icon = L.divIcon({className: "mk c" + p.colour, iconSize: [14, 14]});
      var m = L.marker([p.lat, p.lon], {icon: icon, title: p.label + " — " + p.place});
      m.bindPopup(popup(p));
      cluster.addLayer(m);
    });
    map.addLayer(cluster);
    el.setAttribute("data-markers", String(data.length));
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
