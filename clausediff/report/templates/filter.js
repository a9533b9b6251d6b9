// Filters for a clausediff report. Without JavaScript every pair stays visible.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var pairs = Array.prototype.slice.call(document.querySelectorAll("article.pair"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.category"));
  var category = document.getElementById("filter-category");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));
  var count = document.getElementById("filter-count");

  function apply() {
    var cat = category.value;
    var wanted = {};
    boxes.forEach(function (b) { if (b.checked) { wanted[b.value] = true; } });
    var shown = 0;
    pairs.forEach(function (p) {
      var cats = p.getAttribute("data-categories").split(" ");
      var tags = [p.getAttribute("data-status")].concat((p.getAttribute("data-flags") || "").split(" "));
      var okCat = !cat || cats.indexOf(cat) >= 0;
      var okStatus = tags.some(function (t) { return wanted[t]; });
      p.hidden = !(okCat && okStatus);
      if (!p.hidden) { shown += 1; }
    });
    sections.forEach(function (s) {
      s.hidden = !s.querySelector("article.pair:not([hidden])");
    });
    if (count) { count.textContent = String(shown); }
  }

  function reveal() {
    // A link to a clause (#us-28-point-6) must never land on a hidden pair.
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.closest && target.closest("[hidden]")) {
      category.value = "";
      boxes.forEach(function (b) { b.checked = true; });
      apply();
      target.scrollIntoView();
    }
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  window.addEventListener("hashchange", reveal);
  apply();
  reveal();
})();
