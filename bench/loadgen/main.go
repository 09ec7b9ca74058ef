// Command loadgen plays many simulated candidates against a Rehearse server
// on loopback at once and prints the latency of their turns. It is bounded
// in count and time and stops by itself. Run it through bench/turns.sh.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	addr := flag.String("addr", "http://127.0.0.1:8080", "server base URL (loopback only)")
	candidates := flag.Int("candidates", 200, "concurrent simulated candidates")
	turns := flag.Int("turns", 10, "answers per candidate")
	limit := flag.Duration("timeout", 2*time.Minute, "stop after this long whatever happens")
	flag.Parse()
	u, err := url.Parse(*addr)
	if err != nil || !(strings.HasPrefix(u.Hostname(), "127.") || u.Hostname() == "localhost" || u.Hostname() == "::1") {
		fmt.Fprintln(os.Stderr, "loadgen: only loopback addresses are allowed")
		os.Exit(2)
	}
	deadline := time.Now().Add(*limit)
	var mu sync.Mutex
	var lat []time.Duration
	var errs []string
	var wg sync.WaitGroup
	start := time.Now()
	for c := range *candidates {
		wg.Add(1)
		go func() {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			cl := &http.Client{Jar: jar, Timeout: 30 * time.Second}
			fail := func(e error) { mu.Lock(); errs = append(errs, e.Error()); mu.Unlock() }
			var s struct{ ID string }
			begin := func() bool {
				resp, err := cl.Post(*addr+"/api/v1/sessions", "application/json", strings.NewReader(`{"kind":"question","question":"distributed-rate-limiter","mode":"real"}`))
				if err != nil {
					fail(err)
					return false
				}
				json.NewDecoder(resp.Body).Decode(&s)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated {
					fail(fmt.Errorf("start: %d", resp.StatusCode))
					return false
				}
				return true
			}
			if !begin() {
				return
			}
			for t := range *turns {
				if time.Now().After(deadline) {
					return
				}
				body, _ := json.Marshal(map[string]string{"action": "say", "client_id": fmt.Sprintf("c%d-t%d", c, t),
					"text": "I'd keep per-user counters in Redis because every server must see the same count, and make the check one Lua script."})
				t0 := time.Now()
				resp, err := cl.Post(*addr+"/api/v1/sessions/"+s.ID+"/act", "application/json", bytes.NewReader(body))
				if err != nil {
					fail(err)
					continue
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				if resp.StatusCode != http.StatusOK || bytes.Contains(b, []byte(`"error"`)) {
					fail(fmt.Errorf("turn: %d %.100s", resp.StatusCode, b))
					continue
				}
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
				// The interviewer closes the question after its follow-ups;
				// a candidate who keeps practising starts another.
				if bytes.Contains(b, []byte(`"status":"finished"`)) && !begin() {
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p int) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, len(lat)*p/100)]
	}
	fmt.Printf("candidates %d, turns %d ok, %d errors, %.1fs, %.0f turns/s\n", *candidates, len(lat), len(errs), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds())
	fmt.Printf("turn latency over HTTP: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", ms(pct(50)), ms(pct(99)), ms(pct(100)))
	for i, e := range errs {
		if i == 5 {
			break
		}
		fmt.Println("error:", e)
	}
	if len(errs) > 0 {
		os.Exit(1)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
