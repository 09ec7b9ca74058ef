package grading

import (
	"regexp"
	"slices"
	"strings"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// injection is a sentence that tries to instruct the grader.
type injection struct {
	sent  int
	quote string
}

// injectionPatterns match text addressed to a grader or model rather than
// to an interviewer. They are matched on lower-cased sentences.
var injectionPatterns = []*regexp.Regexp{
	regexp.MustCompile(`\bignore\b.{0,40}\b(rubric|instructions?|previous|above|grading|criteria|prompt)\b`),
	regexp.MustCompile(`\b(rate|score|grade|mark|level)\b.{0,30}\b(this|my|the)\b.{0,30}\b(answer|response)\b.{0,30}\b(4|four|strong hire|5|10|perfect|maximum|highest)\b`),
	regexp.MustCompile(`\b(give|assign|award|output|return)\b.{0,30}\b(level|score|grade|rating)\s*(of\s*)?(4|four|5|10)\b`),
	regexp.MustCompile(`\b(give|assign|award|output|return)\b.{0,20}\b(a|me)?\s*(strong hire|4/4|perfect score)`),
	regexp.MustCompile(`\bas (the|an?) (grader|evaluator|ai|assistant|language model|llm)\b`),
	regexp.MustCompile(`(^|\W)(system|assistant)\s*:`),
	regexp.MustCompile(`\[\s*(calibration|grader|system|rubric|score|level)[^\]]*\]`),
	regexp.MustCompile(`\b(calibration|grader) (note|marker|override|instruction)\b`),
	regexp.MustCompile(`\byou (must|should|will) (rate|score|grade|output|give)\b`),
	regexp.MustCompile(`\b(level|score|rating)\s*[:=]\s*(4|5|10|strong hire)\b`),
	regexp.MustCompile(`\b(scoring|grading|evaluation|automated|ai) (model|system|engine|evaluator|grader|scorer|assistant)\b`),
	regexp.MustCompile(`\bnote (for|to) (the )?(scorer|grader|evaluator|reviewer|scoring|grading|model|ai)\b`),
	regexp.MustCompile(`\b(mark|treat|consider|count|score|rate|grade)\b.{0,30}\b(every|all|each)\b.{0,20}\b(key points?|points|dimensions?|criteria|boxes)\b`),
	regexp.MustCompile(`\bdo not ask (any )?follow.?up|\bdon't ask (any )?follow.?up`),
	regexp.MustCompile(`\[\s*[^\]]{0,20}\b(evaluator|grader|scorer|scoring|grading|calibration|rubric)\b`),
}

// injectionWords must appear in a sentence before the patterns are tried;
// the cheap check keeps grading fast on long answers.
var injectionWords = []string{"ignore", "rate", "score", "grade", "grading", "level", "give", "assign", "award", "output", "return", "grader", "evaluator", "assistant", "system", "calibration", "[", "you must", "you should", "you will", "model", "mark", "note", "follow", "every", "all "}

func findInjections(d *doc) []injection {
	var out []injection
	hit := make([]bool, len(d.sents))
	for i := range d.sents {
		s := strings.ToLower(d.sentenceText(i))
		if !slices.ContainsFunc(injectionWords, func(w string) bool { return strings.Contains(s, w) }) {
			continue
		}
		for _, re := range injectionPatterns {
			if re.MatchString(s) {
				hit[i] = true
				break
			}
		}
	}
	// A note set apart from the answer ([…], {…}, <!-- … -->) that holds
	// an instruction is an instruction as a whole: its other sentences
	// ("the interviewer confirmed the candidate covered X") are part of it.
	for _, span := range asideSpans(d.text) {
		var in []int
		any := false
		for i, s := range d.sents {
			if s.last > s.first && d.tokens[s.first].start < span[1] && d.tokens[s.last-1].end > span[0] {
				in = append(in, i)
				any = any || hit[i]
			}
		}
		if any {
			for _, i := range in {
				hit[i] = true
			}
		}
	}
	for i, h := range hit {
		if h {
			out = append(out, injection{sent: i, quote: d.sentenceText(i)})
		}
	}
	return out
}

// asides are the openers and closers of text set apart from an answer.
var asides = [][2]string{{"[", "]"}, {"{", "}"}, {"<!--", "-->"}}

// asideSpans returns the byte ranges of text set apart in brackets, braces
// or HTML comments.
func asideSpans(text string) [][2]int {
	var out [][2]int
	for _, a := range asides {
		from := 0
		for {
			i := strings.Index(text[from:], a[0])
			if i < 0 {
				break
			}
			i += from
			j := strings.Index(text[i+len(a[0]):], a[1])
			if j < 0 {
				break
			}
			end := i + len(a[0]) + j + len(a[1])
			out = append(out, [2]int{i, end})
			from = end
		}
	}
	return out
}

// Behavioral is the STAR(+L) breakdown and ownership measures of a story.
type Behavioral struct {
	STAR []STARPart `json:"star"`
	// PastActions counts "I did…" statements; Hypothetical counts "I would…"
	// talk. A story needs the first.
	PastActions  int  `json:"past_actions"`
	Hypothetical int  `json:"hypothetical"`
	NoStory      bool `json:"no_specific_story"`
	// IActions and WeActions count the story's actions by who did them
	// ("I rolled back", "we went through the logs"); being, thinking and
	// learning are not actions.
	IActions  int `json:"i_actions"`
	WeActions int `json:"we_actions"`
	// I and We count first-person singular and plural words.
	I       int      `json:"i_count"`
	We      int      `json:"we_count"`
	IShare  float64  `json:"i_share"`
	Results []string `json:"quantified_results"`
}

// STARPart says whether one part of a story is there, with a quote.
type STARPart struct {
	Part    string `json:"part"`
	Present bool   `json:"present"`
	Quote   string `json:"quote,omitempty"`
}

var (
	starCues = []struct {
		part string
		cues []string
	}{
		{"situation", []string{"when i was", "at my last", "at my previous", "last year", "our team", "we had", "the context", "at the time", "a few years ago", "i was working", "we were", "our service", "in my role", "background", "was on call", "went down", "there was", "we saw", "an outage", "one time", "a customer", "the project"}},
		{"task", []string{"i was responsible", "my job", "my role", "i owned", "i was asked", "the goal", "my task", "i needed to", "i had to", "i was on call", "i was the", "it was my"}},
		{"action", []string{"i decided", "i wrote", "i built", "i proposed", "i talked", "i set up", "i added", "i rolled back", "i reverted", "i checked", "i looked", "i ran", "i called", "i pulled", "i organized", "i led", "i started", "i asked", "i created", "i scheduled", "i paired", "i met", "i changed", "i found", "i traced", "i dug", "i presented", "i suggested", "i reached out", "i escalated", "i drafted", "i prototyped", "i measured", "i explained", "i shared", "i took"}},
		{"result", []string{"as a result", "the result", "in the end", "outcome", "we shipped", "i shipped", "reduced", "improved", "increased", "cut", "saved", "dropped", "went from", "down to", "up to", "no longer", "resolved", "launched", "recovered", "restored"}},
		{"learned", []string{"i learned", "i learnt", "lesson", "i'd do differently", "i would do differently", "next time", "since then", "now i", "taught me", "i realized", "i changed how", "going forward", "in hindsight", "looking back"}},
	}
	quantity = regexp.MustCompile(`(?i)(\b(\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|million|a dozen|dozens of|hundreds of|thousands of|millions of)\s*(%|percent|x\b|ms\b|milliseconds|seconds|minutes|hours|days|weeks|months|quarters|sprints|k\b|m\b|users|customers|requests|errors|tickets|incidents|people|engineers|teams|services|pages|calls|dollars|\$)|\$\s?\d|\bfrom\s+\S+\s+to\s+\S*\d|\b(half|doubled|tripled|halved)\b)`)
)

func behavioralSignals(d *doc) Behavioral {
	var b Behavioral
	lower := strings.ToLower(d.text)
	for _, sc := range starCues {
		p := STARPart{Part: sc.part}
		for _, cue := range sc.cues {
			if idx := indexWord(lower, cue); idx >= 0 {
				p.Present = true
				p.Quote = sentenceAt(d, idx)
				break
			}
		}
		b.STAR = append(b.STAR, p)
	}
	for _, t := range d.tokens {
		switch t.lower {
		case "i", "me", "my", "mine", "myself", "i'd", "i'm", "i've", "i'll":
			b.I++
		case "we", "us", "our", "ours", "ourselves", "we'd", "we're", "we've", "we'll":
			b.We++
		}
	}
	if b.I+b.We > 0 {
		b.IShare = round2(float64(b.I) / float64(b.I+b.We))
	}
	for i := range d.sents {
		s := d.sentenceText(i)
		if quantity.MatchString(s) && !slices.Contains(b.Results, s) {
			b.Results = append(b.Results, s)
		}
	}
	b.PastActions, b.Hypothetical = storySignals(d)
	b.IActions, b.WeActions = actionsBy(d)
	b.NoStory = b.PastActions < 2 && b.Hypothetical >= 2
	if len(b.Results) > 0 {
		b.STAR[3].Present = true
		if b.STAR[3].Quote == "" {
			b.STAR[3].Quote = b.Results[0]
		}
	}
	return b
}

// pastTense are irregular past forms that mark a told story ("I took", "I
// wrote"); regular ones end in -ed.
var pastTense = strings.Fields(`was were did had made took wrote built ran found went got told said led saw spent sent met brought began chose drove gave kept knew left lost paid put set thought understood won caught sold spoke felt heard held meant read became
broke fixed`)

// hypothetical marks talking about what one would do in general instead of
// telling what happened.
var hypothetical = [][]string{{"i'd"}, {"i", "would"}, {"i", "try"}, {"i", "usually"}, {"i", "always"}, {"i", "generally"}, {"i", "tend"}, {"my", "approach"}, {"i", "like", "to"}, {"you", "should"}, {"i", "typically"}}

// habitualSkip are words after "I" that do not make "I <verb>" a habit
// told in the present ("I always lean into conflict"): adverbs are looked
// past, and auxiliaries and verbs of opinion say nothing either way.
var (
	habitualAdverbs = strings.Fields(`always usually generally typically also really genuinely fully just often never try to then`)
	notHabitual     = strings.Fields(`am was were had have has would could should will can might may must did do does don't didn't think believe guess mean know remember feel hope want wanted`)
)

// storySignals counts first-person past actions ("I rewrote"), and talk
// about what one would do or habitually does ("I would…", "I always…",
// "I lean into it") instead of what happened.
func storySignals(d *doc) (past, hypo int) {
	toks := d.tokens
	for i, t := range toks {
		if (t.lower == "i" || t.lower == "we") && i+1 < len(toks) && toks[i+1].sent == t.sent {
			w := toks[i+1].lower
			if slices.Contains(pastTense, w) || (strings.HasSuffix(w, "ed") && len(w) > 3) {
				past++
			} else if t.lower == "i" {
				k := i + 1
				for k < len(toks)-1 && slices.Contains(habitualAdverbs, toks[k].lower) && toks[k+1].sent == t.sent {
					k++
				}
				v := toks[k].lower
				if k > i+1 && (slices.Contains(pastTense, v) || strings.HasSuffix(v, "ed")) {
					past++
				} else if isWordToken(v) && !slices.Contains(notHabitual, v) && !slices.Contains(pastTense, v) && !strings.HasSuffix(v, "ed") {
					hypo++
				}
			}
		}
		for _, h := range hypothetical {
			if i+len(h) > len(toks) {
				continue
			}
			ok := true
			for k, w := range h {
				if toks[i+k].lower != w {
					ok = false
					break
				}
			}
			if ok {
				hypo++
			}
		}
	}
	return past, hypo
}

// notActions are past forms that tell a state or a thought, not something
// done.
var notActions = strings.Fields(`was were had felt thought knew learned learnt realized realised understood meant`)

// actionsBy counts past actions after "I" and after "we" (an adverb
// between is looked past: "we also talked").
func actionsBy(d *doc) (mine, ours int) {
	toks := d.tokens
	for i, t := range toks {
		if t.lower != "i" && t.lower != "we" {
			continue
		}
		k := i + 1
		for k < len(toks)-1 && slices.Contains(habitualAdverbs, toks[k].lower) && toks[k+1].sent == t.sent {
			k++
		}
		if k >= len(toks) || toks[k].sent != t.sent {
			continue
		}
		w := toks[k].lower
		if slices.Contains(notActions, w) || !(slices.Contains(pastTense, w) || strings.HasSuffix(w, "ed") && len(w) > 3) {
			continue
		}
		if t.lower == "i" {
			mine++
		} else {
			ours++
		}
	}
	return mine, ours
}

// ownershipCap says why ownership is capped at 2, or "" when it is not: the
// story has no result, or is told only as "we".
func (b Behavioral) ownershipCap() string {
	noResult := !b.STAR[3].Present
	we := b.I == 0 && b.We > 0 || b.We >= 6 && b.IShare < 0.2 || b.WeActions >= 3 && b.IActions <= 1
	switch {
	case noResult && we:
		return `the story has no result, and it is told as "we", so your own part is not clear`
	case noResult:
		return "the story has no result"
	case we:
		return `the story is told as "we", so your own part is not clear`
	}
	return ""
}

// indexWord finds cue in s at word boundaries.
func indexWord(s, cue string) int {
	from := 0
	for {
		i := strings.Index(s[from:], cue)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(cue)
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return i
		}
		from = i + 1
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '\''
}

func sentenceAt(d *doc, offset int) string {
	for i, s := range d.sents {
		if offset >= s.start && offset < s.end {
			return d.sentenceText(i)
		}
	}
	return ""
}

// HiringManager is what the rules can tell about a motivation answer:
// whether it is specific to the team and grounded in the candidate's own
// experience, or generic.
type HiringManager struct {
	SpecificMentions []string `json:"specific_mentions"`
	OwnReasons       []string `json:"own_reasons"`
	GenericPhrases   []string `json:"generic_phrases"`
	GenericOnly      bool     `json:"generic_only"`
}

var (
	// genericPhrases are reasons that would fit any large employer, or
	// that are borrowed rather than the candidate's own (the mission
	// statement, "growth mindset", "scale"): the level-1 and level-2
	// anchors of the motivation rubrics.
	genericPhrases = []string{"great culture", "good culture", "amazing culture", "big company", "large company", "great company", "prestigious", "prestige", "good benefits", "great benefits", "the benefits", "work life balance", "work-life balance", "dream company", "well known", "famous", "best company", "top company", "great place to work", "good salary", "stability", "brand", "everyone wants", "always wanted", "huge impact", "growth mindset", "learn it all", "the mission", "empower every person", "everyone uses", "heard great things", "learn a lot", "at that scale", "at this scale", "industry leader", "cutting edge"}
	ownReasonCues  = []string{"because i", "in my last role", "in my current role", "at my last", "i've been", "i have been", "i built", "i worked on", "i spent", "my experience", "i want to grow", "i learned", "that's why", "which is why", "i enjoy", "i care about"}
)

func hiringManagerSignals(d *doc, q *rehearse.Question, kps []compiled) HiringManager {
	h := HiringManager{SpecificMentions: []string{}, OwnReasons: []string{}, GenericPhrases: []string{}}
	lower := strings.ToLower(d.text)
	for _, g := range genericPhrases {
		if indexWord(lower, g) >= 0 {
			h.GenericPhrases = append(h.GenericPhrases, g)
		}
	}
	for _, c := range ownReasonCues {
		if i := indexWord(lower, c); i >= 0 {
			h.OwnReasons = append(h.OwnReasons, sentenceAt(d, i))
		}
	}
	// Specific: words of the question's fact sheet (the team, its product)
	// that its rubric also looks for, e.g. "storage", "lifecycle",
	// "tiering"; everyday words of the fact sheet ("really", "roughly")
	// are not.
	rubricWords := map[string]bool{}
	for _, c := range kps {
		ps := slices.Clone(c.any)
		for _, g := range c.all {
			ps = append(ps, g...)
		}
		for _, p := range ps {
			for _, st := range p.stems {
				rubricWords[st] = true
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range q.Facts {
		for _, t := range analyze(f.Answer).tokens {
			if len(t.lower) < 5 || isStopword(t.lower) || seen[t.stem] || !rubricWords[t.stem] {
				continue
			}
			for _, at := range d.tokens {
				if at.stem == t.stem {
					seen[t.stem] = true
					h.SpecificMentions = append(h.SpecificMentions, at.lower)
					break
				}
			}
		}
	}
	h.OwnReasons = slices.Compact(h.OwnReasons)
	h.GenericOnly = len(h.GenericPhrases) > 0 && len(h.OwnReasons) == 0 && len(h.SpecificMentions) < 2
	return h
}

// isWordToken reports whether a token is a plain lower-case word.
func isWordToken(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}
