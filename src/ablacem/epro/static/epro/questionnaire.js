/* The patient's questionnaire, better with JavaScript (the pages work without it):
 * - each answer is saved as it is chosen: the screen's form is posted in the background with
 *   nav=autosave to its own address (the server validates it as Next does and answers 204),
 *   so closing the phone mid-screen loses nothing; saves go one at a time, in order;
 * - a tap on an answer brings the next question up, so a phone user never hunts for it
 *   (keyboard answering is left alone: arrow keys already move within a row).
 */
(function () {
  "use strict";
  var form = document.querySelector("main form[method=post]");
  if (!form) {
    return;
  }

  var saving = false;
  var again = false;
  var leaving = false;
  var held = null; // the button of a Next or Back pressed while a save was under way
  function save() {
    if (leaving) {
      return;
    }
    if (saving) {
      again = true; // the latest answers are sent once the save under way is done
      return;
    }
    saving = true;
    var data = new FormData(form);
    data.set("nav", "autosave");
    var done = function () {
      saving = false;
      if (again) {
        again = false;
        save();
      } else if (held) {
        var button = held;
        held = null;
        form.requestSubmit(button);
      }
    };
    // keepalive: a save still under way when the page is closed is completed by the browser.
    fetch(window.location.href, { method: "POST", body: data, credentials: "same-origin", keepalive: true })
      .then(done, done);
  }
  form.addEventListener("change", save);
  // The screen's own submission waits for the save under way, so the two never race.
  form.addEventListener("submit", function (event) {
    if (saving && form.requestSubmit) {
      event.preventDefault();
      held = event.submitter || held;
      return;
    }
    leaving = true;
  });

  if (!form.querySelector("fieldset.question")) {
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
