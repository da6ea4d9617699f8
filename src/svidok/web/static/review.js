/* Review at speed: keyboard shortcuts on the list and the incident page, "tick all on this page",
   previous/next incident of the list one came from, sources folded on narrow screens.
   The app works without it: every action is a plain form. No inline script anywhere (CSP). */
(function () {
  "use strict";
  var KEY = "svidok.list";  // sessionStorage: the ids of the list page last seen, and its address
  // messages; the page gives them in its language (#keys-words data-words in _keys.html: data, not a script)
  var words = {
    tickFirst: "Tick an incident first (x), or move to one with j/k.",
    whyThey: "Type why they are rejected, then press Enter.",
    whyIt: "Type why it is rejected, then press Enter.",
    noNext: "No next incident on that page of the list.",
    noPrevious: "No previous incident on that page of the list.",
    fromList: "Open an incident from the list to step through it with j and k."
  };
  function say(key) {
    var given = document.getElementById("keys-words");
    if (given && !say.loaded) {
      var w = JSON.parse(given.getAttribute("data-words") || "{}");
      Object.keys(w).forEach(function (k) { if (w[k]) words[k] = w[k]; });
      say.loaded = true;
    }
    return words[key];
  }

  function typing(el) {
    if (!el || !el.tagName) return false;
    if (el.isContentEditable || el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    return el.tagName === "INPUT" && !/^(checkbox|radio|button|submit|reset)$/.test(el.type);
  }

  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (!help) return;
    help.open = !help.open;
    if (help.open) help.scrollIntoView({block: "nearest"});
  }

  function status(text) {
    var box = document.getElementById("keys-status");
    if (!box) {
      box = document.createElement("p");
      box.id = "keys-status";
      box.className = "keys-status";
      box.setAttribute("role", "status");
      document.body.appendChild(box);
    }
    box.textContent = text;
  }

  /* ---- the list ---- */
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#rows tbody tr[data-id]")); }

  function remember() {
    var ids = rows().map(function (r) { return r.getAttribute("data-id"); });
    try { sessionStorage.setItem(KEY, JSON.stringify({ids: ids, list: location.pathname + location.search})); }
    catch (e) { /* storage off: j/k on the incident page simply do nothing */ }
  }

  function current() { return document.querySelector("#rows tbody tr.current"); }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var at = all.indexOf(current());
    var next = all[Math.max(0, Math.min(all.length - 1, at < 0 ? 0 : at + step))];
    all.forEach(function (r) { r.classList.remove("current"); });
    next.classList.add("current");
    var link = next.querySelector("td.type a");
    if (link) link.focus();
  }

  function ticked() { return document.querySelectorAll("#rows tbody input[name=ids]:checked").length; }

  function bulk(action) {
    var row = current();
    if (!ticked() && row) {
      var box = row.querySelector("input[name=ids]");
      if (box) box.checked = true;
    }
    if (!ticked()) { status(say("tickFirst")); return; }
    var note = document.getElementById("bulk-note");
    if (action === "reject" && note && !note.value.trim()) {
      note.focus();
      note.setAttribute("data-pending", "reject");
      status(say("whyThey"));
      return;
    }
    var button = document.getElementById(action === "reject" ? "bulk-reject" : "bulk-confirm");
    if (button) button.click();
  }

  function listKeys(e) {
    var row = current();
    if (e.key === "j") move(1);
    else if (e.key === "k") move(-1);
    else if (e.key === "o" && row) { var a = row.querySelector("td.type a"); if (a) location.href = a.href; }
    else if (e.key === "x" && row) { var b = row.querySelector("input[name=ids]"); if (b) b.checked = !b.checked; }
    else if (e.key === "c") bulk("confirm");
    else if (e.key === "r") bulk("reject");
    else return false;
    return true;
  }

  /* ---- the incident page ---- */
  function neighbours() {
    var here = document.getElementById("iid");
    var saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (!here || !saved || !saved.ids) return {};
    var at = saved.ids.indexOf(here.getAttribute("data-id"));
    if (at < 0) return {};
    var out = {list: saved.list, prev: saved.ids[at - 1], next: saved.ids[at + 1]};
    var back = document.getElementById("back-to-list");
    if (back && out.list) back.href = out.list;
    var box = document.getElementById("neighbours");
    var prev = document.getElementById("prev-incident");
    var next = document.getElementById("next-incident");
    if (box && prev && next) {
      if (out.prev) prev.href = "/incidents/" + out.prev; else prev.hidden = true;
      if (out.next) next.href = "/incidents/" + out.next; else next.hidden = true;
      box.hidden = !(out.prev || out.next);
    }
    return out;
  }

  function sourceInView() {
    var all = Array.prototype.slice.call(document.querySelectorAll("details.source"));
    var seen = all.filter(function (d) {
      var r = d.getBoundingClientRect();
      return r.bottom > 0 && r.top < window.innerHeight;
    });
    var pick = seen[0] || all[0];
    return pick ? pick.querySelector("a.open-source") : null;
  }

  function incidentKeys(e, near) {
    var note = document.getElementById("review-note");
    if (e.key === "j" || e.key === "k") {
      var to = e.key === "j" ? near.next : near.prev;
      if (to) location.href = "/incidents/" + to;
      else status(near.list ? say(e.key === "j" ? "noNext" : "noPrevious") : say("fromList"));
    } else if (e.key === "o") {
      var link = sourceInView();
      if (link) location.href = link.href;
    } else if (e.key === "c" && document.getElementById("confirm")) {
      document.getElementById("confirm").click();
    } else if (e.key === "r" && document.getElementById("reject")) {
      if (note && !note.value.trim()) {
        note.focus();
        note.setAttribute("data-pending", "reject");
        status(say("whyIt"));
      } else {
        document.getElementById("reject").click();
      }
    } else {
      return false;
    }
    return true;
  }

  function pendingEnter(e) {
    // Enter in a note field that r sent the user to: reject with that note
    var el = e.target;
    if (e.key !== "Enter" || !el || el.getAttribute("data-pending") !== "reject" || !el.value.trim()) return false;
    var button = document.getElementById(el.id === "bulk-note" ? "bulk-reject" : "reject");
    if (!button) return false;
    el.removeAttribute("data-pending");
    button.click();
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var onList = !!document.getElementById("rows");
    var near = onList ? {} : neighbours();
    if (onList) remember();
    // the rows are swapped before the new address is pushed: remember after both
    ["htmx:afterSwap", "htmx:pushedIntoHistory"].forEach(function (name) {
      document.body.addEventListener(name, function () { if (onList) remember(); });
    });
    document.body.addEventListener("change", function (e) {
      if (e.target && e.target.id === "pick-page") {
        document.querySelectorAll("#rows tbody input[name=ids]").forEach(function (b) { b.checked = e.target.checked; });
      }
    });
    if (window.matchMedia && window.matchMedia("(max-width: 700px)").matches) {
      // a phone shows the first source open and the others folded, to be read one at a time
      document.querySelectorAll("details.source").forEach(function (d, i) { if (i > 0) d.open = false; });
    }
    document.addEventListener("keydown", function (e) {
      if (pendingEnter(e)) { e.preventDefault(); return; }
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      var done = e.key === "?" ? (toggleHelp(), true) : onList ? listKeys(e) : incidentKeys(e, near);
      if (done) e.preventDefault();
    });
  });
}());
