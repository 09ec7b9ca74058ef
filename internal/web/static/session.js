// Rehearse conversation view: progressive enhancement only. Without this
// script every button is a plain form post and the page works the same.

// streamLines reads a newline-delimited JSON response and calls handle with
// each message as it arrives; handle may throw to stop with an error.
function rehearseStreamLines(resp, handle) {
  "use strict";
  if (!resp.ok) return resp.json().then(function (j) { throw new Error(j.error || resp.statusText); });
  var reader = resp.body.getReader(), dec = new TextDecoder(), buf = "";
  function pump() {
    return reader.read().then(function (r) {
      buf += dec.decode(r.value || new Uint8Array(), { stream: !r.done });
      var lines = buf.split("\n");
      buf = lines.pop();
      lines.forEach(function (line) { if (line) handle(JSON.parse(line)); });
      if (!r.done) return pump();
    });
  }
  return pump();
}
(function () {
  "use strict";
  var article = document.querySelector("article.session");
  if (!article) return;
  var id = article.dataset.session;

  // The round clock counts down locally between server updates.
  var clock = document.querySelector(".clock");
  if (clock && clock.dataset.running === "true") {
    var left = parseInt(clock.dataset.remaining, 10);
    var out = clock.querySelector(".clock-time");
    setInterval(function () {
      left = Math.max(0, left - 1);
      out.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      if (left === 0) clock.classList.add("over");
    }, 1000);
  }

  var transcript = document.getElementById("transcript");
  function bubble(you, label, text) {
    var li = document.createElement("li");
    li.className = "turn " + (you ? "you" : "them");
    var who = document.createElement("span");
    who.className = "who";
    who.textContent = (you ? "You" : "Interviewer") + (label ? " · " + label : "");
    var b = document.createElement("div");
    b.className = "bubble";
    b.textContent = text;
    li.appendChild(who);
    li.appendChild(b);
    transcript.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return b;
  }
  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return String(Date.now()) + Math.random().toString(16).slice(2);
  }

  var form = document.getElementById("composer");
  if (form) {
    var text = form.querySelector("textarea");
    var clientId = form.querySelector("input[name=client_id]");
    var busy = false;
    form.addEventListener("submit", function (e) {
      var action = (e.submitter && e.submitter.value) || "say";
      if (action === "say" && window.rehearseVoice && window.rehearseVoice.busy()) {
        // Recording: the transcript is not in the box yet.
        e.preventDefault();
        window.rehearseVoice.stopFirst();
        return;
      }
      if (action === "say" && !text.value.trim()) { e.preventDefault(); text.focus(); return; }
      if (busy || !window.fetch || !window.TextDecoder) return; // plain post
      e.preventDefault();
      busy = true;
      var said = text.value;
      var voice = window.rehearseVoice;
      var extras = action === "say" && voice ? voice.extras() : {};
      var mine = null;
      if (action === "say") {
        mine = bubble(true, extras.recording || extras.heard ? "spoken" : "", said);
      }
      var reply = null, delivery = null;
      var body = { action: action, text: action === "say" ? said : "", client_id: clientId.value };
      Object.keys(extras).forEach(function (k) { body[k] = extras[k]; });
      fetch("/api/v1/sessions/" + id + "/act", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/x-ndjson" },
        body: JSON.stringify(body)
      }).then(function (resp) {
        var state = null;
        return rehearseStreamLines(resp, function (msg) {
          if (msg.chunk !== undefined) {
            if (!reply) reply = bubble(false, "", "");
            reply.textContent += msg.chunk;
          } else if (msg.session) {
            state = msg.session;
          } else if (msg.delivery) {
            delivery = msg.delivery;
          } else if (msg.error) {
            throw new Error(msg.error);
          }
        }).then(function () { return state; });
      }).then(function (state) {
        text.value = "";
        clientId.value = newClientId();
        busy = false;
        if (voice) voice.sent();
        if (delivery && mine) {
          var note = document.createElement("p");
          note.className = "delivery-note";
          note.textContent = delivery.note;
          mine.parentNode.appendChild(note);
        }
        // A new question, round or state, or a non-streamed action: redraw.
        var turns = state && state.turns ? state.turns : [];
        var last = turns[turns.length - 1];
        if (action !== "say" || !state || state.status !== "active" || (last && last.kind !== "followup" && last.kind !== "fact")) {
          // Leave time to read the delivery note before the page moves on.
          setTimeout(function () { location.reload(); }, delivery ? 2500 : 0);
          return;
        }
        if (voice && reply) voice.replied(last && last.seq, reply.textContent);
        text.focus();
      }).catch(function (err) {
        busy = false;
        bubble(false, "Error", err.message + " Your answer is still in the box; try again.");
        text.value = said;
      });
    });
    text.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit(form.querySelector("button[value=say]"));
      }
    });
  }

  // Notes save themselves a moment after typing stops.
  var notes = document.getElementById("notes");
  if (notes && window.fetch) {
    var area = notes.querySelector("textarea");
    var status = document.getElementById("notes-status");
    var timer = null;
    function save() {
      status.textContent = "Saving…";
      fetch(notes.action, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json" },
        body: "notes=" + encodeURIComponent(area.value)
      }).then(function (r) { status.textContent = r.ok ? "Saved" : "Not saved: " + r.status; })
        .catch(function () { status.textContent = "Not saved (offline?)"; });
    }
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 800); });
    notes.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); save(); });
  }
})();

