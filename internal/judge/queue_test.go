package judge

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Fifty submissions at once: at most `limit` run together, all run, in
// arrival order, and each waiting one hears its place count down.
func TestQueueFifty(t *testing.T) {
	for _, limit := range []int{1, 2} {
		t.Run(fmt.Sprint(limit), func(t *testing.T) { testQueueFifty(t, limit) })
	}
}

func testQueueFifty(t *testing.T, limit int) {
	q := NewQueue(limit, 100)
	var mu sync.Mutex
	running, most := 0, 0
	var order []int
	places := map[int][]int{}
	var wg sync.WaitGroup
	gate := make(chan struct{})
	// The first two hold their places until every other one is queued.
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			release, err := q.Wait(context.Background(), func(p int) {
				mu.Lock()
				places[i] = append(places[i], p)
				mu.Unlock()
			})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			running++
			most = max(most, running)
			order = append(order, i)
			mu.Unlock()
			if i < limit {
				<-gate
			}
			mu.Lock()
			running--
			mu.Unlock()
			release()
		}()
		if i < limit {
			for q.Running() != i+1 {
				time.Sleep(time.Millisecond)
			}
		} else {
			for q.Waiting() != i-limit+1 {
				time.Sleep(time.Millisecond)
			}
		}
	}
	close(gate)
	wg.Wait()
	if len(order) != 50 {
		t.Fatalf("%d of 50 ran", len(order))
	}
	if most > limit {
		t.Errorf("%d ran at once, want at most %d", most, limit)
	}
	if limit == 1 {
		for k := range 50 {
			if order[k] != k {
				t.Fatalf("run order %v: not first come, first served", order)
			}
		}
	}
	// Places are told as they change (quick moves may merge), never
	// going back.
	p := places[49]
	if len(p) == 0 || p[0] != 50-limit {
		t.Errorf("the 50th heard places %v, want %d counting down", p, 50-limit)
	}
	for k := 1; k < len(p); k++ {
		if p[k] > p[k-1] {
			t.Errorf("the 50th heard places %v: went back", p)
		}
	}
	if q.Running() != 0 || q.Waiting() != 0 {
		t.Errorf("left running %d, waiting %d", q.Running(), q.Waiting())
	}
}

func TestQueueFullAndCancel(t *testing.T) {
	q := NewQueue(1, 1)
	release, err := q.Wait(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := q.Wait(ctx, nil); done <- err }()
	for q.Waiting() != 1 {
		time.Sleep(time.Millisecond)
	}
	if _, err := q.Wait(context.Background(), nil); !errors.Is(err, rehearse.ErrUnavailable) {
		t.Errorf("a full line: %v, want unavailable", err)
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled wait: %v", err)
	}
	release()
	if r2, err := q.Wait(context.Background(), nil); err != nil {
		t.Errorf("after release: %v", err)
	} else {
		r2()
	}
	if q.Running() != 0 || q.Waiting() != 0 {
		t.Errorf("left running %d, waiting %d", q.Running(), q.Waiting())
	}
}

// A waiting submission hears its place as each one ahead finishes.
func TestQueuePlaces(t *testing.T) {
	q := NewQueue(1, 10)
	release, _ := q.Wait(context.Background(), nil)
	heard := make(chan int, 10)
	releases := make(chan func(), 3)
	for i := range 3 {
		go func() {
			var tell func(int)
			if i == 2 {
				tell = func(p int) { heard <- p }
			}
			r, err := q.Wait(context.Background(), tell)
			if err != nil {
				t.Error(err)
			}
			releases <- r
		}()
		for q.Waiting() != i+1 {
			time.Sleep(time.Millisecond)
		}
	}
	for _, want := range []int{3, 2, 1} {
		select {
		case got := <-heard:
			if got != want {
				t.Fatalf("heard place %d, want %d", got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("never heard place %d", want)
		}
		release()
		release = <-releases
	}
	release()
}
