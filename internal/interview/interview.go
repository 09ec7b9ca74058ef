// Package interview runs mock interviews: it starts sessions for a whole
// loop, one round or one question, takes the candidate's turns, asks the
// interviewer for the next one, paces each round against its clock, and
// grades rounds and the loop when they end. Every turn is saved before the
// interviewer answers, so a killed server loses nothing.
package interview

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rehearse/rehearse/internal/content"
	"github.com/rehearse/rehearse/internal/grading"
	"github.com/rehearse/rehearse/internal/interviewer"
	"github.com/rehearse/rehearse/internal/judge"
	"github.com/rehearse/rehearse/internal/rehearse"
)

// Store is what the interview needs from the database.
type Store interface {
	CreateSession(ctx context.Context, s *rehearse.Session) error
	Session(ctx context.Context, id, owner string) (*rehearse.Session, error)
	Save(ctx context.Context, id string, u rehearse.SessionUpdate) ([]rehearse.Turn, error)
	Sessions(ctx context.Context, owner string) ([]*rehearse.Session, error)
	DeleteSession(ctx context.Context, id, owner string) error
	Debrief(ctx context.Context, id string) ([]byte, error)
}

// Service runs sessions. It holds no per-session state: everything is in
// the store, so any number of servers (or a restarted one) can serve a
// session.
type Service struct {
	lib    *content.Library
	store  Store
	iv     interviewer.Engine
	grader *grading.Engine
	now    func() time.Time
	judge  Judge     // nil when code cannot be run here
	probs  *problems // parsed judge problems, by question id
	queue  *judge.Queue
	voice  *voice // spoken answers: the endpoint and the transcription queue
}

// New returns a Service.
func New(lib *content.Library, st Store, iv interviewer.Engine, grader *grading.Engine, now func() time.Time) *Service {
	return &Service{lib: lib, store: st, iv: iv, grader: grader, now: now, voice: newVoice()}
}

// Spec says what session to start.
type Spec struct {
	Kind  rehearse.SessionKind
	Mode  rehearse.Mode
	Owner string
	// Guide (a /prep slug) or Loop names the loop for Kind loop and round.
	Guide string
	Loop  string
	// Round is a round id within the loop, or a round type ("system-design")
	// for the first round of that type.
	Round string
	// Question is the question id for Kind question.
	Question string
}

// MaxTurnBytes is the most one candidate turn may hold.
const MaxTurnBytes = grading.MaxAnswerBytes

// Lines the interviewer says around questions.
const (
	moveOnLine   = "In the interest of time, let's move on."
	outOfTime    = "We're out of time for this round. Let's stop here."
	roundEndLine = "That's the end of this round. Take a break if you like; the next round starts when you're ready."
	lastLine     = "That's the end of the interview. Thank you. Your report is ready."
	skipLine     = "Okay, let's skip that one."
)

func newID() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

// Start creates a session and asks its first question.
func (s *Service) Start(ctx context.Context, spec Spec) (*rehearse.Session, error) {
	if !spec.Mode.Valid() {
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "mode must be practice or real, not %q", spec.Mode)
	}
	now := s.now()
	sess := &rehearse.Session{ID: newID(), Kind: spec.Kind, Mode: spec.Mode, Owner: spec.Owner, Status: rehearse.Active, Created: now, Updated: now}
	switch spec.Kind {
	case rehearse.OneQuestion:
		q, err := s.lib.Question(spec.Question)
		if err != nil {
			return nil, err
		}
		sess.Title = q.Title
		sess.Rounds = []rehearse.SessionRound{{Index: 0, Stage: "Practice", RoundID: string(q.Round), Type: q.Round, Name: q.Round.Label(),
			Minutes: max(q.Minutes, 5), Questions: []string{q.ID}, Status: rehearse.Active}}
	case rehearse.WholeLoop, rehearse.OneRound:
		lp, err := s.loop(spec)
		if err != nil {
			return nil, err
		}
		sess.Loop, sess.Company, sess.Role = lp.ID, lp.Company, lp.Role
		sess.Title = lp.Name
		for _, st := range lp.Stages {
			for _, r := range st.Rounds {
				if spec.Kind == rehearse.OneRound && r.ID != spec.Round && string(r.Type) != spec.Round {
					continue
				}
				qs := s.pickQuestions(sess.ID, lp, r)
				if len(qs) == 0 {
					continue
				}
				sess.Rounds = append(sess.Rounds, rehearse.SessionRound{Index: len(sess.Rounds), Stage: st.Name, RoundID: r.ID, Type: r.Type,
					Name: r.Name, Minutes: r.Minutes, Questions: qs, Status: rehearse.Pending})
				if spec.Kind == rehearse.OneRound {
					break
				}
			}
			if spec.Kind == rehearse.OneRound && len(sess.Rounds) > 0 {
				break
			}
		}
		if len(sess.Rounds) == 0 {
			if spec.Kind == rehearse.OneRound {
				return nil, rehearse.Errorf(rehearse.ErrNotFound, "loop %q has no round %q with questions", lp.ID, spec.Round)
			}
			return nil, rehearse.Errorf(rehearse.ErrInvalid, "loop %q has no rounds with questions", lp.ID)
		}
		if spec.Kind == rehearse.OneRound {
			sess.Title = lp.Name + ": " + sess.Rounds[0].Name
		}
		sess.Rounds[0].Status = rehearse.Active
	default:
		return nil, rehearse.Errorf(rehearse.ErrInvalid, "kind must be loop, round or question, not %q", spec.Kind)
	}
	sess.Turns = s.opening(sess, 0, now)
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return nil, err
	}
	return s.store.Session(ctx, sess.ID, sess.Owner)
}

