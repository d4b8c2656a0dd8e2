/*
 * bcd138: the little JavaScript the shell needs.
 * Django's CSRF protection rejects a POST without the token, and htmx requests
 * do not carry a form's hidden field when they are not from a form, so every
 * htmx request gets the token from <meta name="csrf-token"> as a header.
 * htmx only sends requests to this origin (selfRequestsOnly), so the token
 * never leaves the site.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });
})();
