package judge

import (
	"context"
	"sync"

	"github.com/rehearse/rehearse/internal/rehearse"
)

// Queue admits submissions to the judge in arrival order, a few at a
// time, so that fifty at once finish one after another instead of all
// crawling together, and each waiting one can be told its place.
type Queue struct {
	mu      sync.Mutex
	running int
	limit   int
	max     int // most that may wait
	waiting []*ticket
}

type ticket struct {
	ready chan struct{}
	moved chan struct{} // buffered: the place changed
}

// NewQueue lets running submissions judge at once and at most waiting
// more wait.
func NewQueue(running, waiting int) *Queue {
	return &Queue{limit: max(running, 1), max: waiting}
}

// Wait blocks until the submission may run, calling position (when not
// nil) with its place in the line (1 = next) whenever that changes. The
// caller must call the returned release when done. A full line is an
// ErrUnavailable error; a cancelled ctx leaves the line.
func (q *Queue) Wait(ctx context.Context, position func(int)) (release func(), err error) {
	q.mu.Lock()
	if q.running < q.limit && len(q.waiting) == 0 {
		q.running++
		q.mu.Unlock()
		return q.release, nil
	}
	if len(q.waiting) >= q.max {
		n := len(q.waiting)
		q.mu.Unlock()
		return nil, rehearse.Errorf(rehearse.ErrUnavailable, "the judge is busy: %d submissions are waiting; try again in a minute", n)
	}
	t := &ticket{ready: make(chan struct{}), moved: make(chan struct{}, 1)}
	q.waiting = append(q.waiting, t)
	t.moved <- struct{}{}
	q.mu.Unlock()
	for {
		select {
		case <-t.ready:
			return q.release, nil
		case <-t.moved:
			// Told from this goroutine, never under the lock: a slow
			// listener must not hold up the line.
			if pos := q.place(t); pos > 0 && position != nil {
				position(pos)
			}
			continue
		case <-ctx.Done():
		}
		q.mu.Lock()
		select {
		case <-t.ready: // admitted just now: give the place back
			q.mu.Unlock()
			q.release()
		default:
			for i, w := range q.waiting {
				if w == t {
					q.waiting = append(q.waiting[:i], q.waiting[i+1:]...)
					break
				}
			}
			q.tell()
			q.mu.Unlock()
		}
		return nil, ctx.Err()
	}
}

// place is t's place in line, 0 when it is no longer waiting.
func (q *Queue) place(t *ticket) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, w := range q.waiting {
		if w == t {
			return i + 1
		}
	}
	return 0
}

// Running is how many submissions are being judged.
func (q *Queue) Running() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.running
}

// Waiting is how many submissions are in line.
func (q *Queue) Waiting() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.waiting)
}

func (q *Queue) release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.waiting) == 0 {
		q.running--
		return
	}
	next := q.waiting[0]
	q.waiting = q.waiting[1:]
	close(next.ready) // the place passes straight to the next in line
	q.tell()
}

// tell lets every waiting submission know its place changed; called
// with mu held.
func (q *Queue) tell() {
	for _, w := range q.waiting {
		select {
		case w.moved <- struct{}{}:
		default: // already told
		}
	}
}
