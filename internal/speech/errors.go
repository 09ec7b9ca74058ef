package speech

import (
	"errors"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Kind says what went wrong with a transcription, so a caller can choose
// between "try again" (the endpoint's fault; keep the audio) and "record
// again" (the recording's fault).
type Kind int

// The kinds of Error.
const (
	// KindBadAudio: the recording is empty, in a format Rehearse does not
	// accept, or has a malformed header. Found before any network call.
	KindBadAudio Kind = iota + 1
	// KindTooLarge: the recording is over the size limit (ours, found before
	// sending, or the endpoint's, answered with 413).
	KindTooLarge
	// KindTooLong: the recording is over the duration limit, by its header
	// (WAV, before sending) or by the endpoint's reported duration.
	KindTooLong
	// KindNoSpeech: the endpoint found no speech: silence, noise, or only
	// markers such as [BLANK_AUDIO].
	KindNoSpeech
	// KindRejected: the endpoint refused this request as malformed (400,
	// 415, 422, or whisper.cpp's error object), e.g. it could not decode
	// the audio or does not know the model. The endpoint's message says
	// which.
	KindRejected
	// KindUnavailable: the endpoint cannot be reached, failed (5xx), is
	// overloaded (429), refused the key (401, 403) or is not at the
	// configured URL (404, 405).
	KindUnavailable
	// KindTimeout: the endpoint did not answer within the client's timeout
	// or the caller's deadline.
	KindTimeout
	// KindBadResponse: the endpoint answered 2xx with something that is not
	// a transcription: malformed JSON, no text field, or too large a body.
	KindBadResponse
)

// String names the kind for logs and JSON.
func (k Kind) String() string {
	switch k {
	case KindBadAudio:
		return "bad-audio"
	case KindTooLarge:
		return "too-large"
	case KindTooLong:
		return "too-long"
	case KindNoSpeech:
		return "no-speech"
	case KindRejected:
		return "rejected"
	case KindUnavailable:
		return "unavailable"
	case KindTimeout:
		return "timeout"
	case KindBadResponse:
		return "bad-response"
	}
	return "unknown"
}

// Retryable reports whether the same audio may succeed later: the fault
// lies with the endpoint, not the recording, so the caller should keep the
// audio and offer to try again (or to type instead).
func (k Kind) Retryable() bool {
	return k == KindUnavailable || k == KindTimeout || k == KindBadResponse
}

// Error is a failed transcription or check. Its message is written for the
// user; Kind is for the program. It matches the rehearse error kinds under
// errors.Is (ErrInvalid, ErrTooLarge or ErrUnavailable) and its cause, if
// any (e.g. context.Canceled).
type Error struct {
	Kind Kind
	// Status is the endpoint's HTTP status, or 0 when it gave none.
	Status int
	// Msg is the message shown to the user.
	Msg string
	// Err is the underlying cause, or nil.
	Err error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap returns the rehearse kind and the cause.
func (e *Error) Unwrap() []error {
	errs := []error{e.Kind.sentinel()}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

func (k Kind) sentinel() error {
	switch k {
	case KindTooLarge, KindTooLong:
		return rehearse.ErrTooLarge
	case KindUnavailable, KindTimeout, KindBadResponse:
		return rehearse.ErrUnavailable
	}
	return rehearse.ErrInvalid
}

// KindOf returns the Kind of err if it is (or wraps) an *Error, else 0.
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}

// Retryable reports whether err is a speech error whose audio may succeed
// later (see Kind.Retryable).
func Retryable(err error) bool { return KindOf(err).Retryable() }

func fail(k Kind, status int, cause error, msg string) *Error {
	return &Error{Kind: k, Status: status, Msg: msg, Err: cause}
}
