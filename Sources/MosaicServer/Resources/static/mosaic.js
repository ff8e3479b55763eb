// Progressive help only: the pages work without it.
// The sort menu applies itself when changed.
document.addEventListener("DOMContentLoaded", function () {
  var sort = document.getElementById("sort");
  if (sort && sort.form) {
    sort.addEventListener("change", function () { sort.form.submit(); });
  }
  // Wide screens show the filters beside the results; narrow ones keep them folded.
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia("(min-width: 45.01rem)").matches) { filters.open = true; }
  // Choosing "write a new value" focuses its text box; typing there selects it.
  document.querySelectorAll("form.resolve textarea[name=value]").forEach(function (box) {
    box.addEventListener("input", function () {
      var radio = box.form.querySelector("input[name=choice][value=new]");
      if (radio) { radio.checked = true; }
    });
  });
});
