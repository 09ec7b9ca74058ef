package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/rehearse/rehearse/internal/interview"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// ownerCookie holds a random token that makes a browser the owner of the
// sessions it starts. Only a hash of it is stored.
const ownerCookie = "rehearse_owner"

// maxBody bounds a form or JSON request; one answer may be at most
// interview.MaxTurnBytes of it.
const maxBody = 1 << 20

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

func hashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// owner returns the caller's owner id, setting the cookie on first use.
func (s *Server) owner(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(ownerCookie); err == nil && len(c.Value) >= 32 {
		return hashToken(c.Value)
	}
	tok := randomHex(24)
	http.SetCookie(w, &http.Cookie{Name: ownerCookie, Value: tok, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 10 * 365 * 24 * 3600})
	return hashToken(tok)
}

// callerOwner is the owner id of a request that must already have one.
func callerOwner(r *http.Request) string {
	if c, err := r.Cookie(ownerCookie); err == nil && len(c.Value) >= 32 {
		return hashToken(c.Value)
	}
	return "no-owner:" + randomHex(8) // matches no session
}

// form parses a bounded form body, translating an oversized body.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return rehearse.Errorf(rehearse.ErrTooLarge, "the request is over %d KiB; one answer may be at most %d KiB", maxBody>>10, interview.MaxTurnBytes>>10)
		}
		return rehearse.Errorf(rehearse.ErrInvalid, "cannot read the form: %v", err)
	}
	return nil
}

func specFrom(get func(string) string, owner string) interview.Spec {
	return interview.Spec{
		Kind:     rehearse.SessionKind(get("kind")),
		Mode:     rehearse.Mode(get("mode")),
		Owner:    owner,
		Guide:    get("guide"),
		Loop:     get("loop"),
		Round:    get("round"),
		Question: get("question"),
	}
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	sess, err := s.iv.Start(r.Context(), specFrom(r.PostForm.Get, s.owner(w, r)))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/sessions/"+sess.ID, http.StatusSeeOther)
	return nil
}

// turnView is a turn as the conversation view shows it.
type turnView struct {
	rehearse.Turn
	Candidate bool
	Label     string
	// Spoken marks an answer given by voice; Delivery is its delivery
	// note, shown in practice mode (and once the interview is over).
	Spoken   bool
	Delivery *interview.AnswerDelivery
}

type sessionView struct {
	// Coding rounds with a judged problem get an editor.
	Coding    bool
	Languages []judge.Language
	Samples   []judge.Test
	Code      string
	Lang      string
	JudgeNote string
	// Statement is the problem's statement (input format, limits);
	// Function says the candidate completes a function rather than
	// reading standard input; Starters are each language's starter code.
	Statement template.HTML
	Function  bool
	Starters  map[string]string
	Isolation string // the sandbox's level

	S     *rehearse.Session
	Round *rehearse.SessionRound // the round on screen
	// Next is the round that starts when the candidate resumes, while
	// paused between rounds.
	Next      *rehearse.SessionRound
	Question  *rehearse.Question
	QNumber   int
	Clock     interview.Clock
	Turns     []turnView
	ClientID  string
	CanHint   bool
	NotesPane bool
	Paused    bool
	Finished  bool

	// Voice configures the microphone and the interviewer's voice.
	Voice voiceView
	// Pending are the current question's recordings not yet sent as an
	// answer: being transcribed, failed, cut off, or ready. Prefill is the
	// newest ready transcript, put in the answer box for correcting, and
	// PrefillRecording its recording.
	Pending          []*interview.RecordingView
	Prefill          string
	PrefillRecording string
	// KeptAudio says some recording of the session still has its audio.
	KeptAudio bool
}

var turnLabels = map[string]string{
	"intro": "", "prompt": "Question", "fact": "Answer", "followup": "Follow-up", "hint": "Hint", "feedback": "Feedback",
	"done": "", "moveon": "", "timeout": "", "round-end": "", "end": "",
}

