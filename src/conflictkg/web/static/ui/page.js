/* What every page does: the "Skip to main content" link moves focus to <main> itself, because
   some libraries (Swagger UI on /docs) handle in-page links their own way. */
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const skip = event.target.closest("a.skip-link");
    const main = document.getElementById("main");
    if (!skip || !main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView();
  }, true);
})();
