// The write form keeps what is typed: in this browser (localStorage) at every
// change, and on the server every few seconds. A refused form, a lapsed login
// or a closed tab never loses the text.
(function () {
  "use strict";
  var form = document.querySelector("form[data-draft-key]");
  if (!form) { return; }
  var key = "madang:draft:" + form.getAttribute("data-draft-key");
  var serverUrl = form.getAttribute("data-draft-url");
  var postNumber = form.getAttribute("data-draft-post") || "";
  var status = form.querySelector("[data-draft-status]");
  var fields = form.querySelectorAll("[data-draft]");
  var editor = form.querySelector("trix-editor");
  var timer = null;
  var dirty = false;
  var submitting = false;
  var SERVER_EVERY = 4000;

  function values() {
    var data = {};
    fields.forEach(function (field) { data[field.getAttribute("data-draft")] = field.value; });
    return data;
  }

  function isEmpty(data) {
    return !data.title && !(data.body || "").replace(/<[^>]*>/g, "").trim();
  }

  function say(text) { if (status) { status.textContent = text; } }

  function saveLocal() {
    var data = values();
    data.saved = Date.now();
    try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (error) { /* full */ }
  }

  function saveServer() {
    timer = null;
    var data = values();
    if (isEmpty(data)) { return; }
    var body = new FormData();
    Object.keys(data).forEach(function (name) { body.append(name, data[name] || ""); });
    body.append("post", postNumber);
    var token = form.querySelector("input[name=csrfmiddlewaretoken]");
    fetch(serverUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        say(form.getAttribute("data-msg-login") || "");
      } else if (response.ok) {
        dirty = false;
        say(form.getAttribute("data-msg-saved") || "");
      }
    }).catch(function () {
      say(form.getAttribute("data-msg-offline") || "");
    });
  }

  function changed() {
    dirty = true;
    saveLocal();
    if (!timer) { timer = window.setTimeout(saveServer, SERVER_EVERY); }
  }

  function restore() {
    var raw;
    try { raw = window.localStorage.getItem(key); } catch (error) { return; }
    if (!raw) { return; }
    var saved;
    try { saved = JSON.parse(raw); } catch (error) { return; }
    var current = values();
    if (!isEmpty(current) || isEmpty(saved)) { return; }
    fields.forEach(function (field) {
      var name = field.getAttribute("data-draft");
      if (saved[name] !== undefined && saved[name] !== null) { field.value = saved[name]; }
    });
    if (editor && editor.editor) { editor.editor.loadHTML(saved.body || ""); }
    say(form.getAttribute("data-msg-restored") || "");
  }

  function toggleSource() {
    var select = form.querySelector("select[data-requires-source]");
    var box = form.querySelector("[data-source-field]");
    if (!select || !box) { return; }
    var needing = (select.getAttribute("data-requires-source") || "").split(",");
    var input = box.querySelector("input");
    // "" is no category chosen, and also what splitting an empty list gives: never needing.
    var needed = select.value !== "" && needing.indexOf(select.value) !== -1;
    box.classList.toggle("is-required", needed);
    if (input) { input.required = needed; }
  }

  fields.forEach(function (field) {
    field.addEventListener("input", changed);
    field.addEventListener("change", changed);
  });
  document.addEventListener("trix-change", changed);
  document.addEventListener("trix-initialize", restore);
  var select = form.querySelector("select[data-requires-source]");
  if (select) { select.addEventListener("change", toggleSource); toggleSource(); }
  form.addEventListener("submit", function () { submitting = true; saveLocal(); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { saveLocal(); event.preventDefault(); event.returnValue = ""; }
  });
})();

