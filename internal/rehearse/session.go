package rehearse

import "time"

// Mode is how a mock interview is run.
type Mode string

// Modes.
const (
	// Practice: hints on request, feedback after each answer, model
	// answers on request.
	Practice Mode = "practice"
	// Real: timers, no hints, feedback only at the end.
	Real Mode = "real"
)

// Valid reports whether m is practice or real.
func (m Mode) Valid() bool { return m == Practice || m == Real }

// SessionKind says what a session covers.
type SessionKind string

// Session kinds.
const (
	WholeLoop   SessionKind = "loop"
	OneRound    SessionKind = "round"
	OneQuestion SessionKind = "question"
)

// Status of a session or round.
type Status string

// Statuses.
const (
	Active   Status = "active"
	Paused   Status = "paused"
	Finished Status = "finished"
	Pending  Status = "pending"
)

// Session is one mock interview: a loop, a round or a single question.
type Session struct {
	ID      string      `json:"id"`
	Kind    SessionKind `json:"kind"`
	Mode    Mode        `json:"mode"`
	Title   string      `json:"title"`
	Company string      `json:"company,omitempty"`
	Role    string      `json:"role,omitempty"`
	Loop    string      `json:"loop,omitempty"`
	Status  Status      `json:"status"`
	// Round and Question point at where the candidate is.
	Round    int       `json:"round"`
	Question int       `json:"question"`
	Created  time.Time `json:"created"`
	Updated  time.Time `json:"updated"`
	// Owner is a hash of the browser token (or "cli") that created the
	// session; only its owner may see it.
	Owner  string         `json:"-"`
	Rounds []SessionRound `json:"rounds"`
	Turns  []Turn         `json:"turns,omitempty"`
}

// SessionRound is one round of a session, with the questions chosen for it.
type SessionRound struct {
	Index     int       `json:"index"`
	Stage     string    `json:"stage"`
	RoundID   string    `json:"round_id"`
	Type      RoundType `json:"type"`
	Name      string    `json:"name"`
	Minutes   int       `json:"minutes"`
	Questions []string  `json:"questions"`
	Status    Status    `json:"status"`
	Notes     string    `json:"notes,omitempty"`
	// Report is the round's graded report as JSON, once the round ends.
	Report []byte `json:"-"`
}

// Turn is one utterance in a session, in order.
type Turn struct {
	Seq      int       `json:"seq"`
	Round    int       `json:"round"`
	Question int       `json:"question"`
	Role     string    `json:"role"`
	Kind     string    `json:"kind"`
	Text     string    `json:"text"`
	KeyPoint string    `json:"key_point,omitempty"`
	Deeper   bool      `json:"deeper,omitempty"`
	ClientID string    `json:"client_id,omitempty"`
	At       time.Time `json:"at"`
}

// Current returns the round the candidate is in, or nil when finished.
func (s *Session) Current() *SessionRound {
	if s.Round < 0 || s.Round >= len(s.Rounds) {
		return nil
	}
	return &s.Rounds[s.Round]
}

// SessionUpdate is a change to a session saved in one transaction: turns to
// append (the store assigns their Seq), the session's new position and
// status, round changes and the loop debrief.
type SessionUpdate struct {
	Turns    []Turn
	Status   Status
	Round    int
	Question int
	Rounds   []RoundUpdate
	Debrief  []byte
}

// RoundUpdate changes one round's status, report or notes (empty fields
// are left alone).
type RoundUpdate struct {
	Index  int
	Status Status
	Report []byte
	Notes  *string
}
