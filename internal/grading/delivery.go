package grading

import (
	"regexp"
	"slices"
	"strings"
)

// Delivery is how an answer was said, measured by code and reported apart
// from what it said.
type Delivery struct {
	Words            int            `json:"words"`
	Sentences        int            `json:"sentences"`
	FillerWords      int            `json:"filler_words"`
	Fillers          map[string]int `json:"fillers"`
	FillersPer100    float64        `json:"fillers_per_100_words"`
	Hedges           int            `json:"hedges"`
	HedgeWords       map[string]int `json:"hedge_words"`
	AvgSentenceWords float64        `json:"avg_sentence_words"`
	LongestSentence  int            `json:"longest_sentence_words"`
	StructureMarkers int            `json:"structure_markers"`
	Rambling         bool           `json:"rambling"`
	RamblingReason   string         `json:"rambling_reason,omitempty"`
}

// Notes on deciding whether a word is a filler. Each rule keeps real uses:
// "I'd like to", "something like a queue", "do you know", "what kind of".
var (
	pureFillers   = []string{"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "mm"}
	wordFillers   = []string{"basically", "literally"}
	likeAfter     = []string{"so", "and", "but", "um", "uh", "just", "was", "yeah", "then", "like"}
	knowObjects   = []string{"what", "how", "that", "which", "whether", "if", "why", "when", "where", "who", "about", "the", "a", "it", "this"}
	knowSubjects  = []string{"do", "did", "don't", "if", "didn't", "you'd", "would", "to"}
	kindOfBefore  = []string{"what", "this", "that", "a", "the", "some", "any", "which", "these", "those", "same", "other", "every", "one"}
	hedgeSingles  = []string{"maybe", "perhaps", "probably", "possibly", "might", "somewhat", "hopefully"}
	hedgePairs    = [][2]string{{"i", "think"}, {"i", "guess"}, {"i", "believe"}, {"i", "suppose"}, {"not", "sure"}, {"i", "feel"}}
	structureText = []string{"first", "firstly", "second", "secondly", "third", "then", "next", "finally", "lastly", "overall", "summary", "summarize", "recap", "plan", "step", "trade", "so to"}
	listLine      = regexp.MustCompile(`(?m)^\s*(?:[-*•]|\d+[.)])\s+`)
)

// measureDelivery computes delivery metrics from an analysed answer.
func measureDelivery(d *doc) Delivery {
	out := Delivery{Words: d.words(), Sentences: len(d.sents), Fillers: map[string]int{}, HedgeWords: map[string]int{}}
	toks := d.tokens
	boundaryBefore := func(i int) bool {
		return i == 0 || toks[i-1].sent != toks[i].sent || toks[i-1].clause != toks[i].clause
	}
	boundaryAfter := func(i int) bool {
		return i+1 >= len(toks) || toks[i+1].sent != toks[i].sent || toks[i+1].clause != toks[i].clause
	}
	prev := func(i int) string {
		if i == 0 || toks[i-1].sent != toks[i].sent {
			return ""
		}
		return toks[i-1].lower
	}
	next := func(i int) string {
		if i+1 >= len(toks) || toks[i+1].sent != toks[i].sent {
			return ""
		}
		return toks[i+1].lower
	}
	for i, t := range toks {
		w := t.lower
		switch {
		case slices.Contains(pureFillers, w), slices.Contains(wordFillers, w):
			out.Fillers[w]++
		case w == "like":
			if slices.Contains(likeAfter, prev(i)) || boundaryAfter(i) || (boundaryBefore(i) && prev(i) != "" && !slices.Contains([]string{"i", "we", "you", "they", "would", "i'd", "we'd", "you'd"}, prev(i))) {
				out.Fillers["like"]++
			}
		case w == "know" && prev(i) == "you":
			if (i < 2 || !slices.Contains(knowSubjects, toks[i-2].lower) || toks[i-2].sent != t.sent) && (boundaryAfter(i) || !slices.Contains(knowObjects, next(i))) {
				out.Fillers["you know"]++
			}
		case w == "mean" && prev(i) == "i" && (i < 2 || boundaryBefore(i-1)):
			out.Fillers["i mean"]++
		}
		if slices.Contains(hedgeSingles, w) {
			out.HedgeWords[w]++
		}
		for _, p := range hedgePairs {
			if w == p[1] && prev(i) == p[0] {
				out.HedgeWords[p[0]+" "+p[1]]++
			}
		}
		if (w == "of") && (prev(i) == "sort" || prev(i) == "kind") && (i < 2 || !slices.Contains(kindOfBefore, toks[i-2].lower)) {
			out.HedgeWords[prev(i)+" of"]++
		}
		if slices.Contains(structureText, t.stem) || slices.Contains(structureText, w) {
			out.StructureMarkers++
		}
	}
	out.StructureMarkers += len(listLine.FindAllStringIndex(d.text, -1))
	for _, n := range out.Fillers {
		out.FillerWords += n
	}
	for _, n := range out.HedgeWords {
		out.Hedges += n
	}
	for i := range d.sents {
		out.LongestSentence = max(out.LongestSentence, d.sents[i].last-d.sents[i].first)
	}
	if out.Sentences > 0 {
		out.AvgSentenceWords = round1(float64(out.Words) / float64(out.Sentences))
	}
	if out.Words > 0 {
		out.FillersPer100 = round1(100 * float64(out.FillerWords) / float64(out.Words))
	}
	switch {
	case out.Words >= 250 && float64(out.StructureMarkers)*100/float64(out.Words) < 0.6:
		out.Rambling, out.RamblingReason = true, "a long answer with almost no structure (no plan, steps or summary)"
	case out.Words >= 120 && out.AvgSentenceWords > 40:
		out.Rambling, out.RamblingReason = true, "very long run-on sentences"
	}
	return out
}

func round1(f float64) float64 { return float64(int(f*10+0.5)) / 10 }

// words of the answer with fillers removed, used for "is this substantive".
func contentWords(d *doc) int {
	n := 0
	for _, t := range d.tokens {
		if !slices.Contains(pureFillers, t.lower) && !isStopword(t.lower) {
			n++
		}
	}
	return n
}

func isStopword(w string) bool {
	return slices.Contains(englishStopwords, w)
}

// englishStopwords are common function words; an answer with almost none is
// probably not English.
var englishStopwords = strings.Fields(`a an the and or but if then so of to in on at by for with from as is are was were be been
being it its this that these those i you he she we they me my our your their them us not no do does did have has had will would
can could should may might must there here what which who when where why how all any each some more most other than too very just`)
