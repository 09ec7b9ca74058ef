package rehearse

import "time"

// RecordingStatus is where a spoken answer's recording stands.
type RecordingStatus string

// Recording statuses, in the order a recording usually passes through
// them.
const (
	// Receiving: audio is arriving in chunks while the candidate speaks.
	// A recording left here by a closed tab keeps what arrived.
	Receiving RecordingStatus = "receiving"
	// Queued: the audio is complete (or cut off and accepted as it is) and
	// waits for the transcription worker.
	Queued RecordingStatus = "queued"
	// Transcribing: the worker has sent it to the endpoint.
	Transcribing RecordingStatus = "transcribing"
	// Transcribed: the transcript is stored.
	Transcribed RecordingStatus = "done"
	// Failed: transcription failed; Error says why and Retryable whether
	// the same audio may succeed later.
	Failed RecordingStatus = "failed"
	// Stored: the audio is kept without server transcription (no endpoint;
	// the browser's recognition gave the text).
	Stored RecordingStatus = "stored"
)

// Terminal reports whether no more work is pending on the recording.
func (s RecordingStatus) Terminal() bool {
	return s == Transcribed || s == Failed || s == Stored
}

// Recording is one spoken answer: its audio while it is kept, and what was
// heard in it. The audio itself is read separately.
type Recording struct {
	ID       string `json:"id"`
	Session  string `json:"session"`
	Round    int    `json:"round"`
	Question int    `json:"question"`
	// Format is the container found from the audio's first bytes ("webm",
	// "wav", …), or "" when no audio was uploaded (the browser's own
	// recognition heard the answer).
	Format string `json:"format"`
	// Bytes counts the audio bytes received.
	Bytes int64 `json:"bytes"`
	// HasAudio says the audio is stored now; it goes once transcribed
	// unless Keep, and whenever the candidate deletes it.
	HasAudio bool `json:"has_audio"`
	Keep     bool `json:"keep"`
	// Complete says the whole recording arrived; false for one cut off
	// (a closed tab, a lost connection, a limit reached).
	Complete bool `json:"complete"`
	// Source says who transcribed it: "server" (the speech endpoint) or
	// "browser" (the browser's speech recognition).
	Source string          `json:"source"`
	Status RecordingStatus `json:"status"`
	// Error, ErrorKind and Retryable describe a failure.
	Error     string `json:"error,omitempty"`
	ErrorKind string `json:"error_kind,omitempty"`
	Retryable bool   `json:"retryable,omitempty"`
	// Transcript is the transcript as JSON (speech.Transcript), nil until
	// transcribed or after the candidate deletes it.
	Transcript []byte `json:"-"`
	Attempts   int    `json:"attempts"`
	// TurnSeq is the answer turn the recording became, 0 until sent.
	TurnSeq int       `json:"turn_seq,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// RecordingUpdate changes a recording's state; nil fields are left alone.
type RecordingUpdate struct {
	Status     *RecordingStatus
	Complete   *bool
	Error      *string
	ErrorKind  *string
	Retryable  *bool
	Transcript []byte // nil: unchanged
	// ClearTranscript removes the transcript.
	ClearTranscript bool
	Source          *string
	TurnSeq         *int
	// DropAudio deletes the audio in the same write (a transcript saved
	// and its audio gone together, never one without the other).
	DropAudio bool
}
