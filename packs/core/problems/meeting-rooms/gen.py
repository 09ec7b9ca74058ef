"""Generator for meeting-rooms.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  short meetings spread over a day of 10^6 time units
  1  long meetings that overlap heavily (the answer is in the thousands)
  2  meetings on a small grid of times: many shared and touching endpoints

The large tests were made with:
  tests/07.in = python3 gen.py 3 40000
  tests/08.in = python3 gen.py 1 40000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
mode = seed % 3
out = [str(n)]
for _ in range(n):
    if mode == 0:
        s = rnd.randint(0, 999000)
        e = s + rnd.randint(1, 600)
    elif mode == 1:
        s = rnd.randint(0, 900000)
        e = s + rnd.randint(1, 99999)
    else:
        m = max(2, n // 2)
        s = rnd.randint(0, m - 1)
        e = s + rnd.randint(1, 3)
    out.append(f'{s} {e}')
print('\n'.join(out))
