package grading

// Text helpers for other packages (the interviewer matches clarifying
// questions against a fact sheet with the same normalising as grading).

// Stems returns the stems of the words of text that are not function words.
func Stems(text string) []string {
	var out []string
	for _, t := range analyze(text).tokens {
		if !isStopword(t.lower) {
			out = append(out, t.stem)
		}
	}
	return out
}

// PhraseIndex returns the byte offset in text where phrase first matches
// under the same rules as detect phrases (stems in order, at most one
// extra word between them), or -1.
func PhraseIndex(text, phrase string) int {
	d := analyze(text)
	ms := d.find(compilePhrase(phrase))
	if len(ms) == 0 {
		return -1
	}
	first := ms[0].first
	for _, m := range ms[1:] {
		first = min(first, m.first)
	}
	return d.tokens[first].start
}

// PhraseLen is the number of words a phrase matches on.
func PhraseLen(phrase string) int { return len(compilePhrase(phrase).stems) }
