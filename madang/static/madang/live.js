// Live comments (docs/live.md). While the reader allows it ("새 댓글 자동으로 보기", on
// by default, remembered in this browser), new comments appear by themselves. An event
// from the stream only says that a comment was added or changed: the page then asks the
// same address as the "새 댓글 확인하기" button, so the server's visibility rule decides
// what it shows. Where no stream process answers /live/ (a server without nginx in front),
// the page asks that address every little while instead.
(function () {
  "use strict";
  var KEY = "madang:live-comments";
  var POLL_EVERY = 20000;  // ms between looks without a stream, give or take a fifth
  var RETRY_FIRST = 15000;  // ms before a closed stream is tried again; doubles, up to:
  var RETRY_MOST = 600000;

  function allowed() {
    try { return window.localStorage.getItem(KEY) !== "off"; } catch (error) { return true; }
  }

  function remember(on) {
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (error) { /* blocked */ }
  }

  function jitter(ms) { return ms * (0.8 + Math.random() * 0.4); }

  // Two answers may bring the same comment: the writer's own (the form's answer holds
  // what was written since the page's last look) and the one an event asked for, sent
  // before the first had landed. A comment shows once: a second copy goes, with the
  // thread or reply item that holds it.
  function dropCopies() {
    var list = document.getElementById("comment-list");
    if (!list) { return; }
    var seen = {};
    list.querySelectorAll(".comment[id]").forEach(function (line) {
      if (!seen[line.id]) { seen[line.id] = true; return; }
      var item = line.closest("li");
      (item && list.contains(item) ? item : line).remove();
    });
  }

  document.addEventListener("htmx:afterSwap", dropCopies);

  function setUp() {
    var section = document.querySelector("[data-live-url]");
    if (!section || !window.htmx) { return; }
    var button = section.querySelector("[data-newer-button]");
    var control = section.querySelector("[data-live-control]");
    var toggle = section.querySelector("[data-live-toggle]");
    var status = section.querySelector("[data-newer-status]");
    if (!button || !toggle) { return; }
    var source = null;
    var pollTimer = null;
    var retryTimer = null;
    var retryIn = RETRY_FIRST;
    var closedOnce = false;
    var busy = false;
    var again = false;
    var asked = false;
    var before = "";

    function newest() {
      var input = document.getElementById("comments-after");
      return input ? input.value : "";
    }

    // The button's own request, whoever presses it: the reader, or an event.
    button.addEventListener("htmx:beforeRequest", function (event) {
      var cause = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
      busy = true;
      asked = !!(cause && cause.isTrusted);
      before = newest();
      if (asked) { status.textContent = ""; }
    });
    button.addEventListener("htmx:afterRequest", function (event) {
      busy = false;
      if (asked && event.detail.successful && newest() === before) {
        // Set after a moment, so that a second press with nothing new is read out again.
        window.setTimeout(function () { status.textContent = status.getAttribute("data-msg-none"); }, 100);
      }
      if (again) { again = false; fetchNewer(); }
    });

    function fetchNewer() {
      if (busy) { again = true; return; }
      button.click();
    }

    // A changed comment that this page shows is fetched again through the comment's view.
    function refresh(id) {
      var line = document.getElementById("c" + id);
      if (!line || line.tagName === "FORM") { return; }  // not shown, or its writer is editing it
      window.htmx.ajax("GET", section.getAttribute("data-comment-url").replace("__id__", id),
        { target: line, swap: "outerHTML" });
    }

    function streamUrl() {
      var after = newest();
      return section.getAttribute("data-live-url") + (after ? "?after=" + encodeURIComponent(after) : "");
    }

    function openStream() {
      closeStream();
      source = new window.EventSource(streamUrl());
      source.addEventListener("open", function () {
        closedOnce = false;
        retryIn = RETRY_FIRST;
        stopPolling();
      });
      source.addEventListener("comment", fetchNewer);
      source.addEventListener("comment-changed", function (event) { refresh(String(event.data)); });
      // A member's own count of unread notifications: the header's bell (madang.js) shows it.
      source.addEventListener("unread", function (event) {
        var count = parseInt(event.data, 10);
        if (isNaN(count)) { return; }
        document.dispatchEvent(new window.CustomEvent("madang:unread", {detail: {count: count}}));
      });
      source.addEventListener("error", function () {
        // CONNECTING: the browser reconnects by itself, sending Last-Event-ID.
        if (!source || source.readyState !== window.EventSource.CLOSED) { return; }
        // CLOSED: no stream here (204), or none for now (a 502 while it restarts).
        // Tried again soon once; closed again, the page looks by itself meanwhile, and
        // tries the stream again less and less often.
        closeStream();
        if (closedOnce) { startPolling(); }
        closedOnce = true;
        retryTimer = window.setTimeout(openStream, jitter(pollTimer ? retryIn : 5000));
        if (pollTimer) { retryIn = Math.min(retryIn * 2, RETRY_MOST); }
      });
    }

    function closeStream() {
      window.clearTimeout(retryTimer);
      retryTimer = null;
      if (source) { source.close(); source = null; }
    }

    function startPolling() {
      if (pollTimer) { return; }
      pollTimer = window.setTimeout(function tick() {
        fetchNewer();
        pollTimer = window.setTimeout(tick, jitter(POLL_EVERY));
      }, jitter(POLL_EVERY));
    }

    function stopPolling() {
      window.clearTimeout(pollTimer);
      pollTimer = null;
    }

    function stop() {
      closeStream();
      stopPolling();
    }

    // A hidden tab holds no connection; shown again, it asks for what it missed (?after=).
    function follow() {
      if (toggle.checked && document.visibilityState !== "hidden") {
        if (!source && !retryTimer) { openStream(); }
      } else {
        stop();
      }
    }

    toggle.checked = allowed();
    control.hidden = false;
    toggle.addEventListener("change", function () {
      remember(toggle.checked);
      closedOnce = false;
      follow();
    });
    document.addEventListener("visibilitychange", follow);
    window.addEventListener("pagehide", stop);
    follow();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
