"""Generator for longest-substring-no-repeat.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  codes drawn from a small range (size about n/20): many short blocks
  1  a shuffled run of distinct codes with a few repeats planted far apart,
     so the longest block is long (restarting from each index is O(n^2))
  2  codes drawn from a range of size about sqrt(n), values up to 10^9

The large tests were made with:
  tests/07.in = python3 gen.py 1 90000
  tests/08.in = python3 gen.py 3 90000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    r = max(1, n // 20)
    c = [rnd.randint(0, r) for _ in range(n)]
elif mode == 1:
    c = rnd.sample(range(max(n, 10) * 2), n)
    for _ in range(max(1, n // 20000)):
        i = rnd.randrange(n)
        j = rnd.randrange(n)
        c[j] = c[i]
else:
    pool = [rnd.randint(0, 10**9) for _ in range(max(1, int(n ** 0.5)))]
    c = [rnd.choice(pool) for _ in range(n)]
print(n)
print(*c)
