package speech

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// words builds timed words from "word@start-end" triples.
func words(t *testing.T, spec string) []Word {
	t.Helper()
	var out []Word
	for _, f := range strings.Fields(spec) {
		var w Word
		at := strings.LastIndexByte(f, '@')
		w.Word = f[:at]
		if _, err := fmt.Sscanf(f[at+1:], "%g-%g", &w.Start, &w.End); err != nil {
			t.Fatalf("bad word %q: %v", f, err)
		}
		out = append(out, w)
	}
	return out
}

func TestTimingFromWords(t *testing.T) {
	tests := []struct {
		name  string
		words string
		want  Timing
	}{
		{
			name:  "steady, no long pause",
			words: "I@0-0.5 would@0.5-1 shard@1-1.5 by@1.5-2 user@2-2.5 id.@2.5-3",
			want:  Timing{Source: "words", Words: 6, SpeakingSeconds: 3, WordsPerMinute: 120, Pauses: []Pause{}},
		},
		{
			name: "two long pauses, one just under the threshold",
			// gaps: 2.5 (after "first"), 1.99 (after "then"), 4 (after "we").
			words: "So@0-0.5 first@0.5-1 um@3.5-4 then@4-4.5 we@6.49-7 shard.@11-12",
			want: Timing{
				Source: "words", Words: 6, SpeakingSeconds: 12, WordsPerMinute: 30,
				LongPauses: 2, LongestPause: 4, PauseSeconds: 6.5, PauseShare: 0.542,
				Pauses: []Pause{
					{Start: 1, Seconds: 2.5, Preceding: "So first", Following: "um then we shard."},
					{Start: 7, Seconds: 4, Preceding: "So first um then we", Following: "shard."},
				},
			},
		},
		{
			name:  "a gap of exactly two seconds counts",
			words: "yes@1-2 no@4-5",
			want: Timing{Source: "words", Words: 2, SpeakingSeconds: 4, WordsPerMinute: 30, LongPauses: 1, LongestPause: 2, PauseSeconds: 2, PauseShare: 0.5,
				Pauses: []Pause{{Start: 2, Seconds: 2, Preceding: "yes", Following: "no"}}},
		},
		{
			name: "unsorted and overlapping; the gap runs from the latest end",
			// "long" ends at 5 though "b" starts at 1: no pause before "b"; the
			// pause before "c" is 8-5=3, not 8-1.5.
			words: "c@8-9 long@0-5 b@1-1.5",
			want: Timing{Source: "words", Words: 3, SpeakingSeconds: 9, WordsPerMinute: 20, LongPauses: 1, LongestPause: 3, PauseSeconds: 3, PauseShare: 0.333,
				Pauses: []Pause{{Start: 5, Seconds: 3, Preceding: "long b", Following: "c"}}},
		},
		{
			name:  "punctuation and impossible times are ignored",
			words: "Right@0-1 ,@1-1.1 —@3-9 so@2-3 bad@5-4 then@-1-0",
			want:  Timing{Source: "words", Words: 2, SpeakingSeconds: 3, WordsPerMinute: 40, Pauses: []Pause{}},
		},
		{
			name:  "context stops at five words",
			words: "a@0-1 b@1-2 c@2-3 d@3-4 e@4-5 f@5-6 g@9-10 h@10-11 i@11-12 j@12-13 k@13-14 l@14-15",
			want: Timing{Source: "words", Words: 12, SpeakingSeconds: 15, WordsPerMinute: 48, LongPauses: 1, LongestPause: 3, PauseSeconds: 3, PauseShare: 0.2,
				Pauses: []Pause{{Start: 6, Seconds: 3, Preceding: "b c d e f", Following: "g h i j k"}}},
		},
		{
			name:  "no words",
			words: "",
			want:  Timing{Source: "none", Pauses: []Pause{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TimingFromWords(words(t, tt.words))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("timing (-want +got):\n%s", diff)
			}
		})
	}
}

func TestTimingFromSegments(t *testing.T) {
	segs := []Segment{
		{Start: 0.5, End: 6.5, Text: "I'd start with the requirements, then the API."},
		{Start: 9, End: 15, Text: "For storage, a sharded Postgres keyed by user."},
		{Start: 15.2, End: 20.5, Text: "Hot keys get their own shard."},
		{Start: 30, End: 30, Text: "…"}, // no words: ignored
	}
	got := TimingFromSegments(segs)
	want := Timing{
		Source: "segments", Words: 22, SpeakingSeconds: 20, WordsPerMinute: 66,
		LongPauses: 1, LongestPause: 2.5, PauseSeconds: 2.5, PauseShare: 0.125,
		Pauses: []Pause{{Start: 6.5, Seconds: 2.5, Preceding: "the requirements, then the API.", Following: "For storage, a sharded Postgres"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("timing (-want +got):\n%s", diff)
	}
}

func TestTimingOfPrefersWords(t *testing.T) {
	tr := &Transcript{
		Text:     "one two three",
		Segments: []Segment{{Start: 0, End: 10, Text: "one two three"}},
		Words:    []Word{{"one", 0, 1}, {"two", 4, 5}, {"three", 5, 6}},
	}
	if got := tr.Timing(); got.Source != "words" || got.LongPauses != 1 || got.SpeakingSeconds != 6 {
		t.Errorf("with words: %+v", got)
	}
	tr.Words = nil
	if got := tr.Timing(); got.Source != "segments" || got.LongPauses != 0 || got.SpeakingSeconds != 10 || got.WordsPerMinute != 18 {
		t.Errorf("with segments only: %+v", got)
	}
	tr.Segments = nil
	got := tr.Timing()
	if diff := cmp.Diff(Timing{Source: "none", Words: 3, Pauses: []Pause{}}, got); diff != "" {
		t.Errorf("text only (-want +got):\n%s", diff)
	}
}

func TestTimingNaN(t *testing.T) {
	got := TimingFromWords([]Word{{"a", math.NaN(), 1}, {"b", 0, math.Inf(1)}, {"c", 2, 3}})
	if got.Words != 1 || got.SpeakingSeconds != 1 {
		t.Errorf("NaN and Inf not ignored: %+v", got)
	}
}