func (s *Server) sessionView(ctx context.Context, sess *rehearse.Session) (*sessionView, error) {
	v := &sessionView{S: sess, Clock: s.iv.ClockOf(sess), ClientID: randomHex(12),
		Paused: sess.Status == rehearse.Paused, Finished: sess.Status == rehearse.Finished, Voice: s.voiceView()}
	recs, err := s.iv.Recordings(ctx, sess)
	if err != nil {
		return nil, err
	}
	spoken := map[int]bool{}
	for _, r := range recs {
		v.KeptAudio = v.KeptAudio || r.HasAudio
		if r.TurnSeq != 0 {
			spoken[r.TurnSeq] = true
			continue
		}
		if sess.Status == rehearse.Active && r.Round == sess.Round && r.Question == sess.Question {
			v.Pending = append(v.Pending, r)
			if r.Status == rehearse.Transcribed && r.Transcript != nil {
				v.Prefill, v.PrefillRecording = r.Transcript.Text, r.ID
			}
		}
	}
	var deliveries map[int]*interview.AnswerDelivery
	if sess.Mode == rehearse.Practice || v.Finished {
		deliveries = s.iv.Deliveries(sess, recs)
	}
	v.Round = sess.Current()
	round := sess.Round
	if v.Round != nil {
		if v.Round.Status != rehearse.Pending && sess.Question < len(v.Round.Questions) {
			v.Question, _ = s.lib.Question(v.Round.Questions[sess.Question])
			v.QNumber = sess.Question + 1
		}
		v.CanHint = sess.Mode == rehearse.Practice && sess.Status == rehearse.Active
		v.NotesPane = v.Round.Type == rehearse.RoundSystemDesign
	}
	if v.Paused && v.Round != nil && v.Round.Status == rehearse.Pending && round > 0 {
		// Between rounds: show the round just finished, and what is next.
		round--
		v.Next, v.Round, v.Question = v.Round, &sess.Rounds[round], nil
	}
	if v.Question != nil && v.Round != nil && v.Round.Type == rehearse.RoundCoding && !v.Paused {
		if s.iv.Judge() == nil {
			v.JudgeNote = "Code cannot be run on this server (the sandbox is not available), so explain your approach and write the code as text."
		} else if p, err := s.iv.Problem(v.Question.ID); err == nil && p != nil {
			v.Coding, v.Function, v.Starters = true, p.Function != nil, map[string]string{}
			v.Isolation = s.iv.Judge().Isolation()
			for _, l := range s.iv.Judge().Languages() {
				if p.Supports(l.ID) {
					v.Languages = append(v.Languages, l)
					v.Starters[l.ID] = p.Starter(l.ID)
				}
			}
			for _, t := range p.Tests {
				if t.Sample {
					v.Samples = append(v.Samples, t)
				}
			}
			if html, err := s.markdown(p.Statement); err == nil {
				v.Statement = html
			}
		}
		for _, t := range sess.Turns {
			if t.Round == sess.Round && t.Question == sess.Question && strings.HasPrefix(t.Kind, "code-") {
				v.Code, v.Lang = t.Text, t.KeyPoint
			}
		}
		if v.Coding && v.Code == "" && len(v.Languages) > 0 {
			v.Lang = v.Languages[0].ID
			v.Code = v.Starters[v.Lang]
		}
	}
	for _, t := range sess.Turns {
		if t.Round != round && !v.Finished {
			continue
		}
		if strings.HasPrefix(t.Kind, "code-") {
			// The code itself is in the editor; the transcript says what ran.
			continue
		}
		if t.Kind == "pause" || t.Kind == "resume" {
			continue
		}
		v.Turns = append(v.Turns, turnView{Turn: t, Candidate: t.Role == "candidate", Label: turnLabels[t.Kind], Spoken: spoken[t.Seq], Delivery: deliveries[t.Seq]})
	}
	return v, nil
}

func (s *Server) sessionPage(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.iv.Get(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return withSessionLinks(err)
	}
	v, err := s.sessionView(r.Context(), sess)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "session", s.pageData(sess.Title, "", "practice", v))
}

func withSessionLinks(err error) error {
	if errors.Is(err, rehearse.ErrNotFound) {
		return &suggestions{err: rehearse.Errorf(rehearse.ErrNotFound, "There is no interview with that id in this browser. Interviews belong to the browser that started them."),
			links: []link{{Href: "/history", Text: "Your interviews"}, {Href: "/prep", Text: "Start one from a prep guide"}}}
	}
	return err
}

