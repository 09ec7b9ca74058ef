package grading

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
)

// token is one word of an answer: its lower-cased form, its stem, and where
// it sits (byte offsets into the text, sentence and clause index).
type token struct {
	lower  string
	stem   string
	start  int
	end    int
	sent   int
	clause int
}

// sentence is a span of the text and the range of its tokens.
type sentence struct {
	start, end  int // byte offsets
	first, last int // token indexes, last exclusive
}

// doc is an analysed answer.
type doc struct {
	text   string
	tokens []token
	sents  []sentence
	byStem map[string][]int // stem → token indexes, for find
}

// stem reduces a lower-cased word to its Porter2 stem. Contractions keep
// their apostrophe so negation ("don't") stays visible.
func stem(w string) string {
	if base, ok := strings.CutSuffix(w, "'s"); ok && !slices.Contains(sContractions, w) {
		// A possessive stems as its noun: "each other's" matches "each other".
		return english.Stem(base, true)
	}
	if strings.ContainsRune(w, '\'') {
		return w
	}
	return english.Stem(w, true)
}

// sContractions end in 's but are not possessives.
var sContractions = []string{"it's", "that's", "let's", "he's", "she's", "what's", "there's", "here's", "who's", "where's", "how's", "one's"}

// analyze splits text into sentences, clauses and words. Sentences end at
// . ! ? ; a blank line, and a line break before a list item (bullets and
// numbered items count as sentences); a line break inside a wrapped
// paragraph does not end anything. Clauses also end at commas, colons,
// dashes and parentheses.
func analyze(text string) *doc {
	d := &doc{text: text, byStem: map[string][]int{}}
	stems := map[string]string{} // each distinct word is stemmed once
	sentStart, clause := 0, 0
	firstTok := 0
	closeSentence := func(end int) {
		if len(d.tokens) > firstTok {
			d.sents = append(d.sents, sentence{start: sentStart, end: end, first: firstTok, last: len(d.tokens)})
		}
		// The next sentence starts right after this one's end, so leading
		// punctuation ("[note: …]") stays part of it.
		firstTok, sentStart = len(d.tokens), end
		clause++
	}
	i := 0
	for i < len(text) {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case isWordRune(r):
			start := i
			for i < len(text) {
				r, size := utf8.DecodeRuneInString(text[i:])
				// An apostrophe inside a word (don't, I'd) is part of it; a
				// dot between digits (1.5) too.
				if isWordRune(r) || ((r == '\'' || r == '’') && i+size < len(text) && isLetter(text[i+size:])) || (r == '.' && i > start && isDigit(text[i-1]) && i+1 < len(text) && isDigit(text[i+1])) {
					i += size
					continue
				}
				break
			}
			raw := text[start:i]
			w := strings.ToLower(strings.ReplaceAll(raw, "’", "'"))
			st, ok := stems[raw]
			if !ok {
				st = stem(w)
				if isAbbrevPlural(raw) {
					st = stem(w[:len(w)-1]) // "TTLs" is the plural of "TTL"
				}
				stems[raw] = st
			}
			d.byStem[st] = append(d.byStem[st], len(d.tokens))
			if isNumber(w) {
				d.byStem[numStem] = append(d.byStem[numStem], len(d.tokens))
			}
			d.tokens = append(d.tokens, token{lower: w, stem: st, start: start, end: i, sent: len(d.sents), clause: clause})
			if i < len(text) && text[i] == '%' && isNumber(w) {
				// "20%" reads "20 percent".
				d.byStem[percentStem] = append(d.byStem[percentStem], len(d.tokens))
				d.tokens = append(d.tokens, token{lower: "percent", stem: percentStem, start: i, end: i + 1, sent: len(d.sents), clause: clause})
				i++
			}
			continue
		case r == '.' && i > 0 && isLetter(text[i-1:]) && i+1 < len(text) && isLetter(text[i+1:]):
			// A dot inside a name ("enable.idempotence", "Node.js") ends
			// nothing.
		case r == '.' || r == '!' || r == '?' || r == ';':
			closeSentence(i + size)
		case r == '\n' && lineBreakEndsSentence(text, i):
			closeSentence(i + size)
		case r == ',' || r == ':' || r == '(' || r == ')' || r == '—' || r == '–' || (r == '-' && i+1 < len(text) && text[i+1] == ' '):
			clause++
		}
		i += size
	}
	closeSentence(len(text))
	return d
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isLetter(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

// sentenceText returns the text of sentence i, trimmed.
func (d *doc) sentenceText(i int) string {
	s := d.sents[i]
	return strings.TrimSpace(d.text[s.start:s.end])
}

// endsInQuestion reports whether sentence i ends in a question mark,
// emphasis, brackets and quotes aside.
func (d *doc) endsInQuestion(i int) bool {
	return strings.HasSuffix(strings.TrimRight(d.sentenceText(i), " *_)\"\n"), "?")
}

// words counts the tokens.
func (d *doc) words() int { return len(d.tokens) }

// phrase is a detect phrase compiled to stems.
type phrase struct {
	text  string
	stems []string
	// wide[i] is true when stem i may come up to wideGap words after the
	// previous one ("fence ... token" in a detect phrase), not just one.
	wide []bool
}

// numStem stands for "{n}" in a detect phrase: any number, in digits or
// words ("{n} days" matches "3 days" and "three days", not "days").
const numStem = "#n"

// percentStem is the stem of "percent", which a "%" after a number reads as.
var percentStem = stem("percent")

// wideGap is how many words "..." in a detect phrase lets sit between its
// two sides, within one sentence.
const wideGap = 6

// numberWords are numbers written as words.
var numberWords = strings.Fields(`one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion dozen dozens hundreds thousands millions`)

// isNumber reports whether a lower-cased word is a number.
func isNumber(w string) bool {
	if w == "" {
		return false
	}
	if isDigit(w[0]) {
		return true
	}
	return slices.Contains(numberWords, w)
}

// articles are skipped when matching, so "the token bucket" and "a token
// bucket" match "token bucket".
func isArticle(s string) bool { return s == "a" || s == "an" || s == "the" }

// compilePhrase compiles a detect phrase: its words are stemmed, articles
// dropped; "{n}" stands for any number and "..." lets up to wideGap words
// sit between the words on either side ("number ... goes up").
func compilePhrase(p string) phrase {
	out := phrase{text: p}
	for i, part := range strings.Split(strings.ReplaceAll(p, "…", "..."), "...") {
		part = strings.ReplaceAll(part, "{n}", " zznumberzz ")
		first := true
		for _, t := range analyze(part).tokens {
			if isArticle(t.lower) {
				continue
			}
			st := t.stem
			if t.lower == "zznumberzz" {
				st = numStem
			}
			out.stems = append(out.stems, st)
			out.wide = append(out.wide, first && i > 0)
			first = false
		}
	}
	return out
}

// match is one place a phrase occurs: token indexes [first, last].
type match struct {
	first, last int
}

// is reports whether token k matches stem s.
func (d *doc) is(k int, s string) bool {
	if s == numStem {
		return isNumber(d.tokens[k].lower)
	}
	return d.tokens[k].stem == s
}

// find returns every occurrence of p in d: its stems in order, each next one
// at most one extra (non-article) word after the previous (wideGap words
// after a "..."), within a sentence.
func (d *doc) find(p phrase) []match {
	if len(p.stems) == 0 {
		return nil
	}
	var out []match
	for _, i := range d.byStem[p.stems[0]] {
		t := d.tokens[i]
		j, ok := i, true
		for n, s := range p.stems[1:] {
			allowed := 1
			if p.wide[n+1] {
				allowed = wideGap
			}
			next, found := -1, false
			gap := 0
			for k := j + 1; k < len(d.tokens) && d.tokens[k].sent == t.sent; k++ {
				if d.is(k, s) {
					next, found = k, true
					break
				}
				if isArticle(d.tokens[k].lower) {
					continue
				}
				gap++
				if gap > allowed {
					break
				}
			}
			if !found {
				ok = false
				break
			}
			j = next
		}
		if ok {
			out = append(out, match{first: i, last: j})
		}
	}
	return out
}

// listItem matches the start of a bulleted or numbered line.
func listItemAt(s string) bool {
	s = strings.TrimLeft(s, " \t")
	if s == "" {
		return false
	}
	switch {
	case strings.HasPrefix(s, "**"), s[0] == '#', s[0] == '>':
		// A bold lead-in ("**Design.**") or a heading starts a new
		// sentence.
		return true
	case s[0] == '-' || s[0] == '*' || s[0] == '+':
		// A bullet is the mark and a space; "*constant* k" or "-5" at
		// the start of a wrapped line carries on the sentence.
		return len(s) > 1 && (s[1] == ' ' || s[1] == '\t')
	}
	if strings.HasPrefix(s, "•") {
		return true
	}
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')')
}

// lineBreakEndsSentence reports whether the newline at i ends a sentence:
// it is followed by a blank line or by a list item.
func lineBreakEndsSentence(text string, i int) bool {
	rest := text[i+1:]
	nl := strings.IndexByte(rest, '\n')
	line := rest
	if nl >= 0 {
		line = rest[:nl]
	}
	return strings.TrimSpace(line) == "" || listItemAt(line)
}

// isAbbrevPlural reports whether a word is an upper-case abbreviation with
// a plural s: TTLs, DBs, DLQs, APIs.
func isAbbrevPlural(w string) bool {
	if len(w) < 3 || w[len(w)-1] != 's' {
		return false
	}
	for i := 0; i < len(w)-1; i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}
