// The dashboard's live view: poll /api/status and update the numbers in
// place (textContent only: nothing from the server is parsed as HTML).
"use strict";
(function () {
  if (document.body.dataset.page !== "dashboard") return;
  function set(id, text) {
    var el = document.getElementById(id);
    if (el) el.textContent = text;
  }
  function dur(s) {
    if (!s || s <= 0) return "—";
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + "h" : "") + (h || m ? m + "m" : "") + r + "s";
  }
  var wasRunning = document.getElementById("live").classList.contains("running");
  function tick() {
    fetch("/api/status", { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (st) {
        if (!st) return;
        var l = st.live;
        set("records", st.archive.records);
        set("live-sites", l.sites_done + "/" + l.sites_total);
        set("live-pages", l.pages);
        set("live-reports", l.reports);
        set("live-errors", l.errors);
        set("live-eta", dur(l.eta_seconds));
        set("live-state", l.running ? l.job + " " + (l.run_id || "") + " running" : "No crawl running.");
        document.getElementById("live").className = l.running ? "running" : "idle";
        if (wasRunning && !l.running) location.reload(); // the run's results are in
        wasRunning = l.running;
      })
      .catch(function () {});
  }
  setInterval(tick, 2000);
})();
