//go:build ignore

// A reference solution: the judge compiles it with the problem's harness.

package main

func twoSum(nums []int, target int) []int {
	seen := make(map[int]int, len(nums)) // value -> its first index
	for j, x := range nums {
		if i, ok := seen[target-x]; ok {
			return []int{i, j}
		}
		if _, ok := seen[x]; !ok {
			seen[x] = j
		}
	}
	return nil
}