func (s *Service) loop(spec Spec) (*rehearse.Loop, error) {
	if spec.Guide != "" {
		g, err := s.lib.GuideBySlug(spec.Guide)
		if err != nil {
			return nil, err
		}
		return s.lib.Loop(g.Loop)
	}
	return s.lib.Loop(spec.Loop)
}

// questionsPerRound is how many questions fit a round: about one per 45
// minutes of design or coding, one per 12 minutes of behavioral talk.
func questionsPerRound(r rehearse.Round) int {
	switch r.Type {
	case rehearse.RoundBehavioral, rehearse.RoundHiringManager:
		return min(4, max(1, r.Minutes/15))
	case rehearse.RoundRecruiterScreen, rehearse.RoundConcept:
		return min(4, max(1, r.Minutes/10))
	}
	return 1
}

// pickQuestions chooses a round's questions: the pinned ones, then the
// bank's questions of the round's type, preferring the loop's company and
// the round's topics. The choice is stable for a session and varies
// between sessions.
func (s *Service) pickQuestions(seed string, lp *rehearse.Loop, r rehearse.Round) []string {
	n := questionsPerRound(r)
	picked := slices.Clone(r.Questions)
	if len(picked) >= n {
		return picked // pinned questions are all asked
	}
	type cand struct {
		id    string
		score int
		hash  uint32
	}
	var cands []cand
	for _, q := range s.lib.Questions() {
		if q.Round != r.Type || slices.Contains(picked, q.ID) {
			continue
		}
		c := cand{id: q.ID, hash: fnv(seed + r.ID + q.ID)}
		if lp.Company != "" && slices.Contains(q.Companies, lp.Company) {
			c.score += 4
		}
		if len(q.Companies) > 0 && !slices.Contains(q.Companies, lp.Company) {
			c.score -= 2 // another company's question fits less well
		}
		for _, t := range r.Topics {
			if slices.Contains(q.Topics, t) {
				c.score++
			}
		}
		cands = append(cands, c)
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.score != b.score {
			return b.score - a.score
		}
		return int(a.hash%1000) - int(b.hash%1000)
	})
	for _, c := range cands {
		if len(picked) >= n {
			break
		}
		picked = append(picked, c.id)
	}
	return picked
}

func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h ^= uint32(s[i])
		h *= 16777619
	}
	return h
}

// opening is what the interviewer says to start round ri: a greeting for
// the round and its first question.
func (s *Service) opening(sess *rehearse.Session, ri int, now time.Time) []rehearse.Turn {
	r := sess.Rounds[ri]
	intro := fmt.Sprintf("This is the %s round (%s), %d minutes.", strings.ToLower(r.Name), r.Stage, r.Minutes)
	if sess.Mode == rehearse.Practice {
		intro += " Practice mode: ask for a hint whenever you need one, and you'll get feedback after each question."
	} else {
		intro += " Real mode: no hints, and feedback comes at the end."
	}
	intro += " Ask clarifying questions whenever you like."
	return []rehearse.Turn{
		{Round: ri, Question: 0, Role: string(interviewer.Interviewer), Kind: "intro", Text: intro, At: now},
		s.promptTurn(r, ri, 0, now),
	}
}