func (s *Server) sessionAct(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	in := interview.Input{Action: interview.Action(r.PostForm.Get("action")), Text: r.PostForm.Get("text"), ClientID: r.PostForm.Get("client_id")}
	if in.Action == "" {
		in.Action = interview.Say
	}
	if in.Action == interview.Say {
		in.Recording = r.PostForm.Get("recording")
	}
	if _, err := s.iv.Act(r.Context(), id, callerOwner(r), in); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, "/sessions/"+id+"#composer", http.StatusSeeOther)
	return nil
}

func (s *Server) sessionNotes(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	if _, err := s.iv.SaveNotes(r.Context(), id, callerOwner(r), r.PostForm.Get("notes")); err != nil {
		return withSessionLinks(err)
	}
	if r.Header.Get("Accept") == "application/json" {
		writeJSON(w, http.StatusOK, map[string]string{"status": "saved"})
		return nil
	}
	http.Redirect(w, r, "/sessions/"+id+"#notes", http.StatusSeeOther)
	return nil
}

type reportView struct {
	*interview.Results
	Questions map[string]*rehearse.Question
	// KeptAudio says some recording still has its audio, so the export
	// can include it.
	KeptAudio bool
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	res, err := s.iv.Results(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return withSessionLinks(err)
	}
	v := reportView{Results: res, Questions: map[string]*rehearse.Question{}}
	for _, rec := range res.Recordings {
		v.KeptAudio = v.KeptAudio || rec.HasAudio
	}
	for _, rr := range res.Rounds {
		for _, q := range rr.Questions {
			if qq, err := s.lib.Question(q.ID); err == nil {
				v.Questions[q.ID] = qq
			}
		}
	}
	return s.render(w, http.StatusOK, "report", s.pageData("Report: "+res.Session.Title, "", "history", v))
}

