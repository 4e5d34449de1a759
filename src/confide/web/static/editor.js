// The note editor: an autosave that fails says so in the status line, never silently, and
// tells the writer their text is still on the page.
(function () {
  "use strict";
  var KEPT = " What you typed is still here in the editor; copy it somewhere safe before you leave this page.";
  var WHY = {
    401: "Not saved: you have been logged out.",
    403: "Not saved: you may not save this note, or this page is too old (reload it after copying your text).",
    404: "Not saved: this note is no longer there.",
    409: "Not saved: the note changed elsewhere.",
    413: "Not saved: the note is too long."
  };
  var form = document.getElementById("note-form");
  if (!form || !form.hasAttribute("hx-post")) { return; }

  function say(text) {
    var state = document.getElementById("draft-state");
    if (!state) { return; }
    var line = state.querySelector("span");
    if (!line) { line = document.createElement("span"); state.appendChild(line); }
    line.className = "not-saved";
    line.textContent = text;
  }
  function ours(event) {
    return event.detail && event.detail.elt === form;
  }
  document.body.addEventListener("htmx:responseError", function (event) {
    if (!ours(event)) { return; }
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    say((WHY[status] || "Not saved: the server had a problem (" + status + ").") + KEPT);
  });
  function offline(event) {
    if (!ours(event)) { return; }
    say("Not saved: the server could not be reached." + KEPT + " Saving is tried again as you type.");
  }
  document.body.addEventListener("htmx:sendError", offline);
  document.body.addEventListener("htmx:timeout", offline);
})();
