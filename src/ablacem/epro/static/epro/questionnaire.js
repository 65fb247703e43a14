/* The patient's questionnaire, better with JavaScript (the pages work without it):
 * a tap on an answer brings the next question up, so a phone user never hunts for it
 * (keyboard answering is left alone: arrow keys already move within a row).
 */
(function () {
  "use strict";
  var form = document.querySelector("main form[method=post]");
  if (!form || !form.querySelector("fieldset.question")) {
    return;
  }
  var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  form.addEventListener("click", function (event) {
    var radio = event.target.closest("input[type=radio]");
    if (!radio || event.detail === 0) {
      return; // not a pointer tap (a keyboard selection also fires click, with detail 0)
    }
    var question = radio.closest("fieldset.question");
    var next = question && question.nextElementSibling;
    while (next && !(next.matches && next.matches("fieldset.question"))) {
      next = next.nextElementSibling;
    }
    if (next) {
      next.scrollIntoView({ behavior: reduceMotion ? "auto" : "smooth", block: "start" });
    }
  });
})();
