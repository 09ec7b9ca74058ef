package interviewer

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkNext is one interviewer turn after an answer: grade everything
// said so far and choose the next follow-up.
func BenchmarkNext(b *testing.B) {
	q, iv := rateLimiter(b)
	answer := strings.Repeat("I'd keep a token bucket per user in Redis, because every server must see the same count. ", 20)
	in := Input{Question: q, Turns: []Turn{
		{Role: Interviewer, Kind: KindPrompt, Text: q.Prompt},
		{Role: Candidate, Kind: KindAnswer, Text: answer},
		{Role: Interviewer, Kind: KindFollowUp, Text: "…", KeyPoint: "atomicity"},
		{Role: Candidate, Kind: KindAnswer, Text: "The check runs in one Lua script so two servers can't both pass."},
	}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := iv.Next(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
