// The study report's build page: ask the server how far the build is every few seconds and move
// the progress bar; reload the page (which then offers the downloads) once it is finished.
// Without scripts, the page's <noscript> refresh and its Reload button do the same.
(function () {
  var card = document.getElementById("report-build");
  if (!card || !card.dataset.statusUrl) return;
  var url = card.dataset.statusUrl;
  var every = (parseFloat(card.dataset.pollSeconds) || 2) * 1000;
  var bar = document.getElementById("report-progress");
  var step = document.getElementById("report-step");
  var status = document.getElementById("report-status");

  function show(p) {
    status.textContent = p.status_label;
    if (p.total) {
      bar.max = p.total;
      bar.value = p.step;
      bar.textContent = p.percent + "%";
      step.textContent = "step " + p.step + " of " + p.total + (p.step && p.label ? " (" + p.label + " done)" : "");
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (p) {
        show(p);
        if (p.finished) window.location.reload();
        else setTimeout(poll, every);
      })
      .catch(function () { setTimeout(poll, every * 3); });
  }

  setTimeout(poll, every);
})();