func (s *Service) promptTurn(r rehearse.SessionRound, ri, qi int, now time.Time) rehearse.Turn {
	q, err := s.lib.Question(r.Questions[qi])
	text := r.Questions[qi]
	if err == nil {
		text = q.Prompt
	}
	return rehearse.Turn{Round: ri, Question: qi, Role: string(interviewer.Interviewer), Kind: string(interviewer.KindPrompt), Text: strings.TrimSpace(text), At: now}
}

// Get loads a session for its owner, first settling a turn left without a
// reply by a server that died between saving the answer and the reply.
func (s *Service) Get(ctx context.Context, id, owner string) (*rehearse.Session, error) {
	sess, err := s.store.Session(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	if sess.Status == rehearse.Active && len(sess.Turns) > 0 {
		last := sess.Turns[len(sess.Turns)-1]
		if last.Role == string(interviewer.Candidate) && (last.Kind == string(interviewer.KindAnswer) || last.Kind == string(interviewer.KindClarify)) {
			if err := s.reply(ctx, sess, nil); err != nil {
				return nil, err
			}
			return s.store.Session(ctx, id, owner)
		}
	}
	return sess, nil
}

// Action is something the candidate does.
type Action string

// Actions.
const (
	Say    Action = "say"    // answer, or ask a clarifying question
	Hint   Action = "hint"   // ask for a hint (practice mode)
	Done   Action = "done"   // finish the current question
	Skip   Action = "skip"   // skip the current question
	Pause  Action = "pause"  // pause the session
	Resume Action = "resume" // resume, or start the next round
)

// Input is one candidate action. ClientID makes it idempotent: the same
// action sent twice with the same id is applied once.
type Input struct {
	Action   Action
	Text     string
	ClientID string
	// Emit, when set, receives the interviewer's reply as it is produced
	// (in one piece from the built-in interviewer, in chunks from a model).
	Emit func(chunk string) error
	// Recording, for a spoken answer, is the recording it was transcribed
	// from; Heard is what the browser's own recognition heard, when it
	// did the transcribing. Either makes the answer's delivery measurable.
	Recording string
	Heard     *BrowserSpeech
}

// Act applies a candidate action and returns the session as it now is.
func (s *Service) Act(ctx context.Context, id, owner string, in Input) (*rehearse.Session, error) {
	if len(in.Text) > MaxTurnBytes {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the answer is %d KiB; the limit for one turn is %d KiB", len(in.Text)>>10, MaxTurnBytes>>10)
	}
	sess, err := s.Get(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	err = s.act(ctx, sess, in)
	if errors.Is(err, rehearse.ErrConflict) && in.ClientID != "" && hasClient(sess, in.ClientID) {
		err = nil // a re-sent action: already applied
	}
	if err != nil {
		return nil, err
	}
	return s.store.Session(ctx, id, owner)
}

func hasClient(sess *rehearse.Session, id string) bool {
	for _, t := range sess.Turns {
		if t.ClientID == id {
			return true
		}
	}
	return false
}

func (s *Service) act(ctx context.Context, sess *rehearse.Session, in Input) error {
	if in.ClientID != "" && hasClient(sess, in.ClientID) {
		return nil // already applied
	}
	switch sess.Status {
	case rehearse.Finished:
		return rehearse.Errorf(rehearse.ErrConflict, "this interview has finished; read the report or start a new one")
	case rehearse.Paused:
		if in.Action != Resume {
			return rehearse.Errorf(rehearse.ErrConflict, "the interview is paused; resume it first")
		}
	}
	now := s.now()
	cur := sess.Current()
	candidate := func(kind interviewer.Kind, text string) rehearse.Turn {
		return rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Candidate), Kind: string(kind), Text: text, ClientID: in.ClientID, At: now}
	}
	switch in.Action {
	case Say:
		text := strings.TrimSpace(in.Text)
		if text == "" {
			return rehearse.Errorf(rehearse.ErrInvalid, "the answer is empty")
		}
		if err := s.checkSpoken(ctx, sess, in.Recording, in.Heard); err != nil {
			return err
		}
		kind := interviewer.KindAnswer
		if interviewer.IsClarifying(text) {
			kind = interviewer.KindClarify
		}
		// The candidate's turn is saved before the interviewer answers.
		saved, err := s.store.Save(ctx, sess.ID, s.position(sess, candidate(kind, text)))
		if err != nil {
			return err
		}
		if in.Recording != "" || in.Heard != nil {
			if err := s.linkSpoken(ctx, sess, saved[0].Seq, in.Recording, in.Heard); err != nil {
				return err
			}
		}
		fresh, err := s.store.Session(ctx, sess.ID, sess.Owner)
		if err != nil {
			return err
		}
		return s.reply(ctx, fresh, in.Emit)
	case Hint:
		if sess.Mode != rehearse.Practice {
			return rehearse.Errorf(rehearse.ErrConflict, "hints are only available in practice mode")
		}
		return s.hint(ctx, sess, cur, candidate(interviewer.Kind("hint-request"), "Could I have a hint?"))
	case Done, Skip:
		label := "I'm done with this question."
		if in.Action == Skip {
			label = "I'd like to skip this question."
		}
		return s.closeQuestion(ctx, sess, []rehearse.Turn{candidate(interviewer.Kind(in.Action), label)}, in.Action == Skip, false)
	case Pause:
		u := s.position(sess, candidate("pause", "Pause."))
		u.Status = rehearse.Paused
		_, err := s.store.Save(ctx, sess.ID, u)
		return err
	case Resume:
		if sess.Status != rehearse.Paused {
			return nil
		}
		u := s.position(sess, candidate("resume", "Resume."))
		u.Status = rehearse.Active
		if cur != nil && cur.Status == rehearse.Pending {
			// Between rounds: start the next one.
			u.Rounds = []rehearse.RoundUpdate{{Index: sess.Round, Status: rehearse.Active}}
			u.Turns = append(u.Turns, s.opening(sess, sess.Round, now)...)
		}
		_, err := s.store.Save(ctx, sess.ID, u)
		return err
	}
	return rehearse.Errorf(rehearse.ErrInvalid, "unknown action %q", in.Action)
}

