//go:build ignore

package main

import (
	"bufio"
	"fmt"
	"os"
	"sort"
	"strings"
)

func main() {
	r := bufio.NewReader(os.Stdin)
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	var win, n int64
	fmt.Fscan(r, &win, &n)
	type ev struct {
		t   int64
		key string
	}
	var events []ev
	for ; n > 0; n-- {
		var a string
		fmt.Fscan(r, &a)
		if a == "?" {
			var now int64
			var k int
			fmt.Fscan(r, &now, &k)
			c := map[string]int{}
			for _, e := range events {
				if now-win < e.t && e.t <= now {
					c[e.key]++
				}
			}
			var keys []string
			for key := range c {
				keys = append(keys, key)
			}
			sort.Slice(keys, func(i, j int) bool {
				if c[keys[i]] != c[keys[j]] {
					return c[keys[i]] > c[keys[j]]
				}
				return keys[i] < keys[j]
			})
			if len(keys) > k {
				keys = keys[:k]
			}
			if len(keys) == 0 {
				fmt.Fprintln(w, "-")
			} else {
				fmt.Fprintln(w, strings.Join(keys, " "))
			}
		} else {
			var key string
			fmt.Fscan(r, &key)
			var t int64
			fmt.Sscan(a, &t)
			events = append(events, ev{t, key})
		}
	}
}
