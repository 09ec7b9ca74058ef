"""Generator for kth-largest-stream.

Usage: python3 gen.py SEED N   (prints one input with N tokens)

About one token in ten is a query ("?"); the last token is always a query.
The shape depends on SEED % 3:
  0  k about n/3, random values in [0, 10^5): a big heap
  1  k = 1 .. 20, increasing values with noise, so most numbers enter the top k
  2  k random in [1, n], values in [-10^9, 10^9] from a small pool (duplicates)

The large tests were made with:
  tests/07.in = python3 gen.py 3 130000
  tests/08.in = python3 gen.py 1 60000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
toks = []
if mode == 0:
    k = max(1, n // 3)
    val = lambda i: rnd.randrange(100000)
elif mode == 1:
    k = rnd.randint(1, 20)
    val = lambda i: i // 2 + rnd.randrange(1000)
else:
    k = rnd.randint(1, n)
    pool = [rnd.randint(-10**9, 10**9) for _ in range(max(1, n // 3))]
    val = lambda i: rnd.choice(pool)
for i in range(n - 1):
    toks.append('?' if rnd.random() < 0.1 else str(val(i)))
toks.append('?')
print(k, n)
print(' '.join(toks))