// position is an update that keeps the session where it is and appends ts.
func (s *Service) position(sess *rehearse.Session, ts ...rehearse.Turn) rehearse.SessionUpdate {
	return rehearse.SessionUpdate{Turns: ts, Status: sess.Status, Round: sess.Round, Question: sess.Question}
}

// questionTurns returns the interviewer-package turns of the current
// question, with the round's notes read as part of the answer.
func questionTurns(sess *rehearse.Session) ([]interviewer.Turn, int) {
	var out []interviewer.Turn
	hints := 0
	for _, t := range sess.Turns {
		if t.Round != sess.Round || t.Question != sess.Question {
			continue
		}
		if t.Kind == string(interviewer.KindHint) {
			hints++
		}
		out = append(out, interviewer.Turn{Role: interviewer.Role(t.Role), Kind: interviewer.Kind(t.Kind), Text: t.Text, KeyPoint: t.KeyPoint, Deeper: t.Deeper})
	}
	return out, hints
}

// withNotes adds the round's notes pane to the answer the interviewer reads,
// placed before the last turn so a clarifying question stays last.
func withNotes(ts []interviewer.Turn, notes string) []interviewer.Turn {
	if strings.TrimSpace(notes) == "" {
		return ts
	}
	n := interviewer.Turn{Role: interviewer.Candidate, Kind: interviewer.KindAnswer, Text: notes}
	if len(ts) == 0 {
		return []interviewer.Turn{n}
	}
	out := slices.Clone(ts[:len(ts)-1])
	return append(append(out, n), ts[len(ts)-1])
}

