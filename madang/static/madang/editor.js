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
    var needed = needing.indexOf(select.value) !== -1;
    box.classList.toggle("is-required", needed);
    if (input) { input.required = needed; }
  }

  fields.forEach(function (field) {
    field.addEventListener("input", changed);
    field.addEventListener("change", changed);
  });
  document.addEventListener("trix-change", changed);
  document.addEventListener("trix-initialize", restore);
  // Pictures arrive with the media feature; until then the editor takes text only.
  document.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });
  var select = form.querySelector("select[data-requires-source]");
  if (select) { select.addEventListener("change", toggleSource); toggleSource(); }
  form.addEventListener("submit", function () { submitting = true; saveLocal(); });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) { saveLocal(); event.preventDefault(); event.returnValue = ""; }
  });
})();
