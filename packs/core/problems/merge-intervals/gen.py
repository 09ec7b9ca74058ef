"""Generator for merge-intervals.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  many short intervals over a wide range: most stay separate
  1  intervals of mixed lengths over a narrow range: long chains merge
  2  small coordinates (about [-n, n]) with many touching endpoints

The large tests were made with:
  tests/07.in = python3 gen.py 3 25000
  tests/08.in = python3 gen.py 1 30000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
mode = seed % 3
out = [str(n)]
for _ in range(n):
    if mode == 0:
        l = rnd.randint(0, 999990)
        r = l + rnd.randint(0, 12)
    elif mode == 1:
        l = rnd.randint(-99999, 99999)
        r = min(99999, l + int(rnd.expovariate(1 / 6)))
    else:
        m = max(1, n)
        l = rnd.randint(-m, m)
        r = l + rnd.randint(0, 2)
    out.append(f'{l} {r}')
print('\n'.join(out))
