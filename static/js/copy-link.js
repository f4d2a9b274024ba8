// «Kopier lenken»: where the Clipboard API works, shows the button beside a
// text that is on the page already, copies the text and says so in the live
// region beside it. Also shows the poster's print button. No inline script:
// the texts come from the button's data attributes.
(function () {
  "use strict";

  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });

  if (!(window.isSecureContext && navigator.clipboard && navigator.clipboard.writeText)) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-status"));
    if (!source || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      // Emptied first, so that a second copy is announced again.
      status.textContent = "";
      navigator.clipboard.writeText(source.textContent.trim()).then(
        function () {
          status.textContent = button.getAttribute("data-copied");
        },
        function () {
          status.textContent = button.getAttribute("data-failed");
        }
      );
    });
  });
})();
