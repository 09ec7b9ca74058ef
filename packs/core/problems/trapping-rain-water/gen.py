"""Generator for trapping-rain-water.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  random heights in [0, 10^4)
  1  two walls of height 10^9 at the ends around low ground (answer near 10^9 * n)
  2  a random mountain range: a rising then falling trend with noise

The large tests were made with:
  tests/07.in = python3 gen.py 3 100000
  tests/08.in = python3 gen.py 1 100000
  tests/09.in = python3 gen.py 2 50000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    h = [rnd.randrange(10000) for _ in range(n)]
elif mode == 1:
    h = [rnd.randrange(10) for _ in range(n)]
    h[0] = h[-1] = 10**9
else:
    peak = rnd.randrange(n)
    h = [max(0, (i if i <= peak else 2 * peak - i) * 3 + rnd.randrange(-1000, 1000)) for i in range(n)]
print(n)
print(*h)