// reply asks the interviewer for its next turn after the candidate's last
// one, pacing the round: a question that has run long moves on, a round
// out of time ends.
func (s *Service) reply(ctx context.Context, sess *rehearse.Session, emit func(string) error) error {
	cur := sess.Current()
	if cur == nil {
		return nil
	}
	q, err := s.lib.Question(cur.Questions[sess.Question])
	if err != nil {
		return err
	}
	now := s.now()
	ts, _ := questionTurns(sess)
	last := ts[len(ts)-1]
	if last.Kind == interviewer.KindAnswer {
		if Spent(sess, sess.Round, -1, now) >= time.Duration(cur.Minutes)*time.Minute {
			return s.closeQuestion(ctx, sess, []rehearse.Turn{s.say("timeout", outOfTime, sess, now)}, false, true)
		}
		share := time.Duration(cur.Minutes) * time.Minute / time.Duration(len(cur.Questions))
		if Spent(sess, sess.Round, sess.Question, now) >= share+share/5 && sess.Question+1 < len(cur.Questions) {
			return s.closeQuestion(ctx, sess, []rehearse.Turn{s.say("moveon", moveOnLine, sess, now)}, false, false)
		}
	}
	if emit == nil {
		emit = func(string) error { return nil }
	}
	r, err := interviewer.Stream(ctx, s.iv, interviewer.Input{Question: q, Turns: withNotes(ts, cur.Notes)}, emit)
	if err != nil {
		return err
	}
	t := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer), Kind: string(r.Turn.Kind), Text: r.Turn.Text, KeyPoint: r.Turn.KeyPoint, Deeper: r.Turn.Deeper, At: now}
	if r.Done() {
		return s.closeQuestion(ctx, sess, []rehearse.Turn{t}, false, false)
	}
	_, err = s.store.Save(ctx, sess.ID, s.position(sess, t))
	return err
}

func (s *Service) say(kind, text string, sess *rehearse.Session, now time.Time) rehearse.Turn {
	return rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer), Kind: kind, Text: text, At: now}
}

// hint gives the candidate a nudge toward the most important point the
// answer has missed so far, without giving the answer away.
func (s *Service) hint(ctx context.Context, sess *rehearse.Session, cur *rehearse.SessionRound, req rehearse.Turn) error {
	q, err := s.lib.Question(cur.Questions[sess.Question])
	if err != nil {
		return err
	}
	ts, _ := questionTurns(sess)
	rep, err := s.grader.Grade(grading.Input{Question: q, Answer: answerText(withNotes(ts, cur.Notes))})
	if err != nil {
		return err
	}
	text := "You've covered the main points. Consider summarising your design and its trade-offs."
	kp := ""
	var given []string
	for _, t := range ts {
		if t.Kind == interviewer.KindHint {
			given = append(given, t.KeyPoint)
		}
	}
	// A judged problem's own hints come first, gentlest first: they are
	// about getting unstuck on the algorithm.
	if p, _ := s.Problem(q.ID); p != nil {
		for i, h := range p.Hints {
			id := fmt.Sprintf("problem-hint-%d", i+1)
			if !slices.Contains(given, id) {
				now := s.now()
				turn := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer), Kind: string(interviewer.KindHint),
					Text: fmt.Sprintf("Hint %d of %d: %s", i+1, len(p.Hints), h), KeyPoint: id, At: now}
				_, err = s.store.Save(ctx, sess.ID, s.position(sess, req, turn))
				return err
			}
		}
	}
	for _, m := range rep.Missing {
		if !slices.Contains(given, m.ID) {
			text = "Hint: a strong answer also covers this: " + lowerFirst(m.Label) + "."
			kp = m.ID
			break
		}
	}
	now := s.now()
	h := rehearse.Turn{Round: sess.Round, Question: sess.Question, Role: string(interviewer.Interviewer), Kind: string(interviewer.KindHint), Text: text, KeyPoint: kp, At: now}
	_, err = s.store.Save(ctx, sess.ID, s.position(sess, req, h))
	return err
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

func answerText(ts []interviewer.Turn) string {
	var parts []string
	for _, t := range ts {
		if t.Role == interviewer.Candidate && t.Kind == interviewer.KindAnswer {
			parts = append(parts, t.Text)
		}
	}
	return strings.Join(parts, "\n\n")
}

