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
  // folded), guests' in this browser, wherever they open the notice: a post page
  // lists its board's notices, so a notice row linking to this very page is read.
  // "모든 공지 확인하기 (N)", between the notices and the rows, counts the folded ones
  // and unfolds them all; with none folded it stays hidden.
  function setUpNotices() {
    var body = document.querySelector("[data-notices]");
    if (!body) { return; }
    var rows = body.querySelectorAll("tr[data-notice]");
    var guest = body.hasAttribute("data-guest");
    var read = guest ? readSet() : [];
    rows.forEach(function (row) {
      var id = row.getAttribute("data-notice");
      var link = row.querySelector("[data-notice-link]");
      if (guest && link && link.pathname === window.location.pathname) { remember(id); read.push(id); }
      if (guest && read.indexOf(id) !== -1) { row.classList.add("folded"); }
      if (link && guest) { link.addEventListener("click", function () { remember(id); }); }
    });
    var toggle = document.querySelector("[data-notice-toggle]");
    if (!toggle) { return; }
    var folded = body.querySelectorAll("tr.folded");
    var count = toggle.querySelector("[data-folded-count]");
    if (count) { count.textContent = String(folded.length); }
    toggle.hidden = folded.length === 0;
    var button = toggle.querySelector("[data-unfold-notices]");
    if (!button) { return; }
    button.addEventListener("click", function () {
      var first = body.querySelector("tr.folded [data-notice-link]");
      rows.forEach(function (row) { row.classList.remove("folded"); });
      button.setAttribute("aria-expanded", "true");
      toggle.hidden = true;
      if (first) { first.focus(); }  // the button is gone: focus goes to what it showed
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

  // A live region says what happened, set after a moment: a second result with the same
  // words (two comments in a row) is read out again.
  function announce(region, text) {
    if (!region || !text) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 100);
  }

  // An htmx swap that replaced the focused control (the comment form, the scrap, "댓글 더
  // 보기") would leave focus on the page's body. The control names where focus goes
  // instead (data-focus-after: selectors, the first found wins) and what to announce
  // (data-said, or data-said-on/-off by the new control's aria-pressed) in which live
  // region (data-said-in). Refusals answer with an alert of their own: focus only.
  function focusable(element) {
    if (!element.matches("a[href], button, input, select, textarea, [tabindex]")) { element.tabIndex = -1; }
    return element;
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    // A control the answer replaced is told from its closest parent still in the page,
    // with that parent as detail.elt: the request's own element is in requestConfig.
    var control = (event.detail.requestConfig && event.detail.requestConfig.elt) || event.detail.elt;
    if (!(control instanceof Element) || !control.hasAttribute("data-focus-after")) { return; }
    var lost = !document.activeElement || document.activeElement === document.body || !document.body.contains(document.activeElement);
    var target = null;
    control.getAttribute("data-focus-after").split(",").some(function (selector) {
      target = document.querySelector(selector.trim());
      return target !== null;
    });
    if (lost && target) { focusable(target).focus(); }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status < 200 || status > 299) { return; }
    var said = control.getAttribute("data-said");
    if (control.hasAttribute("data-said-on")) {
      var pressed = target && target.getAttribute("aria-pressed") === "true";
      said = control.getAttribute(pressed ? "data-said-on" : "data-said-off");
    }
    announce(document.querySelector(control.getAttribute("data-said-in")), said);
  });

  // --- Pictures and videos -------------------------------------------------------------

  var STATE_EVERY = 3000;
  var STATE_FOR = 120000;

  function csrfToken(root) {
    var input = (root && root.querySelector("input[name=csrfmiddlewaretoken]")) ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input && input.value) { return input.value; }
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return cookie ? decodeURIComponent(cookie[1]) : "";
  }

  function stateUrl(key, holder) {
    var source = holder && holder.hasAttribute("data-media-state") ? holder : document.querySelector("[data-media-state]");
    var pattern = source ? source.getAttribute("data-media-state") : "/media/__key__";
    return pattern.replace("__key__", encodeURIComponent(key));
  }

  // The server's markup for an upload, parsed without loading anything.
  function parsed(html) {
    return new DOMParser().parseFromString(html || "", "text/html").body.firstElementChild;
  }

  // What stands for an upload in a small preview: the picture itself, or a video's poster.
  function previewUrl(html) {
    var figure = parsed(html);
    if (!figure) { return ""; }
    var image = figure.querySelector("img[src]");
    if (image) { return image.getAttribute("src"); }
    var video = figure.querySelector("video[poster]");
    return video ? video.getAttribute("poster") : "";
  }

  // One file to the board's upload address. XMLHttpRequest, because fetch reports no
  // upload progress. The file goes without its name: names say things about their
  // owner, and the server reads the content alone. A busy database (503) is asked
  // again after the wait it names. ``messages`` gives the words for answers that carry
  // none of their own (a proxy's 413, a lost connection). The returned handle aborts.
  var RETRIES = 2;

  function upload(options) {
    var messages = options.messages || {};
    var fields = options.fields || {};
    var request = null;
    var timer = null;
    var tries = 0;

    function attempt() {
      var body = new FormData();
      Object.keys(fields).forEach(function (name) { body.append(name, fields[name]); });
      body.append("file", options.file, "upload");
      request = new XMLHttpRequest();
      request.open("POST", options.url);
      request.responseType = "json";
      request.setRequestHeader("X-CSRFToken", options.token || csrfToken());
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable && options.progress) { options.progress(Math.round(event.loaded / event.total * 100)); }
      });
      request.addEventListener("load", function () {
        var answer = request.response || {};
        if (request.status === 201 && answer.key) { options.done(answer); return; }
        if (request.status === 503 && tries < RETRIES) {
          tries += 1;
          var seconds = parseInt(request.getResponseHeader("Retry-After"), 10);
          timer = window.setTimeout(attempt, Math.min(isNaN(seconds) ? 2 : seconds, 10) * 1000);
          return;
        }
        var fallback = request.status === 413 ? messages.tooLarge :
          (request.status === 401 || request.status === 403) ? messages.login : messages.failed;
        options.fail(answer.error || fallback || "", request.status);
      });
      request.addEventListener("error", function () { options.fail(messages.failed || "", 0); });
      request.send(body);
    }

    attempt();
    return {
      abort: function () {
        window.clearTimeout(timer);
        if (request) { request.abort(); }
      }
    };
  }

  // Asks after an upload being converted until it is ready or failed (or two minutes
  // pass); ``settled`` gets the answer. The returned function stops asking.
  function watchMedia(key, settled, holder) {
    var started = Date.now();
    var timer = null;
    var stopped = false;
    function next() {
      if (!stopped && Date.now() - started < STATE_FOR) { timer = window.setTimeout(ask, STATE_EVERY); }
    }
    function ask() {
      fetch(stateUrl(key, holder), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          if (stopped) { return; }
          if (answer && answer.state && answer.state !== "pending") { stopped = true; settled(answer); } else { next(); }
        })
        .catch(next);
    }
    next();
    return function () { stopped = true; window.clearTimeout(timer); };
  }

  // Looping animations play while they are on screen, and never for a reader who asked
  // for less motion: they get the player's controls instead. A click (or Enter, or the
  // space bar) pauses or plays.
  var lessMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
  var onScreen = null;

  function play(video) {
    var playing = video.play();
    if (playing && playing.catch) { playing.catch(function () { video.controls = true; }); }
  }

  function screenWatcher() {
    if (!onScreen && "IntersectionObserver" in window) {
      onScreen = new window.IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          var video = entry.target;
          if (entry.isIntersecting && !video.hasAttribute("data-paused")) { play(video); } else if (!entry.isIntersecting && !video.paused) { video.pause(); }
        });
      }, { threshold: 0.25 });
    }
    return onScreen;
  }

  function toggle(video) {
    if (video.paused) { video.removeAttribute("data-paused"); play(video); } else { video.setAttribute("data-paused", ""); video.pause(); }
  }

  function setUpPlayers(root) {
    root.querySelectorAll("video[data-autoplay]:not([data-set-up])").forEach(function (video) {
      video.setAttribute("data-set-up", "");
      if ((lessMotion && lessMotion.matches) || !screenWatcher()) { video.controls = true; return; }
      video.muted = true;
      video.tabIndex = 0;
      video.addEventListener("click", function () { toggle(video); });
      video.addEventListener("keydown", function (event) {
        if (event.key === " " || event.key === "Enter") { event.preventDefault(); toggle(video); }
      });
      onScreen.observe(video);
    });
  }

  // An upload still being converted when the page was made: ask after it, and put its
  // finished markup (the server's own) in place of the note.
  function setUpPending(root) {
    root.querySelectorAll("figure[data-media-pending]:not([data-set-up])").forEach(function (figure) {
      figure.setAttribute("data-set-up", "");
      watchMedia(figure.getAttribute("data-media-pending"), function (answer) {
        var fresh = parsed(answer.html);
        if (!fresh || !figure.parentNode) { return; }
        figure.parentNode.replaceChild(document.importNode(fresh, true), figure);
        setUpPlayers(document);
      });
    });
  }

  // The comment form's picture: one file, uploaded at once, its key in a hidden field.
  function pictureParts(picker) {
    return {
      key: picker.querySelector("[data-picture-key]"),
      input: picker.querySelector("[data-picture-input]"),
      pick: picker.querySelector("[data-picture-pick]"),
      preview: picker.querySelector("[data-picture-preview]"),
      image: picker.querySelector("[data-picture-image]"),
      progress: picker.querySelector("[data-picture-progress]"),
      status: picker.querySelector("[data-picture-status]")
    };
  }

  function pictureBusy(picker, busy) {
    var form = picker.closest("form");
    picker.classList.toggle("is-uploading", busy);
    if (!form) { return; }
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = busy; });
    form.classList.toggle("is-uploading", busy);
  }

  function pictureHeld(picker, held) {
    var parts = pictureParts(picker);
    var text = picker.closest("form") && picker.closest("form").querySelector("textarea[name=body]");
    parts.preview.hidden = !held;
    parts.pick.hidden = held;
    // A picture alone is a comment too.
    if (text) { text.required = !parts.key.value && !held; }
  }

  function clearPicture(picker, message) {
    var parts = pictureParts(picker);
    if (picker.uploading) { picker.uploading.abort(); picker.uploading = null; }
    picker.chosen = null;
    parts.key.value = "";
    parts.input.value = "";
    parts.image.removeAttribute("src");
    parts.progress.hidden = true;
    pictureBusy(picker, false);
    pictureHeld(picker, false);
    parts.status.textContent = message || "";
    parts.status.classList.toggle("is-error", !!message);
  }

  function pickPicture(picker, file) {
    var parts = pictureParts(picker);
    if (file.type && !/^image\//.test(file.type)) {
      clearPicture(picker, picker.getAttribute("data-msg-type"));
      return;
    }
    if (picker.uploading) { picker.uploading.abort(); }
    parts.key.value = "";
    parts.image.removeAttribute("src");
    var chosen = picker.chosen = {};
    // The writer's own copy shows at once (a data: address: the pages allow no blob:).
    var reader = new FileReader();
    reader.addEventListener("load", function () {
      if (picker.chosen === chosen && !parts.image.getAttribute("src")) { parts.image.src = reader.result; }
    });
    reader.readAsDataURL(file);
    parts.progress.value = 0;
    parts.progress.hidden = false;
    parts.status.classList.remove("is-error");
    parts.status.textContent = picker.getAttribute("data-msg-uploading") || "";
    pictureHeld(picker, true);
    pictureBusy(picker, true);
    picker.uploading = upload({
      url: picker.getAttribute("data-upload-url"),
      file: file,
      fields: { "for": "comment" },
      token: csrfToken(picker.closest("form")),
      messages: {
        failed: picker.getAttribute("data-msg-failed"),
        tooLarge: picker.getAttribute("data-msg-too-large"),
        login: picker.getAttribute("data-msg-login")
      },
      progress: function (percent) { parts.progress.value = percent; },
      done: function (answer) {
        picker.uploading = null;
        if (answer.state === "failed") { clearPicture(picker, answer.message); return; }
        parts.key.value = answer.key;
        parts.progress.hidden = true;
        pictureBusy(picker, false);
        pictureHeld(picker, true);
        var preview = previewUrl(answer.html);
        if (preview) { parts.image.src = preview; }
        parts.status.textContent = picker.getAttribute("data-msg-uploaded") || "";
      },
      fail: function (message) { picker.uploading = null; clearPicture(picker, message); }
    });
  }

  // A form given back (a refused comment) may hold a picture already: show it.
  function setUpPictures(root) {
    root.querySelectorAll("[data-comment-picture]:not([data-set-up])").forEach(function (picker) {
      picker.setAttribute("data-set-up", "");
      picker.hidden = false;  // the button needs this script
      var parts = pictureParts(picker);
      if (!parts.key.value) { return; }
      parts.progress.hidden = true;
      pictureHeld(picker, true);
      fetch(stateUrl(parts.key.value, picker), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (answer) {
          var preview = answer && previewUrl(answer.html);
          if (preview) { parts.image.src = preview; }
        })
        .catch(function () { /* the key stays; the comment shows the picture */ });
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var pick = target.closest("[data-picture-pick]");
    if (pick) { pictureParts(pick.closest("[data-comment-picture]")).input.click(); return; }
    var remove = target.closest("[data-picture-remove]");
    if (remove) {
      var picker = remove.closest("[data-comment-picture]");
      clearPicture(picker);
      pictureParts(picker).pick.focus();
    }
  });

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof Element) || !input.matches("[data-picture-input]") || !input.files.length) { return; }
    pickPicture(input.closest("[data-comment-picture]"), input.files[0]);
  });

  // The header's bell (notifications/bell.py) shows a new unread count in place when
  // something, the live stream for one, sends a "madang:unread" event: {detail: {count: N}}.
  document.addEventListener("madang:unread", function (event) {
    var bell = document.querySelector("[data-bell]");
    var count = Math.max(0, parseInt(event.detail && event.detail.count, 10) || 0);
    if (!bell) { return; }
    var badge = bell.querySelector(".bell-count");
    badge.textContent = count ? (count > 99 ? "99+" : String(count)) : "";
    badge.hidden = !count;
    var label = count ? bell.getAttribute("data-label").replace("%(count)s", String(count)) : bell.getAttribute("data-label-none");
    bell.setAttribute("aria-label", label);
    bell.setAttribute("title", label);
  });

  function setUpMedia(root) {
    setUpPlayers(root);
    setUpPending(root);
    setUpPictures(root);
  }

  window.madang = {
    upload: upload,
    watchMedia: watchMedia,
    previewUrl: previewUrl,
    stateUrl: stateUrl,
    csrfToken: csrfToken
  };

  document.addEventListener("htmx:load", function (event) { setUpMedia(event.detail.elt.parentNode || document); });

  function setUp() {
    giveTokens(document);
    setUpNotices();
    clearPublishedDrafts();
    setUpConfirms();
    setUpMedia(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
