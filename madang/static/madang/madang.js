// Notices fold once a reader has opened them. Guests keep what they read in this
// browser; "모든 공지 확인하기" unfolds them all again.
(function () {
  "use strict";
  var KEY = "madang:read-notices";

  function readSet() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function remember(id) {
    var ids = readSet();
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      try {
        window.localStorage.setItem(KEY, JSON.stringify(ids.slice(-500)));
      } catch (error) {
        /* storage full or blocked: folding is a convenience */
      }
    }
  }

  function setUp() {
    var rows = document.querySelectorAll("[data-notices] tr[data-notice]");
    var read = readSet();
    var folded = 0;
    rows.forEach(function (row) {
      var id = row.getAttribute("data-notice");
      if (read.indexOf(id) !== -1) {
        row.classList.add("folded");
        folded += 1;
      }
      var link = row.querySelector("[data-notice-link]");
      if (link) {
        link.addEventListener("click", function () { remember(id); });
      }
    });
    document.querySelectorAll("[data-unfold-notices]").forEach(function (button) {
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      button.addEventListener("click", function () {
        rows.forEach(function (row) { row.classList.remove("folded"); });
        button.setAttribute("aria-expanded", "true");
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