// closeQuestion ends the current question with the given turns, gives
// feedback in practice mode, and moves to the next question, the next
// round (pausing between rounds) or the end of the interview. With
// endRound, the rest of the round's questions are dropped (time is up).
func (s *Service) closeQuestion(ctx context.Context, sess *rehearse.Session, ts []rehearse.Turn, skipped, endRound bool) error {
	now := s.now()
	cur := sess.Current()
	if cur == nil {
		return rehearse.Errorf(rehearse.ErrConflict, "this interview has finished")
	}
	u := s.position(sess, ts...)
	if sess.Mode == rehearse.Practice && !skipped {
		if fb := s.feedback(sess, cur); fb != "" {
			u.Turns = append(u.Turns, s.say("feedback", fb, sess, now))
		}
	}
	next := sess.Question + 1
	if next < len(cur.Questions) && !endRound {
		u.Question = next
		u.Turns = append(u.Turns, s.promptTurn(*cur, sess.Round, next, now))
		_, err := s.store.Save(ctx, sess.ID, u)
		return err
	}
	// The round ends: grade it.
	rep, err := s.roundReport(sess, sess.Round, append(slices.Clone(sess.Turns), u.Turns...), now)
	if err != nil {
		return err
	}
	u.Rounds = []rehearse.RoundUpdate{{Index: sess.Round, Status: rehearse.Finished, Report: rep}}
	if sess.Round+1 < len(sess.Rounds) {
		u.Turns = append(u.Turns, s.say("round-end", roundEndLine, sess, now))
		u.Round, u.Question, u.Status = sess.Round+1, 0, rehearse.Paused
		_, err := s.store.Save(ctx, sess.ID, u)
		return err
	}
	u.Turns = append(u.Turns, s.say("end", lastLine, sess, now))
	u.Round, u.Question, u.Status = len(sess.Rounds), 0, rehearse.Finished
	rounds := slices.Clone(sess.Rounds)
	rounds[sess.Round].Report = rep
	deb, err := s.debrief(sess, rounds)
	if err != nil {
		return err
	}
	u.Debrief = deb
	_, err = s.store.Save(ctx, sess.ID, u)
	return err
}

// feedback is the practice-mode note after a question: its level and the
// most important gap.
func (s *Service) feedback(sess *rehearse.Session, cur *rehearse.SessionRound) string {
	q, err := s.lib.Question(cur.Questions[sess.Question])
	if err != nil {
		return ""
	}
	ts, hints := questionTurns(sess)
	rep, err := s.grader.Grade(grading.Input{Question: q, Answer: answerText(withNotes(ts, cur.Notes)), Clarifications: texts(ts, interviewer.KindClarify), HintsUsed: hints})
	if err != nil || rep.Level == nil {
		return "Feedback: not enough evidence to grade this answer. The model answer is on the question page."
	}
	fb := fmt.Sprintf("Feedback: %s (%d).", rep.LevelLabel, *rep.Level)
	var got []string
	for _, c := range rep.Covered {
		if c.Strength == "backed" || c.Strength == "decided" {
			got = append(got, lowerFirst(c.Label))
		}
	}
	if len(got) > 0 {
		fb += " Strong: " + strings.Join(got[:min(2, len(got))], "; ") + "."
	}
	if len(rep.Missing) > 0 {
		fb += " Most important gap: " + lowerFirst(rep.Missing[0].Label) + "."
	}
	return fb + " The full report and the model answer come at the end."
}

// texts returns the candidate's turns of kind k, in order.
func texts(ts []interviewer.Turn, k interviewer.Kind) []string {
	var out []string
	for _, t := range ts {
		if t.Role == interviewer.Candidate && t.Kind == k {
			out = append(out, t.Text)
		}
	}
	return out
}

// SaveNotes stores the notes pane of the current round, which the
// interviewer reads as part of the answer.
func (s *Service) SaveNotes(ctx context.Context, id, owner, notes string) (*rehearse.Session, error) {
	if len(notes) > MaxTurnBytes {
		return nil, rehearse.Errorf(rehearse.ErrTooLarge, "the notes are %d KiB; the limit is %d KiB", len(notes)>>10, MaxTurnBytes>>10)
	}
	sess, err := s.store.Session(ctx, id, owner)
	if err != nil {
		return nil, err
	}
	if sess.Current() == nil {
		return nil, rehearse.Errorf(rehearse.ErrConflict, "this interview has finished")
	}
	u := s.position(sess)
	u.Rounds = []rehearse.RoundUpdate{{Index: sess.Round, Notes: &notes}}
	if _, err := s.store.Save(ctx, id, u); err != nil {
		return nil, err
	}
	return s.store.Session(ctx, id, owner)
}