// The coding round's editor: Run and Submit stream test results as they
// finish; Tab indents (Escape, then Tab, leaves the editor).
(function () {
  "use strict";
  var form = document.getElementById("code-form");
  if (!form || !window.fetch || !window.TextDecoder) return;
  var id = document.querySelector("article.session").dataset.session;
  var code = document.getElementById("code");
  var results = document.getElementById("test-results");
  var kept = "rehearse-test-results-" + id;
  // Running on your own input needs this script (its output is shown
  // here, not in the conversation).
  var customBox = document.getElementById("custom");
  if (customBox) customBox.hidden = false;
  try {
    var before = sessionStorage.getItem(kept);
    if (before) {
      results.innerHTML = before; // built by this script with textContent, so escaped
      sessionStorage.removeItem(kept);
    }
  } catch (err) { /* no storage */ }
  var escaped = false;
  code.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { escaped = true; return; }
    if (e.key === "Tab" && !e.shiftKey && !escaped) {
      e.preventDefault();
      var s = code.selectionStart;
      code.value = code.value.slice(0, s) + "    " + code.value.slice(code.selectionEnd);
      code.selectionStart = code.selectionEnd = s + 4;
    }
    escaped = false;
  });
  // Switching language swaps in its starter code, unless the candidate
  // has written something of their own.
  var starters = {};
  try { starters = JSON.parse(document.getElementById("starters").textContent) || {}; } catch (err) { starters = {}; }
  var lastLang = form.lang.value;
  form.lang.addEventListener("change", function () {
    var now = code.value.trim(), before = (starters[lastLang] || "").trim();
    var next = starters[form.lang.value];
    if ((now === "" || now === before) && next !== undefined) {
      if (code.editorView) {
        code.editorView.dispatch({ changes: { from: 0, to: code.editorView.state.doc.length, insert: next } });
      }
      code.value = next;
    }
    lastLang = form.lang.value;
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var action = (e.submitter && e.submitter.value) || "run";
    results.innerHTML = "";
    var custom = null;
    var note = document.createElement("li");
    note.textContent = action === "submit" ? "Judging on every test…" : action === "custom" ? "Running on your input…" : "Running the samples…";
    results.appendChild(note);
    fetch("/api/v1/sessions/" + id + "/code", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: action, lang: form.lang.value, code: code.value, stdin: action === "custom" ? form.stdin.value : "", client_id: String(Date.now()) + Math.random().toString(16).slice(2) })
    }).then(function (resp) {
      return rehearseStreamLines(resp, function (msg) {
        if (msg.queued) {
          note.textContent = "Waiting for the judge: " + (msg.queued === 1 ? "you are next" : "place " + msg.queued + " in line") + "…";
        } else if (msg.test) {
          if (note.dataset.started !== "1") {
            note.dataset.started = "1";
            note.textContent = action === "submit" ? "Judging on every test…" : "Running the samples…";
          }
          var li = document.createElement("li");
          li.className = msg.test.verdict === "accepted" ? "accepted" : "fail";
          li.textContent = "test " + msg.test.name + (msg.test.sample ? " (sample)" : "") + ": " + msg.test.verdict.replace("_", " ") + ", " + msg.test.time_ms + " ms, " + msg.test.memory_kb + " KiB";
          [["expected", msg.test.expected], ["your output", msg.test.got], ["standard error", msg.test.stderr]].forEach(function (part) {
            if (!part[1]) return;
            var label = document.createElement("div");
            label.className = "muted small";
            label.textContent = part[0];
            var pre = document.createElement("pre");
            pre.textContent = part[1];
            li.appendChild(label);
            li.appendChild(pre);
          });
          results.appendChild(li);
        } else if (msg.custom) {
          custom = msg.custom;
        } else if (msg.error) {
          throw new Error(msg.error);
        }
      });
    }).then(function () {
      if (custom) {
        // Nothing was judged, so nothing new is in the conversation: show
        // the run here and stay on the page.
        var c = custom;
        note.textContent = c.verdict === "compile_error" ? "It did not compile." :
          (c.verdict === "accepted" ? "It ran" : "It stopped: " + c.verdict.replace("_", " ")) +
          " (exit code " + c.exit_code + (c.signal ? ", " + c.signal : "") + "), " + c.time_ms + " ms, " + c.memory_kb + " KiB, sandbox: " + c.isolation + " isolation.";
        [["compiler", c.compile_output], ["output", c.stdout], ["standard error", c.stderr]].forEach(function (part) {
          if (!part[1]) return;
          var li = document.createElement("li");
          var label = document.createElement("div");
          label.className = "muted small";
          label.textContent = part[0];
          var pre = document.createElement("pre");
          pre.textContent = part[1];
          li.appendChild(label);
          li.appendChild(pre);
          results.appendChild(li);
        });
        return;
      }
      // The page reloads to show the verdict in the conversation; the
      // per-test results (and a sample's expected output, actual output
      // and standard error) come back with it.
      try { sessionStorage.setItem(kept, results.innerHTML); } catch (err) { /* private mode: lose them */ }
      location.reload();
    }).catch(function (err) {
      var li = document.createElement("li");
      li.className = "fail";
      li.textContent = err.message;
      results.appendChild(li);
    });
  });
})();
