from collections import deque


class Solution:
    def orangesRotting(self, grid: list[list[int]]) -> int:
        rows, cols = len(grid), len(grid[0])
        fresh = 0
        queue = deque()
        for i, row in enumerate(grid):
            for j, v in enumerate(row):
                if v == 2:
                    queue.append((i, j, 0))
                elif v == 1:
                    fresh += 1
        minutes = 0
        # Breadth-first from every rotten orange at once: each orange rots
        # at its distance from the nearest one.
        while queue:
            i, j, t = queue.popleft()
            minutes = t
            for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
                if 0 <= a < rows and 0 <= b < cols and grid[a][b] == 1:
                    grid[a][b] = 2
                    fresh -= 1
                    queue.append((a, b, t + 1))
        return -1 if fresh else minutes
