"""Generator for rotting-oranges.

Usage: python3 gen.py SEED N   (prints one grid of about N cells)

The shape depends on SEED % 3:
  0  a snake: every other row full of oranges, joined at alternate ends,
     rotten at one end. The rot takes about N/2 minutes, so a minute-by-
     minute scan of the whole grid is quadratic
  1  random: 15% empty cells, a handful of rotten oranges, oranges no rot
     can reach removed (the answer is not -1)
  2  the snake of shape 0 and a walled-off fresh orange in the far corner
     (the answer is -1, found only after the whole snake has rotted)

The large tests were made with:
  tests/08.in = python3 gen.py 3 250000
  tests/09.in = python3 gen.py 1 250000
  tests/10.in = python3 gen.py 2 250000
and each .out is the reference solution's return value as JSON:
  python3 -c 'import json,sys; exec(open("solutions/main.py").read());
    a=[json.loads(l) for l in open(sys.argv[1])];
    print(json.dumps(Solution().orangesRotting(*a)))' tests/08.in
"""
import collections
import json
import random
import sys

seed, n = int(sys.argv[1]), max(1, int(sys.argv[2]))
rnd = random.Random(seed)
mode = seed % 3
r = max(1, min(1000, int(n ** 0.5)))
c = max(1, min(1000, n // r))


def snake():
    g = [[0] * c for _ in range(r)]
    for i in range(r):
        if i % 2 == 0:
            g[i] = [1] * c
        else:
            g[i][c - 1 if i % 4 == 1 else 0] = 1
    g[0][0] = 2
    return g


if mode == 1:
    g = [[0 if rnd.random() < 0.15 else 1 for _ in range(c)] for _ in range(r)]
    for _ in range(5):
        g[rnd.randrange(r)][rnd.randrange(c)] = 2
    seen = [[False] * c for _ in range(r)]
    q = collections.deque((i, j) for i in range(r) for j in range(c) if g[i][j] == 2)
    for i, j in q:
        seen[i][j] = True
    while q:
        i, j = q.popleft()
        for a, b in ((i + 1, j), (i - 1, j), (i, j + 1), (i, j - 1)):
            if 0 <= a < r and 0 <= b < c and g[a][b] == 1 and not seen[a][b]:
                seen[a][b] = True
                q.append((a, b))
    for i in range(r):
        for j in range(c):
            if g[i][j] == 1 and not seen[i][j]:
                g[i][j] = 0
else:
    g = snake()
    if mode == 2 and r >= 3 and c >= 3:
        i = r - 1
        g[i][c - 1], g[i][c - 2], g[i - 1][c - 1], g[i - 1][c - 2] = 1, 0, 0, 0
print(json.dumps(g, separators=(",", ":")))
