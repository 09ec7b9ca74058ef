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

// ContainsPhrase reports whether phrase occurs in text under the same rules
// as detect phrases: stems in order, at most one extra word between them.
func ContainsPhrase(text, phrase string) bool {
	return len(analyze(text).find(compilePhrase(phrase))) > 0
}

// PhraseLen is the number of words a phrase matches on.
func PhraseLen(phrase string) int { return len(compilePhrase(phrase).stems) }
