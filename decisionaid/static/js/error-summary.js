// After a failed submit, move focus to the error summary at the top of the page, so a
// screen reader reads it out and the keyboard starts from it. Its links point at the
// first input of each question, and following one focuses that input with the browser
// alone; here the question's own words are scrolled into view above it too. Without
// JavaScript the page works the same, only without the focus move.
(function () {
  "use strict";

  var summary = document.querySelector(".error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var input = link && document.getElementById(link.hash.slice(1));
    if (!input) { return; }
    // Also keeps "#…" out of the address, which the next submit would carry along.
    event.preventDefault();
    (input.closest(".question") || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });
})();