// Pictures and videos in the body. However a file comes in (the 사진·동영상 button, a
// drop, a paste, Trix's own attach action), Trix makes it an attachment, and each new
// attachment uploads itself (trix-attachment-add): a progress bar while it goes, the
// server's key in its attributes when it is done (the post names its uploads by that
// key alone), gone again with the server's words when refused. Removing an attachment
// that is still uploading stops its upload. The form waits while any upload runs: an
// attachment still uploading is left out of the body Trix writes into the form.
//
// This file runs before Trix's (see write.html), so that Trix is configured, and these
// listeners are in place, before the editor loads what the form holds.
(function () {
  "use strict";
  var box = document.querySelector("[data-uploads]");
  var shared = window.madang;
  if (!box || !shared) { return; }
  var form = box.closest("form");
  var element = box.querySelector("trix-editor");
  var picker = box.querySelector("[data-upload-input]");
  var keepGif = box.querySelector("[data-keep-gif]");
  var said = box.querySelector("[data-upload-messages]");
  var wait = form.querySelector("[data-upload-wait]");
  var AT_ONCE = 2;
  var uploads = {};  // attachment id -> {attachment, request, stop}
  var queued = [];
  var sending = 0;

  function msg(name) { return box.getAttribute("data-msg-" + name) || ""; }

  // An upload saved before it was made (a refused form, a draft, an edit soon after)
  // has its key but no address yet; Trix would draw it as a broken picture. It is a
  // plain box until it is made.
  function withBoxes(html) {
    if (html.indexOf("data-trix-attachment") === -1) { return html; }
    var body = new DOMParser().parseFromString(html, "text/html").body;
    var changed = false;
    body.querySelectorAll("figure[data-trix-attachment]").forEach(function (figure) {
      var attributes;
      try { attributes = JSON.parse(figure.getAttribute("data-trix-attachment")); } catch (error) { return; }
      if (attributes && attributes.media && !attributes.url && attributes.previewable !== false) {
        attributes.previewable = false;
        figure.setAttribute("data-trix-attachment", JSON.stringify(attributes));
        changed = true;
      }
    });
    return changed ? body.innerHTML : html;
  }

  document.addEventListener("trix-before-initialize", function (event) {
    if (!mine(event)) { return; }
    var input = document.getElementById(element.getAttribute("input"));
    if (input) { input.value = withBoxes(input.value); }
  });

  // Trix announces no attachment it loads with the form: those still being made are
  // looked after here.
  document.addEventListener("trix-initialize", function (event) {
    if (!mine(event)) { return; }
    element.editor.getDocument().getAttachments().forEach(function (attachment) {
      var attributes = attachment.getAttributes();
      if (attributes.media && !attributes.url && !uploads[attachment.id]) { watch(attachment, attributes.media); }
    });
  });

  document.addEventListener("trix-before-initialize", function () {
    var config = window.Trix.config;
    // Names and sizes of files are the writer's own business: never shown, never stored.
    config.attachments.preview.caption = { name: false, size: false };
    config.attachments.file = { caption: { name: false, size: false } };
    config.lang.captionPlaceholder = msg("caption");
    config.lang.remove = msg("remove");
    config.input.pickFiles = function (insert) { choose(insert); };
  }, { once: true });

  var inserting = null;
  function choose(insert) {
    inserting = insert;
    picker.value = "";
    picker.click();
  }

  picker.addEventListener("change", function () {
    var files = Array.prototype.slice.call(picker.files);
    if (files.length && inserting) { inserting(files); }
    inserting = null;
  });

  var pick = box.querySelector("[data-upload-pick]");
  // A press keeps the caret in the body, where the files will go.
  pick.addEventListener("mousedown", function (event) { event.preventDefault(); });
  pick.addEventListener("click", function () {
    choose(function (files) { element.editor.insertFiles(files); element.focus(); });
  });

  var options = box.querySelector("[data-upload-options]");
  if (options) { options.hidden = false; }

  function say(text, isError) {
    if (!text) { return; }
    var line = document.createElement("p");
    line.className = isError ? "upload-error" : "upload-note";
    line.textContent = text;
    if (!isError) {
      said.querySelectorAll(".upload-note").forEach(function (old) { old.remove(); });
    }
    said.appendChild(line);
    while (said.children.length > 4) { said.removeChild(said.firstChild); }
  }

  function running() { return queued.length + sending; }

  function update() {
    var busy = running() > 0;
    form.querySelectorAll("button[type=submit]").forEach(function (button) { button.disabled = busy; });
    if (wait) { wait.hidden = !busy; }
    form.classList.toggle("is-uploading", busy);
  }

  function mine(event) { return event.target === element; }

  // Files that come together (one choice, one drop) are a round: what went wrong in
  // an earlier round is old news.
  var inRound = false;
  function newRound() {
    if (inRound) { return; }
    inRound = true;
    said.textContent = "";
    window.setTimeout(function () { inRound = false; }, 0);
  }

  document.addEventListener("trix-file-accept", function (event) {
    if (!mine(event)) { return; }
    newRound();
    var type = (event.file && event.file.type) || "";
    // A file the browser cannot name goes on: the server reads what it is.
    if (type && !/^(image|video)\//.test(type)) {
      event.preventDefault();
      say(msg("type"), true);
    }
  });

  document.addEventListener("trix-attachment-add", function (event) {
    if (!mine(event)) { return; }
    var attachment = event.attachment;
    var attributes = attachment.getAttributes();
    if (attributes.media) {
      // Back from the form, a draft or an undo before it was converted: a plain box
      // (a picture without its address would be a broken image) until it is made.
      if (!attributes.url) {
        if (!attachment.getFile()) { attachment.setAttributes({ previewable: false }); }
        watch(attachment, attributes.media);
      }
      return;
    }
    if (!attachment.getFile() || uploads[attachment.id]) { return; }
    attachment.setAttributes({ filename: undefined, filesize: undefined });
    uploads[attachment.id] = { attachment: attachment };
    queued.push(attachment);
    if (running() === 1) { say(msg("uploading")); }
    update();
    next();
  });

  document.addEventListener("trix-attachment-remove", function (event) {
    if (!mine(event)) { return; }
    var entry = uploads[event.attachment.id];
    if (!entry) { return; }
    delete uploads[event.attachment.id];
    var at = queued.indexOf(entry.attachment);
    if (at !== -1) { queued.splice(at, 1); }
    if (entry.request) { entry.request.abort(); sending -= 1; }
    if (entry.stop) { entry.stop(); }
    settle();
  });

  function settle() {
    update();
    next();
  }

  function next() {
    while (sending < AT_ONCE && queued.length) { send(queued.shift()); }
  }

  function send(attachment) {
    var entry = uploads[attachment.id];
    var file = attachment.getFile();
    var fields = {};
    if (keepGif && keepGif.checked && file.type === "image/gif") { fields.keep_gif = "1"; }
    sending += 1;
    entry.request = shared.upload({
      url: box.getAttribute("data-upload-url"),
      file: file,
      fields: fields,
      token: shared.csrfToken(form),
      messages: { failed: msg("failed"), tooLarge: msg("too-large"), login: msg("login") },
      progress: function (percent) { attachment.setUploadProgress(percent); },
      done: function (answer) { placed(attachment, answer); sent(entry, answer.state !== "failed"); },
      fail: function (message) { refused(attachment, message); sent(entry, false); }
    });
  }

  function sent(entry, ok) {
    entry.request = null;
    sending -= 1;
    if (uploads[entry.attachment.id] === entry && !entry.stop) { delete uploads[entry.attachment.id]; }
    if (ok && !running()) { say(msg("uploaded")); }
    settle();
  }

  function refused(attachment, message) {
    delete uploads[attachment.id];
    say(message || msg("failed"), true);
    // (One loaded with the form cannot be taken out from here: the post shows the note.)
    if (attachment.remove) { attachment.remove(); }
  }

  // The upload's key goes into the attachment; its preview becomes the server's own
  // picture (or a video's poster) once there is one. Until then the attachment links
  // to the upload's state, which is what tells Trix it is no longer uploading.
  function placed(attachment, answer) {
    if (answer.state === "failed") { refused(attachment, answer.message); return; }
    var attributes = { media: answer.key };
    var current = attachment.getAttributes();
    if (!current.width && answer.width) { attributes.width = answer.width; attributes.height = answer.height; }
    var preview = answer.state === "ready" ? shared.previewUrl(answer.html) : "";
    if (preview) {
      attributes.url = preview;
      attributes.previewable = true;
    } else {
      attributes.href = shared.stateUrl(answer.key, box);
    }
    attachment.setUploadProgress(100);
    attachment.setAttributes(attributes);
    if (!preview) { watch(attachment, answer.key); }
  }

  function watch(attachment, key) {
    var entry = uploads[attachment.id] || (uploads[attachment.id] = { attachment: attachment });
    entry.stop = shared.watchMedia(key, function (answer) {
      delete uploads[attachment.id];
      if (answer.state === "failed") { refused(attachment, answer.message); return; }
      var preview = shared.previewUrl(answer.html);
      if (preview) { attachment.setAttributes({ url: preview, previewable: true }); }
    }, box);
  }

  // However the form goes out (Enter in the title, a second button), not mid-upload.
  document.addEventListener("submit", function (event) {
    if (event.target === form && running() > 0) {
      event.preventDefault();
      event.stopImmediatePropagation();
      if (wait) { wait.hidden = false; }
    }
  }, true);
})();

// The toolbar from the keyboard. Trix acts on a button's mousedown (so that the editor
// keeps its selection) and ignores the click; a button pressed with Enter or Space sends
// a click alone (its detail is 0), which is passed on as the mousedown Trix listens for.
(function () {
  "use strict";
  var toolbar = document.querySelector("trix-toolbar");
  if (!toolbar) { return; }
  toolbar.addEventListener("click", function (event) {
    if (event.detail !== 0 || !(event.target instanceof Element)) { return; }
    var button = event.target.closest("button[data-trix-attribute], button[data-trix-action]");
    if (!button) { return; }
    button.dispatchEvent(new window.MouseEvent("mousedown", { bubbles: true, cancelable: true }));
  });
})();
