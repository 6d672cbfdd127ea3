// Embedded content (videos, posts) stays in an inert <template> until the reader asks for it:
// no request reaches the provider before the click.
(function () {
  "use strict";
  document.querySelectorAll("[data-click-to-load]").forEach(function (figure) {
    var button = figure.querySelector(".click-to-load__button");
    var template = figure.querySelector("template");
    if (!button || !template) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("div");
      frame.className = "click-to-load__frame";
      frame.appendChild(template.content.cloneNode(true));
      figure.replaceChild(frame, figure.querySelector(".click-to-load__notice"));
    });
  });
})();
