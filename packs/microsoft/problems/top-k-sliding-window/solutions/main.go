//go:build ignore

// Reference solution: counts per key over a queue of the window's events,
// and a balanced order of (count desc, key asc) kept as a sorted skip-free
// structure: a max-heap with lazy deletion, as in main.py. Each event and
// each expiry is O(log d); a query pops at most k valid entries and pushes
// them back.
package main

import (
	"bufio"
	"container/heap"
	"os"
	"strconv"
)

type entry struct {
	count int
	key   string
}

// entries is a heap ordered by count descending, then key ascending.
type entries []entry

func (h entries) Len() int { return len(h) }
func (h entries) Less(i, j int) bool {
	if h[i].count != h[j].count {
		return h[i].count > h[j].count
	}
	return h[i].key < h[j].key
}
func (h entries) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *entries) Push(x any)   { *h = append(*h, x.(entry)) }
func (h *entries) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

type event struct {
	t   int64
	key string
}

func main() {
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	word := func() string {
		var b []byte
		c, err := in.ReadByte()
		for err == nil && (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
			c, err = in.ReadByte()
		}
		for err == nil && c != ' ' && c != '\n' && c != '\r' && c != '\t' {
			b = append(b, c)
			c, err = in.ReadByte()
		}
		return string(b)
	}
	num := func(s string) int64 {
		v, _ := strconv.ParseInt(s, 10, 64)
		return v
	}
	window, n := num(word()), int(num(word()))
	var events []event
	head := 0
	count := map[string]int{}
	h := &entries{}
	change := func(key string, delta int) {
		c := count[key] + delta
		if c > 0 {
			count[key] = c
			heap.Push(h, entry{c, key})
		} else {
			delete(count, key)
		}
	}
	expire := func(now int64) {
		for head < len(events) && events[head].t <= now-window {
			change(events[head].key, -1)
			head++
		}
		if head > 1<<16 && head*2 > len(events) {
			events = append([]event(nil), events[head:]...)
			head = 0
		}
	}
	for range n {
		w := word()
		if w == "?" {
			now, k := num(word()), int(num(word()))
			expire(now)
			var top []entry
			for h.Len() > 0 && len(top) < k {
				e := heap.Pop(h).(entry)
				if count[e.key] == e.count && (len(top) == 0 || top[len(top)-1].key != e.key) {
					top = append(top, e)
				}
			}
			if len(top) == 0 {
				out.WriteString("-\n")
				continue
			}
			for i, e := range top {
				if i > 0 {
					out.WriteByte(' ')
				}
				out.WriteString(e.key)
				heap.Push(h, e)
			}
			out.WriteByte('\n')
		} else {
			t, key := num(w), word()
			expire(t)
			events = append(events, event{t, key})
			change(key, 1)
		}
		if h.Len() > 4*len(count)+1024 {
			*h = (*h)[:0]
			for key, c := range count {
				*h = append(*h, entry{c, key})
			}
			heap.Init(h)
		}
	}
}
