// Rehearse: speaking answers and an interviewer that speaks. Progressive
// enhancement only: without this script the page has a plain upload form
// (when the server transcribes), and typing always works.
//
// Two ways to turn speech into text, chosen once per page:
//   server:  MediaRecorder streams the recording to the server in chunks
//            (so a closed tab keeps what arrived); the server transcribes
//            it in the background and the page follows its progress.
//   browser: no endpoint on the server; the browser's SpeechRecognition
//            writes into the answer box as the candidate speaks.
// Either way the text lands in the answer box to be corrected and sent.
(function () {
  "use strict";
  var article = document.querySelector("article.session");
  var form = document.getElementById("composer");
  if (!article || !form) return;
  var id = article.dataset.session;
  var box = document.getElementById("answer");
  var recId = document.getElementById("recording-id");
  var panel = document.getElementById("voice");
  var settings = document.getElementById("voice-settings");
  var micBtn = document.getElementById("mic");
  var micLabel = micBtn.querySelector(".mic-label");
  var meter = document.getElementById("level");
  var meterBar = meter.querySelector("span");
  var timeOut = document.getElementById("rec-time");
  var how = document.getElementById("voice-how");
  var status = document.getElementById("voice-status");
  var live = document.getElementById("live");
  var liveText = document.getElementById("live-text");
  var actions = document.getElementById("voice-actions");
  var nudge = document.getElementById("nudge");
  var maxSeconds = parseInt(panel.dataset.maxSeconds, 10) || 900;
  var endpoint = panel.dataset.endpoint === "1";
  var api = "/api/v1/sessions/" + id + "/recordings";

  // Settings persist in localStorage (nothing is sent to the server).
  var prefs = {
    get: function (k, d) { try { var v = localStorage.getItem("rehearse." + k); return v === null ? d : v; } catch (e) { return d; } },
    set: function (k, v) { try { localStorage.setItem("rehearse." + k, String(v)); } catch (e) { /* private mode */ } }
  };

  function say(msg, isError) {
    status.textContent = msg;
    status.classList.toggle("error", !!isError);
  }
  function clock(sec) {
    sec = Math.max(0, Math.round(sec));
    return Math.floor(sec / 60) + ":" + String(sec % 60).padStart(2, "0");
  }

  // ---------------------------------------------------------------------
  // The interviewer's voice: speechSynthesis, with a toggle, a voice and a
  // speed. It stops the moment the candidate starts answering.
  var synth = window.speechSynthesis;
  var ttsBox = document.getElementById("tts");
  var voiceSel = document.getElementById("tts-voice");
  var rateIn = document.getElementById("tts-rate");
  var rateOut = document.getElementById("tts-rate-out");
  var speaking = false;
  settings.hidden = false;
  if (!synth || !window.SpeechSynthesisUtterance) {
    ttsBox.disabled = true;
    voiceSel.disabled = true;
    rateIn.disabled = true;
    ttsBox.parentNode.appendChild(document.createTextNode(" (this browser cannot speak)"));
  }
  ttsBox.checked = prefs.get("tts", "off") === "on";
  rateIn.value = prefs.get("ttsRate", "1");
  rateOut.textContent = Number(rateIn.value).toFixed(1) + "×";
  function fillVoices() {
    if (!synth) return;
    var want = prefs.get("ttsVoice", "");
    var voices = synth.getVoices();
    while (voiceSel.options.length > 1) voiceSel.remove(1);
    voices.forEach(function (v) {
      var o = document.createElement("option");
      o.value = v.voiceURI;
      o.textContent = v.name + " (" + v.lang + ")";
      o.selected = v.voiceURI === want;
      voiceSel.appendChild(o);
    });
  }
  fillVoices();
  if (synth && "onvoiceschanged" in synth) synth.addEventListener("voiceschanged", fillVoices);
  ttsBox.addEventListener("change", function () {
    prefs.set("tts", ttsBox.checked ? "on" : "off");
    if (!ttsBox.checked) stopSpeaking();
    else speak(currentQuestion());
  });
  voiceSel.addEventListener("change", function () { prefs.set("ttsVoice", voiceSel.value); });
  rateIn.addEventListener("input", function () {
    rateOut.textContent = Number(rateIn.value).toFixed(1) + "×";
    prefs.set("ttsRate", rateIn.value);
  });

  function speak(text, force) {
    if (!synth || !text || (!ttsBox.checked && !force)) return;
    synth.cancel();
    var u = new SpeechSynthesisUtterance(text);
    var v = synth.getVoices().filter(function (x) { return x.voiceURI === voiceSel.value; })[0];
    if (v) { u.voice = v; u.lang = v.lang; }
    u.rate = Number(rateIn.value) || 1;
    u.onstart = function () { speaking = true; article.dataset.speaking = "true"; idle.stop(); };
    u.onend = function () { speaking = false; article.dataset.speaking = "false"; idle.start(); };
    u.onerror = function (e) {
      speaking = false;
      article.dataset.speaking = "false";
      if (e.error === "not-allowed") say("The browser did not let the page speak before you clicked anything; press “Repeat the question” to hear it.");
    };
    article.dataset.spoke = text.slice(0, 80);
    synth.speak(u);
  }
  function stopSpeaking() {
    if (synth && (speaking || synth.speaking || synth.pending)) synth.cancel();
    speaking = false;
    article.dataset.speaking = "false";
  }
  function currentQuestion() {
    var them = document.querySelectorAll("#transcript .turn.them");
    for (var i = them.length - 1; i >= 0; i--) {
      if (/\bk-(prompt|followup)\b/.test(them[i].className)) return them[i].querySelector(".bubble").textContent.trim();
    }
    return them.length ? them[them.length - 1].querySelector(".bubble").textContent.trim() : "";
  }
  // Read what the interviewer said since the candidate last spoke, once:
  // the last turn read is remembered for the session, so a reload does not
  // repeat it.
  var spokenKey = "rehearse.spoken." + id;
  function lastSpoken() { try { return parseInt(sessionStorage.getItem(spokenKey), 10) || 0; } catch (e) { return 0; } }
  function markSpoken(seq) { try { sessionStorage.setItem(spokenKey, String(seq)); } catch (e) { /* ignore */ } }
  (function readNew() {
    var turns = Array.prototype.slice.call(document.querySelectorAll("#transcript .turn[data-seq]"));
    var after = lastSpoken(), parts = [], top = after;
    for (var i = turns.length - 1; i >= 0 && turns[i].classList.contains("them"); i--) {
      var seq = parseInt(turns[i].dataset.seq, 10);
      top = Math.max(top, seq);
      if (seq > after) parts.unshift(turns[i].querySelector(".bubble").textContent.trim());
    }
    markSpoken(top);
    if (parts.length) speak(parts.join("\n"));
  })();
  document.getElementById("repeat").addEventListener("click", function () { speak(currentQuestion(), true); });
  document.getElementById("nudge-repeat").addEventListener("click", function () {
    nudge.hidden = true;
    var q = currentQuestion();
    speak(q, true);
    var them = document.querySelectorAll("#transcript .turn.them");
    if (them.length) them[them.length - 1].scrollIntoView({ block: "center" });
    idle.start();
  });

  // ---------------------------------------------------------------------
  // The silence nudge: after N seconds with no typing and no speech, the
  // interviewer offers to repeat the question. N is a setting (0: never).
  var nudgeSel = document.getElementById("nudge-after");
  var nudgeDefault = panel.dataset.nudge || "0";
  // The server's default may be a time the menu does not list.
  if (!Array.prototype.some.call(nudgeSel.options, function (o) { return o.value === nudgeDefault; })) {
    var o = document.createElement("option");
    o.value = nudgeDefault;
    o.textContent = nudgeDefault + " seconds";
    nudgeSel.appendChild(o);
  }
  nudgeSel.value = prefs.get("nudge", nudgeDefault);
  if (nudgeSel.value === "") nudgeSel.value = "0";
  nudgeSel.addEventListener("change", function () { prefs.set("nudge", nudgeSel.value); idle.start(); });
  var nudgeText = "Take your time — want me to repeat the question?";
  function showNudge() {
    if (!nudge.hidden) return;
    nudge.hidden = false;
    speak(nudgeText);
  }
  var idle = {
    timer: null,
    start: function () {
      clearTimeout(this.timer);
      var n = parseInt(nudgeSel.value, 10) || 0;
      if (!n || rec || speaking) return;
      this.timer = setTimeout(showNudge, n * 1000);
    },
    stop: function () { clearTimeout(this.timer); }
  };
  box.addEventListener("input", function () { nudge.hidden = true; idle.start(); });
  box.addEventListener("keydown", function () { stopSpeaking(); });
  idle.start();

  // ---------------------------------------------------------------------
  // The microphone.
  var Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
  var canRecord = !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia && window.MediaRecorder && window.fetch);
  var mode = endpoint && canRecord ? "server" : (Recognition && navigator.mediaDevices ? "browser" : "");
  if (mode === "server") {
    how.textContent = "Spoken answers are recorded and transcribed on this Rehearse server" +
      (Recognition ? "; your browser shows a rough live preview while you speak." : ".") +
      " You can correct the transcript before sending it.";
  } else if (mode === "browser") {
    how.textContent = "This server has no speech-to-text endpoint, so your browser's own speech recognition writes what you say into the box" +
      " (Chrome and Edge send the audio to their maker's online service for this). Correct it before sending.";
  } else {
    how.textContent = endpoint && !window.isSecureContext
      ? "The browser allows the microphone only on https:// or localhost pages, so type your answer here."
      : "This browser cannot record here and the server has no speech-to-text endpoint, so type your answer.";
    micBtn.hidden = true;
  }
  panel.hidden = false;
  var keepBox = document.getElementById("keep-audio");
  keepBox.checked = prefs.get("keepAudio", "off") === "on";
  keepBox.addEventListener("change", function () { prefs.set("keepAudio", keepBox.checked ? "on" : "off"); });

  var rec = null;   // the recording being made
  var heard = null; // what the browser's recognition heard, for the answer

  function micError(err) {
    var name = err && err.name;
    if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
      return "The microphone is blocked for this page. Allow it in the browser's site settings, or type your answer — typing always works.";
    }
    if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
      return "No microphone was found. Connect one and try again, or type your answer.";
    }
    if (name === "NotReadableError" || name === "AbortError") {
      return "The microphone could not be started (another program may be using it). Type your answer, or try again.";
    }
    return "The microphone could not be started" + (err && err.message ? " (" + err.message + ")" : "") + ". Type your answer instead.";
  }

  function setRecording(on) {
    micBtn.setAttribute("aria-pressed", on ? "true" : "false");
    micLabel.textContent = on ? "Stop and transcribe" : "Speak your answer";
    if (mode === "browser" && on) micLabel.textContent = "Stop";
    meter.hidden = !on;
    live.hidden = true;
    if (!on) { timeOut.textContent = ""; meterBar.style.width = "0"; }
  }

  micBtn.addEventListener("click", function () {
    if (rec) { stopRecording(false); return; }
    startRecording();
  });

  function startRecording() {
    stopSpeaking();
    idle.stop();
    nudge.hidden = true;
    actions.hidden = true;
    say("Asking for the microphone…");
    navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true } }).then(function (stream) {
      rec = { stream: stream, t0: performance.now(), before: box.value, bytes: 0, chain: Promise.resolve(), rid: "", failed: "", quiet: 0, segments: [], finals: "" };
      setRecording(true);
      say(mode === "server" ? "Recording. Speak your answer; press Stop when you are done." : "Listening. Speak your answer; press Stop when you are done.");
      meterOn(stream);
      if (mode === "server" || keepBox.checked) recorderOn(stream);
      recognitionOn();
      rec.tick = setInterval(function () {
        var sec = (performance.now() - rec.t0) / 1000;
        timeOut.textContent = clock(sec) + " / " + clock(maxSeconds);
        if (sec >= maxSeconds) {
          say("Stopped at the limit of " + Math.round(maxSeconds / 60) + " minutes per answer.");
          stopRecording(false);
        }
      }, 250);
    }, function (err) {
      say(micError(err), true);
      box.focus();
    });
  }

  // The level meter, from an analyser on the microphone. It also notices
  // a long silence while recording, for the nudge.
  function meterOn(stream) {
    var AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return;
    try {
      var ctx = new AC();
      var src = ctx.createMediaStreamSource(stream);
      var an = ctx.createAnalyser();
      an.fftSize = 1024;
      src.connect(an);
      var buf = new Uint8Array(an.fftSize);
      var lastAria = 0, lastLoud = performance.now();
      rec.audioCtx = ctx;
      (function frame() {
        if (!rec || rec.audioCtx !== ctx) return;
        an.getByteTimeDomainData(buf);
        var sum = 0;
        for (var i = 0; i < buf.length; i++) { var x = (buf[i] - 128) / 128; sum += x * x; }
        var level = Math.min(100, Math.round(Math.sqrt(sum / buf.length) * 400));
        meterBar.style.width = level + "%";
        var now = performance.now();
        if (now - lastAria > 500) { meter.setAttribute("aria-valuenow", String(level)); lastAria = now; }
        if (level > 4) {
          lastLoud = now;
          if (speaking) stopSpeaking(); // the candidate talks over the interviewer
        }
        var n = parseInt(nudgeSel.value, 10) || 0;
        if (n && now - lastLoud > n * 1000) { showNudge(); lastLoud = now; }
        requestAnimationFrame(frame);
      })();
    } catch (e) { /* no meter; recording still works */ }
  }

  // MediaRecorder, streaming each second's audio to the server as it is
  // recorded.
  function recorderOn(stream) {
    var types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
    var opts = {};
    for (var i = 0; i < types.length; i++) {
      if (MediaRecorder.isTypeSupported && MediaRecorder.isTypeSupported(types[i])) { opts.mimeType = types[i]; break; }
    }
    var mr;
    try { mr = new MediaRecorder(stream, opts); } catch (e) { mr = new MediaRecorder(stream); }
    rec.recorder = mr;
    var transcribe = mode === "server" ? "1" : "0";
    var keep = keepBox.checked ? "1" : "0";
    var r = rec;
    mr.ondataavailable = function (e) {
      if (!e.data || !e.data.size) return;
      var blob = e.data;
      r.chain = r.chain.then(function () {
        if (r.failed) return;
        var url = r.rid ? api + "/" + r.rid + "/audio?offset=" + r.bytes : api + "?keep=" + keep + "&transcribe=" + transcribe;
        return sendChunk(url, blob, 0).then(function (j) {
          r.rid = j.recording.id;
          r.bytes = j.recording.bytes;
        }).catch(function (err) {
          r.failed = err.message;
          say(err.message + (r.rid ? " What arrived is kept." : ""), true);
          if (rec === r) stopRecording(true);
        });
      });
    };
    mr.start(1000);
  }

  // sendChunk posts one chunk, trying again on a network failure; the
  // server stores a chunk sent twice once.
  function sendChunk(url, blob, attempt) {
    return fetch(url, { method: "POST", headers: { "Content-Type": blob.type || "application/octet-stream" }, body: blob }).then(function (resp) {
      return resp.json().then(function (j) {
        if (!resp.ok) throw Object.assign(new Error(j.error || resp.statusText), { status: resp.status });
        return j;
      });
    }, function (netErr) {
      if (attempt >= 3) throw new Error("The recording could not reach the server (" + netErr.message + ").");
      return new Promise(function (res) { setTimeout(res, 500 * (attempt + 1)); }).then(function () { return sendChunk(url, blob, attempt + 1); });
    });
  }

  // The browser's recognition: the words themselves in browser mode, a
  // live preview in server mode. Each phrase is timed from the start of
  // the recording, so pace and pauses can be measured.
  function recognitionOn() {
    if (!Recognition) return;
    var r = rec;
    var sr;
    try { sr = new Recognition(); } catch (e) { return; }
    sr.continuous = true;
    sr.interimResults = true;
    sr.lang = document.documentElement.lang || "en";
    var starts = {};
    r.recognition = sr;
    sr.onresult = function (e) {
      var now = (performance.now() - r.t0) / 1000;
      var interim = "";
      for (var i = e.resultIndex; i < e.results.length; i++) {
        var key = r.base + ":" + i;
        if (starts[key] === undefined) starts[key] = Math.max(0, now - 1);
        var text = e.results[i][0].transcript;
        if (e.results[i].isFinal) {
          r.finals += (r.finals ? " " : "") + text.trim();
          r.segments.push({ start: starts[key], end: now, text: text.trim() });
        } else {
          interim += text;
        }
      }
      var shown = (r.finals + " " + interim).trim();
      if (mode === "browser") {
        box.value = (r.before ? r.before.replace(/\s*$/, " ") : "") + shown;
      } else {
        live.hidden = !shown;
        liveText.textContent = shown;
      }
    };
    sr.onerror = function (e) {
      if (mode !== "browser" || e.error === "no-speech" || e.error === "aborted") return;
      r.recognitionFailed = true;
      var why = e.error === "not-allowed" || e.error === "service-not-allowed"
        ? "The browser's speech recognition is not allowed on this page."
        : e.error === "network"
          ? "The browser's speech recognition needs its online service and could not reach it."
          : "The browser's speech recognition stopped (" + e.error + ").";
      say(why + " Type your answer instead; anything heard so far is in the box.", true);
    };
    // Recognition ends by itself after a silence; keep it going while
    // recording.
    r.base = 0;
    sr.onend = function () {
      if (rec === r && !r.recognitionFailed) {
        r.base++;
        try { sr.start(); } catch (e) { /* already started */ }
      }
    };
    try { sr.start(); } catch (e) { /* ignore */ }
  }

  function stopRecording(failed) {
    var r = rec;
    if (!r) return;
    rec = null;
    clearInterval(r.tick);
    setRecording(false);
    var seconds = (performance.now() - r.t0) / 1000;
    if (r.recognition) { try { r.recognition.stop(); } catch (e) { /* ignore */ } }
    var done = new Promise(function (res) {
      if (!r.recorder || r.recorder.state === "inactive") { res(); return; }
      r.recorder.addEventListener("stop", function () { setTimeout(res, 0); });
      r.recorder.stop();
    });
    if (r.audioCtx) r.audioCtx.close();
    done.then(function () {
      r.stream.getTracks().forEach(function (t) { t.stop(); });
      return r.chain;
    }).then(function () {
      idle.start();
      if (mode === "browser") {
        heard = { seconds: seconds, segments: r.segments };
        if (r.rid && !r.failed) {
          recId.value = r.rid;
          fetch(api + "/" + r.rid + "/finish", { method: "POST" });
        }
        if (!r.finals && !box.value.trim()) {
          say("Nothing was heard. Check the microphone, or type your answer.", true);
          heard = null;
          return;
        }
        if (!r.recognitionFailed) say("Check the text, correct anything misheard, then press Send.");
        box.focus();
        return;
      }
      if (!r.rid) {
        if (!r.failed) say("Nothing was recorded. Check the microphone, or type your answer.", true);
        return;
      }
      if (r.failed && !failed) return;
      return finish(r.rid, r.before, !r.failed);
    });
  }

  // finish ends the recording on the server and follows its transcription.
  function finish(rid, before, complete) {
    say("Saved. Sending it for transcription…");
    return fetch(api + "/" + rid + "/finish" + (complete ? "" : "?complete=0"), { method: "POST" }).then(function (resp) {
      return resp.json().then(function (j) {
        if (!resp.ok) throw new Error(j.error || resp.statusText);
        return watch(rid, before);
      });
    }).catch(function (err) {
      say(err.message + " The recording is kept on the server; try again, or type your answer.", true);
      offerRetry(rid, before, true);
    });
  }

  // watch streams the recording's progress until it is transcribed or
  // fails, and falls back to asking every two seconds if the stream
  // breaks.
  function watch(rid, before) {
    var last = null;
    return fetch(api + "/" + rid + "?watch=1", { headers: { "Accept": "application/x-ndjson" } }).then(function (resp) {
      return rehearseStreamLines(resp, function (msg) {
        if (msg.error) throw new Error(msg.error);
        last = msg.recording;
        progress(last, msg.elapsed_ms);
      });
    }).then(function () {
      if (last) settle(last, before);
    }).catch(function () {
      return poll(rid, before, 0);
    });
  }
  function poll(rid, before, n) {
    return fetch(api + "/" + rid).then(function (resp) { return resp.json(); }).then(function (j) {
      if (!j.recording) throw new Error(j.error || "The recording could not be read.");
      var r = j.recording;
      progress(r, 0);
      if (r.status === "done" || r.status === "failed" || r.status === "stored" || r.cut_off) { settle(r, before); return; }
      if (n > 150) throw new Error("The transcription is taking very long.");
      return new Promise(function (res) { setTimeout(res, 2000); }).then(function () { return poll(rid, before, n + 1); });
    }).catch(function (err) {
      say(err.message + " The recording is kept; reload the page to see it, or type your answer.", true);
    });
  }
  function progress(r, ms) {
    if (r.status === "queued") say("Waiting for the transcription server…");
    else if (r.status === "transcribing") say("Transcribing on the server… " + Math.round((ms || 0) / 1000) + " s");
  }
  function settle(r, before) {
    if (r.status === "done" && r.transcript) {
      var text = r.transcript.text;
      box.value = before && before.trim() ? before.replace(/\s*$/, " ") + text : text;
      recId.value = r.id;
      live.hidden = true;
      say(r.complete ? "Transcript ready: check it, correct anything misheard, then press Send." :
        "The recording was cut off; this is what arrived. Check it, then press Send.");
      var li = document.querySelector('#recordings li[data-recording="' + r.id + '"]');
      if (li) li.hidden = true;
      box.focus();
      return;
    }
    if (r.cut_off) {
      say(r.message, true);
      offerRetry(r.id, before, true);
      return;
    }
    say(r.message || "The transcription failed.", true);
    offerRetry(r.id, before, r.retryable);
  }

  // After a failure that was the endpoint's fault the audio is kept:
  // offer to try again, or to type.
  var retryBtn = document.getElementById("voice-retry");
  var typeBtn = document.getElementById("voice-type");
  var retryFor = null;
  function offerRetry(rid, before, canRetry) {
    actions.hidden = false;
    retryBtn.hidden = !canRetry;
    retryFor = { rid: rid, before: before };
  }
  retryBtn.addEventListener("click", function () {
    if (!retryFor) return;
    actions.hidden = true;
    var f = retryFor;
    say("Trying again…");
    fetch(api + "/" + f.rid + "/retry", { method: "POST" }).then(function (resp) {
      return resp.json().then(function (j) {
        if (!resp.ok) throw new Error(j.error || resp.statusText);
        return watch(f.rid, f.before);
      });
    }).catch(function (err) {
      say(err.message, true);
      offerRetry(f.rid, f.before, false);
    });
  });
  typeBtn.addEventListener("click", function () {
    actions.hidden = true;
    say("");
    box.focus();
  });

  // A recording still being transcribed when the page loads (after a
  // reload, or an upload from the plain form) is followed here too.
  Array.prototype.forEach.call(document.querySelectorAll("#recordings li[data-recording]"), function (li) {
    if (li.dataset.status === "queued" || li.dataset.status === "transcribing") watch(li.dataset.recording, box.value);
  });

  // What the page's form script sends with an answer, and hears back.
  window.rehearseVoice = {
    extras: function () {
      var x = {};
      if (recId.value) x.recording = recId.value;
      if (heard) x.heard = heard;
      return x;
    },
    sent: function () {
      recId.value = "";
      heard = null;
      say("");
      var note = document.getElementById("prefill-note");
      if (note) note.hidden = true;
    },
    replied: function (seq, text) {
      if (seq) markSpoken(seq);
      speak(text);
      if (!speaking) idle.start();
    },
    busy: function () { return !!rec; },
    stopFirst: function () { say("Stop the recording first (the microphone button); the transcript then comes into the box to check before sending.", true); micBtn.focus(); }
  };
})();
