// On the lesion form, show the score that applies to the chosen site: SINS for a vertebral
// level, Mirels for an extraspinal bone (the server checks this rule too).
(function () {
  var site = document.getElementById("id_site");
  var sins = document.getElementById("set-sins-compone");
  var mirels = document.getElementById("set-mirels-compo");
  if (!site || !sins || !mirels) return;
  function region() {
    var option = site.options[site.selectedIndex];
    return option && option.parentNode.tagName === "OPTGROUP" ? option.parentNode.label : "";
  }
  function update() {
    var r = region();
    sins.hidden = r === "Extraspinal";
    mirels.hidden = r === "Spine";
  }
  site.addEventListener("change", update);
  update();
})();
