// Prepares the proof-of-work check on the vote form (ALTCHA, loaded just before
// this file): the worker that does the work, from our own static files, and the
// widget's texts in the page's language, from the widget's data-text-* attributes.
// Without JavaScript the form says in a <noscript> message what to do.
(function () {
  "use strict";
  var ALGORITHM = "PBKDF2/SHA-256";

  document.querySelectorAll("altcha-widget").forEach(function (widget) {
    if (!window.$altcha) {
      return;
    }
    var worker = widget.getAttribute("data-worker");
    window.$altcha.algorithms.set(ALGORITHM, function () {
      return new Worker(worker);
    });
    var texts = {};
    Object.keys(widget.dataset).forEach(function (key) {
      if (key.indexOf("text") === 0 && key.length > 4) {
        texts[key.charAt(4).toLowerCase() + key.slice(5)] = widget.dataset[key];
      }
    });
    var language = widget.getAttribute("language");
    var fallback = window.$altcha.i18n.get("en") || {};
    window.$altcha.i18n.set(language, Object.assign({}, fallback, texts));
    // Once the box is ticked and the check done, the message asking for it is no longer true.
    widget.addEventListener("statechange", function (event) {
      if (!event.detail || event.detail.state !== "verified") {
        return;
      }
      var message = document.getElementById("id_altcha_error");
      if (message) {
        message.hidden = true;
      }
      document.querySelectorAll('[data-error-for="altcha"]').forEach(function (item) {
        var summary = item.closest(".ds-error-summary");
        item.hidden = true;
        if (summary && !summary.querySelector("li:not([hidden])")) {
          summary.hidden = true;
        }
      });
    });
  });
})();
