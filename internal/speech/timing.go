package speech

import (
	"math"
	"slices"
	"strings"
	"unicode"
)

// LongPause is the shortest silence, in seconds, between two words (or two
// segments) that counts as a long pause.
const LongPause = 2.0

// contextWords is how many words each side of a pause Timing quotes.
const contextWords = 5

// Timing is how an answer was paced, measured from the endpoint's
// timestamps by code. Seconds are rounded to hundredths.
type Timing struct {
	// Source says which timestamps were used: "words", "segments", or
	// "none" (the endpoint gave none; only Words is set).
	Source string `json:"source"`
	// Words counts the words spoken (tokens with a letter or digit).
	Words int `json:"words"`
	// SpeakingSeconds runs from the first word's start to the last word's
	// end, pauses included.
	SpeakingSeconds float64 `json:"speaking_seconds"`
	// WordsPerMinute is Words over SpeakingSeconds.
	WordsPerMinute float64 `json:"words_per_minute"`
	// LongPauses counts gaps of at least LongPause seconds.
	LongPauses int `json:"long_pauses"`
	// LongestPause is the longest of them, in seconds (0 if none).
	LongestPause float64 `json:"longest_pause_seconds"`
	// PauseSeconds is the total length of the long pauses.
	PauseSeconds float64 `json:"pause_seconds"`
	// PauseShare is PauseSeconds over SpeakingSeconds, from 0 to 1.
	PauseShare float64 `json:"pause_share"`
	// Pauses lists the long pauses in order, with where they happen.
	Pauses []Pause `json:"pauses"`
}

// Pause is one long pause.
type Pause struct {
	// Start is when the silence began, in seconds into the recording.
	Start float64 `json:"start"`
	// Seconds is how long it lasted.
	Seconds float64 `json:"seconds"`
	// Preceding and Following quote up to five words either side.
	Preceding string `json:"preceding"`
	Following string `json:"following"`
}

// TimingOf measures t from its word timestamps if it has any, else from
// its segments, else counts words only.
func TimingOf(t *Transcript) Timing {
	if tm := TimingFromWords(t.Words); tm.Source != "none" {
		return tm
	}
	if tm := TimingFromSegments(t.Segments); tm.Source != "none" {
		return tm
	}
	return Timing{Source: "none", Words: countWords(t.Text), Pauses: []Pause{}}
}

// TimingFromWords measures pacing from word timestamps. Entries without a
// letter or digit (punctuation, markers) and entries with impossible times
// are ignored; the rest need not be sorted.
func TimingFromWords(words []Word) Timing {
	spans := make([]span, 0, len(words))
	for _, w := range words {
		spans = append(spans, span{w.Start, w.End, w.Word, countWords(w.Word)})
	}
	return measure("words", spans)
}

// TimingFromSegments measures pacing from segment timestamps, for
// endpoints that give no word timestamps. Pauses inside a segment are
// invisible at this granularity.
func TimingFromSegments(segs []Segment) Timing {
	spans := make([]span, 0, len(segs))
	for _, s := range segs {
		spans = append(spans, span{s.Start, s.End, s.Text, countWords(s.Text)})
	}
	return measure("segments", spans)
}

type span struct {
	start, end float64
	text       string
	words      int
}

func measure(source string, all []span) Timing {
	spans := slices.DeleteFunc(all, func(s span) bool {
		bad := math.IsNaN(s.start) || math.IsNaN(s.end) || math.IsInf(s.start, 0) || math.IsInf(s.end, 0)
		return bad || s.start < 0 || s.end < s.start || s.words == 0
	})
	if len(spans) == 0 {
		return Timing{Source: "none", Pauses: []Pause{}}
	}
	slices.SortStableFunc(spans, func(a, b span) int {
		switch {
		case a.start < b.start:
			return -1
		case a.start > b.start:
			return 1
		}
		return 0
	})
	t := Timing{Source: source, Pauses: []Pause{}}
	first, lastEnd := spans[0].start, spans[0].end
	t.Words = spans[0].words
	for i := 1; i < len(spans); i++ {
		s := spans[i]
		t.Words += s.words
		// Overlapping timestamps are common (whisper stretches a word to
		// the next one's start); a gap is measured from the latest end so
		// far.
		if gap := s.start - lastEnd; gap >= LongPause {
			t.Pauses = append(t.Pauses, Pause{
				Start:     round(lastEnd, 100),
				Seconds:   round(gap, 100),
				Preceding: tailWords(spans[:i], contextWords),
				Following: headWords(spans[i:], contextWords),
			})
			t.PauseSeconds += gap
			t.LongestPause = max(t.LongestPause, gap)
		}
		lastEnd = max(lastEnd, s.end)
	}
	speaking := lastEnd - first
	t.LongPauses = len(t.Pauses)
	t.SpeakingSeconds = round(speaking, 100)
	if speaking > 0 {
		t.WordsPerMinute = round(float64(t.Words)*60/speaking, 10)
		t.PauseShare = round(t.PauseSeconds/speaking, 1000)
	}
	t.PauseSeconds = round(t.PauseSeconds, 100)
	t.LongestPause = round(t.LongestPause, 100)
	return t
}

// tailWords returns the last n words of the spans' text.
func tailWords(spans []span, n int) string {
	var out []string
	for i := len(spans) - 1; i >= 0 && len(out) < n; i-- {
		f := strings.Fields(spans[i].text)
		for j := len(f) - 1; j >= 0 && len(out) < n; j-- {
			out = append(out, f[j])
		}
	}
	slices.Reverse(out)
	return strings.Join(out, " ")
}

// headWords returns the first n words of the spans' text.
func headWords(spans []span, n int) string {
	var out []string
	for _, s := range spans {
		for _, w := range strings.Fields(s.text) {
			if len(out) == n {
				return strings.Join(out, " ")
			}
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// countWords counts the whitespace-separated tokens that hold a letter or
// a digit, so "—" and "..." are not words.
func countWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func round(x, per float64) float64 { return math.Round(x*per) / per }
