// "Same as the last visit" on the visit form: fills the analgesic lines with the previous
// visit's list (given by the page as JSON), adding lines as needed and emptying the others,
// so that the coordinator only edits what changed. Without JavaScript the same link reloads
// the form with those lines filled in by the server.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-carry-forward]");
  if (!link) return;
  var prefix = link.getAttribute("data-carry-forward");
  var source = document.getElementById(prefix + "-previous");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var add = document.querySelector("[data-add-line='" + prefix + "']");
  if (!source || !total || !add) return;
  event.preventDefault();
  var rows = JSON.parse(source.textContent);
  while (parseInt(total.value, 10) < rows.length) add.click();
  var count = parseInt(total.value, 10);
  for (var i = 0; i < count; i += 1) {
    var row = rows[i] || {};
    ["drug", "route", "dose", "unit", "per_day"].forEach(function (name) {
      var input = document.getElementById("id_" + prefix + "-" + i + "-" + name);
      if (!input) return;
      input.value = row[name] === undefined || row[name] === null ? "" : String(row[name]);
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  link.closest("#carry-forward").hidden = true;
  var first = document.getElementById("id_" + prefix + "-0-drug");
  if (first) first.focus();
});
