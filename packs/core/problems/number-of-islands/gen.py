"""Generator for number-of-islands.

Usage: python3 gen.py SEED N   (prints one grid with about N cells)

The shape depends on SEED % 3:
  0  random land with density about 0.45 (many islands of all sizes)
  1  one snake-shaped island covering about a third of the grid, plus random
     extra land cells (most join the snake): deep for recursive fills and
     quadratic for a fresh search from every cell
  2  random land with density about 0.6 (one giant island and some small ones)

The large tests were made with:
  tests/07.in = python3 gen.py 3 300000
  tests/08.in = python3 gen.py 1 300000
  tests/09.in = python3 gen.py 2 200000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
r = max(1, min(1000, int(n ** 0.5 * rnd.uniform(0.7, 1.3))))
c = max(1, min(1000, n // r))
if mode == 1:
    g = [[0] * c for _ in range(r)]
    for i in range(r):
        if i % 3 == 0:
            g[i] = [1] * c
        elif i % 3 == 1:
            g[i][c - 1 if (i // 3) % 2 == 0 else 0] = 1
            g[i][(c - 1) // 2] = 1 if rnd.random() < 0.5 and c > 4 else 0
        else:
            g[i][c - 1 if (i // 3) % 2 == 0 else 0] = 1
    for _ in range(max(1, n // 100)):
        i, j = rnd.randrange(r), rnd.randrange(c)
        g[i][j] = 1
elif mode == 0:
    g = [[1 if rnd.random() < 0.45 else 0 for _ in range(c)] for _ in range(r)]
else:
    g = [[1 if rnd.random() < 0.6 else 0 for _ in range(c)] for _ in range(r)]
print(r, c)
print('\n'.join(''.join(map(str, row)) for row in g))
