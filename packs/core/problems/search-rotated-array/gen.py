"""Generator for search-rotated-array.

Usage: python3 gen.py SEED N   (prints one input with n = q = N)

About half the queries are present in the array. The shape depends on SEED % 3:
  0  values in [0, 10 n), a random rotation
  1  values in [-10^9, 10^9], rotation near one end
  2  no rotation or a rotation by one

The large tests were made with:
  tests/07.in = python3 gen.py 3 40000
  tests/08.in = python3 gen.py 1 20000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 1:
    vals = sorted(rnd.sample(range(-10**9, 10**9 + 1), n))
    r = rnd.choice([rnd.randrange(min(n, 3)), n - 1 - rnd.randrange(min(n, 3))])
else:
    vals = sorted(rnd.sample(range(10 * n), n))
    r = rnd.randrange(n) if mode == 0 else rnd.randrange(min(2, n))
arr = vals[r:] + vals[:r]
lo, hi = vals[0], vals[-1]
queries = [rnd.choice(arr) if rnd.random() < 0.5 else rnd.randint(lo - 2, hi + 2) for _ in range(n)]
print(n, n)
print(*arr)
print(*queries)
