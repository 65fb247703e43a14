// "Add a line" for Django formsets (the analgesics of a visit): clones the formset's empty
// form from a <template>. Without JavaScript the page still works: save, then add more lines.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-add-line]");
  if (!button) return;
  var prefix = button.getAttribute("data-add-line");
  var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
  var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
  var template = document.getElementById(prefix + "-empty");
  var body = document.getElementById(prefix + "-rows");
  var index = parseInt(total.value, 10);
  if (max && index >= parseInt(max.value, 10)) return;
  var html = template.innerHTML.replace(/__prefix__/g, String(index));
  body.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  var first = body.lastElementChild.querySelector("select, input");
  if (first) first.focus();
});
