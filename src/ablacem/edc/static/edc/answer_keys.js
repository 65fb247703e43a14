// Keyboard answering of a questionnaire (the QLQ-C30 on the visit form). Inside a fieldset
// marked data-answer-keys, each item is a group of radio buttons sharing a name; while one of
// them has the focus, pressing a digit picks the answer whose value is that digit (1-4, or 1-7
// for items 29-30) and moves the focus to the next item, so 30 items take 30 key presses.
// It relies only on radio names and values, not on how the rows are laid out.
(function () {
  function groups(fieldset) {
    var names = [];
    Array.prototype.forEach.call(fieldset.querySelectorAll("input[type=radio]"), function (radio) {
      if (names.indexOf(radio.name) < 0) names.push(radio.name);
    });
    return names;
  }
  function radios(fieldset, name) {
    return Array.prototype.filter.call(fieldset.querySelectorAll("input[type=radio]"), function (radio) {
      return radio.name === name;
    });
  }
  function focusItem(fieldset, name) {
    var items = radios(fieldset, name);
    var checked = items.filter(function (r) { return r.checked; })[0];
    (checked || items[0]).focus();
  }
  function focusAfter(fieldset) {
    var form = fieldset.form || fieldset.closest("form");
    if (!form) return;
    var elements = Array.prototype.slice.call(form.elements);
    var after = elements.filter(function (el) {
      return !fieldset.contains(el) && el.type !== "hidden" && !el.disabled &&
        (fieldset.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    })[0];
    if (after) after.focus();
  }
  document.addEventListener("keydown", function (event) {
    var radio = event.target;
    if (!radio || radio.type !== "radio" || event.altKey || event.ctrlKey || event.metaKey) return;
    var fieldset = radio.closest("[data-answer-keys]");
    if (!fieldset || !/^[0-9]$/.test(event.key)) return;
    var answer = radios(fieldset, radio.name).filter(function (r) { return r.value === event.key; })[0];
    if (!answer || answer.disabled) return;
    event.preventDefault();
    answer.checked = true;
    answer.dispatchEvent(new Event("change", { bubbles: true }));
    var names = groups(fieldset);
    var next = names[names.indexOf(radio.name) + 1];
    if (next) focusItem(fieldset, next);
    else focusAfter(fieldset);
  });
})();
