// While the user is typing into a form, tell the server every few minutes so the session does
// not expire under them; if it has expired anyway, say so before they press Save.
(function () {
  var form = document.querySelector("main form[method=post] input[name=csrfmiddlewaretoken]");
  if (!form) return;
  var token = form.value;
  var typed = false;
  var url = document.body.getAttribute("data-keep-alive");
  document.addEventListener("input", function () { typed = true; });
  setInterval(function () {
    if (!typed) return;
    typed = false;
    fetch(url, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin", redirect: "manual" })
      .then(function (response) {
        if (response.status === 204) return;
        var note = document.getElementById("session-ended");
        if (note) note.hidden = false;
      });
  }, 4 * 60 * 1000);
})();