func (s *Server) reportMarkdown(w http.ResponseWriter, r *http.Request) error {
	res, err := s.iv.Results(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return withSessionLinks(err)
	}
	if r.URL.Query().Get("audio") == "1" {
		return s.reportZip(w, r, res)
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rehearse-%s.md"`, res.Session.ID))
	_, err = w.Write([]byte(interview.Markdown(res)))
	return err
}

func (s *Server) reportJSON(w http.ResponseWriter, r *http.Request) error {
	res, err := s.iv.Results(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="rehearse-%s.json"`, res.Session.ID))
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) error {
	if err := s.iv.Delete(r.Context(), r.PathValue("id"), callerOwner(r)); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, "/history", http.StatusSeeOther)
	return nil
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) error {
	list, err := s.iv.History(r.Context(), callerOwner(r))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "history", s.pageData("Your interviews", "", "history", list))
}

// API: JSON bodies, and a streamed reply for actions.

type apiStartRequest struct {
	Kind     string `json:"kind"`
	Mode     string `json:"mode"`
	Guide    string `json:"guide"`
	Loop     string `json:"loop"`
	Round    string `json:"round"`
	Question string `json:"question"`
}

func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return rehearse.Errorf(rehearse.ErrTooLarge, "the request is over %d KiB; one answer may be at most %d KiB", maxBody>>10, interview.MaxTurnBytes>>10)
		}
		return rehearse.Errorf(rehearse.ErrInvalid, "invalid JSON body: %v", err)
	}
	return nil
}

func (s *Server) apiStart(w http.ResponseWriter, r *http.Request) error {
	var req apiStartRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	get := map[string]string{"kind": req.Kind, "mode": req.Mode, "guide": req.Guide, "loop": req.Loop, "round": req.Round, "question": req.Question}
	sess, err := s.iv.Start(r.Context(), specFrom(func(k string) string { return get[k] }, s.owner(w, r)))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, sess)
	return nil
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.iv.Get(r.Context(), r.PathValue("id"), callerOwner(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sess)
	return nil
}

type apiActRequest struct {
	Action   string `json:"action"`
	Text     string `json:"text"`
	ClientID string `json:"client_id"`
	// Recording names the recording a spoken answer was transcribed from;
	// Heard is what the browser's own recognition heard.
	Recording string                   `json:"recording"`
	Heard     *interview.BrowserSpeech `json:"heard"`
}

// apiAct applies an action and streams the result as newline-delimited
// JSON: {"chunk": "..."} lines while the interviewer speaks, then one
// {"session": {...}} line with the new state (or {"error": "..."}), and
// for a spoken answer in practice mode a {"delivery": {...}} line.
func (s *Server) apiAct(w http.ResponseWriter, r *http.Request) error {
	var req apiActRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	in := interview.Input{Action: interview.Action(req.Action), Text: req.Text, ClientID: req.ClientID, Recording: req.Recording, Heard: req.Heard}
	if in.Action == "" {
		in.Action = interview.Say
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	// Through the logging wrapper to the connection (the wrapper unwraps).
	rc := http.NewResponseController(w)
	started := false
	in.Emit = func(chunk string) error {
		started = true
		if err := enc.Encode(map[string]string{"chunk": chunk}); err != nil {
			return err
		}
		return rc.Flush()
	}
	sess, err := s.iv.Act(r.Context(), r.PathValue("id"), callerOwner(r), in)
	if err != nil {
		if !started {
			return err // nothing sent yet: a normal error response
		}
		_ = enc.Encode(map[string]string{"error": publicMessage(err, statusOf(err))})
		return nil
	}
	if err := enc.Encode(map[string]any{"session": sess}); err != nil {
		return nil // the client left
	}
	if (req.Recording != "" || req.Heard != nil) && sess.Mode == rehearse.Practice && req.ClientID != "" {
		if d := s.deliveryOfClient(r.Context(), sess, req.ClientID); d != nil {
			_ = enc.Encode(map[string]any{"delivery": d})
		}
	}
	return nil
}

// deliveryOfClient is the delivery of the spoken answer sent with client
// id cid, nil if there is none.
func (s *Server) deliveryOfClient(ctx context.Context, sess *rehearse.Session, cid string) *interview.AnswerDelivery {
	recs, err := s.iv.Recordings(ctx, sess)
	if err != nil {
		return nil
	}
	ds := s.iv.Deliveries(sess, recs)
	for _, t := range sess.Turns {
		if t.ClientID == cid {
			return ds[t.Seq]
		}
	}
	return nil
}

// sessionCode runs or submits code from the editor without JavaScript.
func (s *Server) sessionCode(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	in := interview.CodeInput{Submit: r.PostForm.Get("action") == "submit", Lang: r.PostForm.Get("lang"), Code: r.PostForm.Get("code"), ClientID: r.PostForm.Get("client_id")}
	if _, _, err := s.iv.Code(r.Context(), id, callerOwner(r), in); err != nil {
		return withSessionLinks(err)
	}
	http.Redirect(w, r, "/sessions/"+id+"#editor", http.StatusSeeOther)
	return nil
}

type apiCodeRequest struct {
	Action   string `json:"action"` // run, submit or custom
	Lang     string `json:"lang"`
	Code     string `json:"code"`
	Stdin    string `json:"stdin"` // for custom: the candidate's own input
	ClientID string `json:"client_id"`
}

// apiCode streams a run or submission as newline-delimited JSON:
// {"queued": N} while it waits in line for the judge (N = its place), one
// {"test": {...}} line per test as it finishes, then {"submission": {...},
// "session": {...}}. A custom run (the candidate's own input) ends with
// {"custom": {...}} instead.
func (s *Server) apiCode(w http.ResponseWriter, r *http.Request) error {
	var req apiCodeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	// Through the logging wrapper to the connection (the wrapper unwraps).
	rc := http.NewResponseController(w)
	started := false
	send := func(msg map[string]any) {
		started = true
		_ = enc.Encode(msg)
		_ = rc.Flush()
	}
	in := interview.CodeInput{Submit: req.Action == "submit", Lang: req.Lang, Code: req.Code, ClientID: req.ClientID,
		Progress: func(t judge.TestResult) { send(map[string]any{"test": t}) },
		Queued:   func(pos int) { send(map[string]any{"queued": pos}) }}
	fail := func(err error) error {
		if !started {
			return err
		}
		_ = enc.Encode(map[string]string{"error": publicMessage(err, statusOf(err))})
		return nil
	}
	if req.Action == "custom" {
		run, err := s.iv.Custom(r.Context(), r.PathValue("id"), callerOwner(r), in, req.Stdin)
		if err != nil {
			return fail(err)
		}
		return enc.Encode(map[string]any{"custom": run})
	}
	sess, sub, err := s.iv.Code(r.Context(), r.PathValue("id"), callerOwner(r), in)
	if err != nil {
		return fail(err)
	}
	return enc.Encode(map[string]any{"submission": sub, "session": sess})
}
