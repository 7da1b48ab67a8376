// Small behaviours every page shares. No inline scripts anywhere (see the CSP).
(function () {
  "use strict";
  var NOTICES = "madang:read-notices";

  function readSet() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(NOTICES) || "[]");
      return Array.isArray(ids) ? ids.map(String) : [];
    } catch (error) {
      return [];
    }
  }

  function remember(id) {
    var ids = readSet();
    if (ids.indexOf(id) === -1) {
      ids.push(id);
      try { window.localStorage.setItem(NOTICES, JSON.stringify(ids.slice(-500))); } catch (error) { /* full */ }
    }
  }

  // Notices fold once read: members' reads are kept on the server (the rows come
  // folded), guests' in this browser. "모든 공지 확인하기" unfolds them all.
  function setUpNotices() {
    var body = document.querySelector("[data-notices]");
    if (!body) { return; }
    var rows = body.querySelectorAll("tr[data-notice]");
    var guest = body.hasAttribute("data-guest");
    var read = guest ? readSet() : [];
    rows.forEach(function (row) {
      var id = row.getAttribute("data-notice");
      if (guest && read.indexOf(id) !== -1) { row.classList.add("folded"); }
      var link = row.querySelector("[data-notice-link]");
      if (link && guest) { link.addEventListener("click", function () { remember(id); }); }
    });
    document.querySelectorAll("[data-unfold-notices]").forEach(function (button) {
      var folded = body.querySelectorAll("tr.folded").length;
      button.setAttribute("aria-expanded", folded ? "false" : "true");
      button.addEventListener("click", function () {
        rows.forEach(function (row) { row.classList.remove("folded"); });
        button.setAttribute("aria-expanded", "true");
      });
    });
  }

  // A published draft is cleared from this browser.
  function clearPublishedDrafts() {
    document.querySelectorAll("[data-draft-done]").forEach(function (element) {
      try { window.localStorage.removeItem("madang:draft:" + element.getAttribute("data-draft-done")); } catch (error) { /* blocked */ }
    });
  }

  // Forms that destroy something ask first.
  function setUpConfirms() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  // htmx sends the CSRF token with every request it makes.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });

  // Each write form gets a token of its own when it is shown; a retry of the same
  // submission sends it again, and the server stores the submission once.
  function newToken() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function giveTokens(root) {
    (root || document).querySelectorAll("input[data-submission]").forEach(function (input) {
      if (!input.value) { input.value = newToken(); }
    });
  }

  document.addEventListener("htmx:load", function (event) { giveTokens(event.detail.elt.parentNode || document); });

  function setUp() {
    giveTokens(document);
    setUpNotices();
    clearPublishedDrafts();
    setUpConfirms();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
