// The little the pages do in the browser, kept out of the pages so that no inline script
// is needed: the header menu on a phone, confirmation before a step that cannot be undone,
// tables that scroll reachable by keyboard.  Every page also works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".menu-toggle");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var open = toggle.closest(".topbar").classList.toggle("open");
        toggle.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }

    // A table wider than the screen scrolls inside its own box: keyboard users reach it too.
    function focusableWhenScrolling() {
      document.querySelectorAll("main table").forEach(function (table) {
        if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
        else table.removeAttribute("tabindex");
      });
    }
    focusableWhenScrolling();
    window.addEventListener("resize", focusableWhenScrolling);

    // <form data-confirm="…">: asks before sending; <button data-confirm="…"> likewise.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      var button = event.submitter;
      var question = (button && button.dataset.confirm) || form.dataset.confirm;
      if (question && !window.confirm(question)) event.preventDefault();
    });
  });
})();
