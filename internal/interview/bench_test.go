package interview

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// BenchmarkTurn is one candidate turn server-side: the answer saved, the
// interviewer's follow-up chosen and saved, on SQLite in WAL mode. It
// reports the p50 and p99 of the turns it timed.
func BenchmarkTurn(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	var lat []time.Duration
	var s *rehearse.Session
	i := 0
	for b.Loop() {
		if s == nil || s.Status != rehearse.Active || len(s.Turns) > 40 {
			var err error
			s, err = f.svc.Start(ctx, Spec{Kind: rehearse.OneQuestion, Mode: rehearse.Real, Owner: "me", Question: "distributed-rate-limiter"})
			if err != nil {
				b.Fatal(err)
			}
		}
		i++
		start := time.Now()
		next, err := f.svc.Act(ctx, s.ID, "me", Input{Action: Say, Text: "I'd keep per-user counters in Redis because every server must see the same count, and make the check one Lua script.", ClientID: fmt.Sprint("b", i)})
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		s = next
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}
