"""Generator for longest-increasing-subsequence.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  random values in [0, 10^5): the answer is about 2*sqrt(n)
  1  an increasing trend with noise and many repeated values: a long answer
  2  a few long decreasing runs interleaved, values in [-10^9, 10^9] from a small pool

The large tests were made with:
  tests/07.in = python3 gen.py 3 100000
  tests/08.in = python3 gen.py 1 80000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    a = [rnd.randrange(100000) for _ in range(n)]
elif mode == 1:
    a = [i // 8 + rnd.randrange(60) for i in range(n)]
else:
    pool = sorted(rnd.randint(-10**9, 10**9) for _ in range(max(1, n // 2)))
    runs = [sorted(rnd.sample(pool, min(len(pool), max(1, n // 4))), reverse=True) for _ in range(4)]
    a = [rnd.choice(runs[i % 4]) if rnd.random() < 0.3 else runs[i % 4][(i // 4) % len(runs[i % 4])] for i in range(n)]
print(n)
print(*a)
