// An element with data-refresh="N" (a job's progress, a meeting's tally while voting) is fetched again every N seconds
// and replaced by its fresh copy, until the fresh copy no longer asks to be refreshed.
// Without script, the page reloads itself (a <noscript> refresh) instead.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var element = document.querySelector("[data-refresh]");
    if (!element) return;
    var id = element.id;
    var seconds = Number(element.dataset.refresh) || 5;
    var timer = setInterval(async function () {
      var response = await fetch(location.pathname, { credentials: "same-origin" });
      if (!response.ok) return;
      var fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(id);
      if (!fresh) return;
      document.getElementById(id).replaceWith(fresh);
      if (!fresh.hasAttribute("data-refresh")) clearInterval(timer);
    }, seconds * 1000);
  });
})();
