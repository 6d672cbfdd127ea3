// Month calendar of the agenda: arrow keys move between the days that have events (links stay
// reachable with Tab without this script). Home/End go to the first/last such day.
(function () {
  "use strict";
  document.querySelectorAll("[data-month-calendar]").forEach(function (calendar) {
    var links = Array.prototype.slice.call(calendar.querySelectorAll("td a"));
    if (!links.length) return;
    calendar.addEventListener("keydown", function (event) {
      var index = links.indexOf(document.activeElement);
      if (index === -1) return;
      var target = null;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") target = links[index + 1];
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp") target = links[index - 1];
      else if (event.key === "Home") target = links[0];
      else if (event.key === "End") target = links[links.length - 1];
      if (target) {
        event.preventDefault();
        target.focus();
      }
    });
  });
})();
