// Shows how many characters are left under each text area with a limit.
// Without JavaScript the limit is still stated in the field's description.
(function () {
  "use strict";
  var lang = document.documentElement.lang;
  var words = {
    nb: ["tegn igjen", "tegn for mye"],
    nn: ["teikn att", "teikn for mykje"],
    en: ["characters left", "characters too many"],
  }[lang] || ["tegn igjen", "tegn for mye"];

  function attach(area) {
    var limit = parseInt(area.getAttribute("data-character-limit"), 10);
    var counter = document.createElement("p");
    counter.className = "ds-paragraph character-count";
    counter.id = area.id + "_count";
    counter.setAttribute("aria-live", "polite");
    area.removeAttribute("maxlength");
    area.insertAdjacentElement("afterend", counter);
    var described = (area.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    area.setAttribute("aria-describedby", described.join(" "));
    var timer;
    function update() {
      var left = limit - area.value.length;
      counter.textContent = left >= 0 ? left + " " + words[0] : -left + " " + words[1];
      counter.classList.toggle("character-count--over", left < 0);
    }
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-character-limit]").forEach(attach);
  });
})();
