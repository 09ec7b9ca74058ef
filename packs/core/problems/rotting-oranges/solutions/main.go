//go:build ignore

// A reference solution: the judge compiles it with the problem's harness.

package main

func orangesRotting(grid [][]int) int {
	rows, cols := len(grid), len(grid[0])
	type cell struct{ i, j, t int }
	var queue []cell
	fresh := 0
	for i, row := range grid {
		for j, v := range row {
			switch v {
			case 2:
				queue = append(queue, cell{i, j, 0})
			case 1:
				fresh++
			}
		}
	}
	// Breadth-first from every rotten orange at once.
	minutes := 0
	for head := 0; head < len(queue); head++ {
		c := queue[head]
		minutes = c.t
		for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
			a, b := c.i+d[0], c.j+d[1]
			if a < 0 || a >= rows || b < 0 || b >= cols || grid[a][b] != 1 {
				continue
			}
			grid[a][b] = 2
			fresh--
			queue = append(queue, cell{a, b, c.t + 1})
		}
	}
	if fresh > 0 {
		return -1
	}
	return minutes
}
