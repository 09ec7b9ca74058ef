"""Generator for daily-temperatures.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  a random walk clipped to [-100, 100]
  1  a long plateau of one temperature with rare dips, and a warmer day only
     at the very end: scanning forward from each day is quadratic
  2  independent random temperatures in [-100, 100]

The large tests were made with:
  tests/07.in = python3 gen.py 3 70000
  tests/08.in = python3 gen.py 1 80000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    t, x = [], rnd.randint(-20, 40)
    for _ in range(n):
        x = max(-100, min(100, x + rnd.randint(-3, 3)))
        t.append(x)
elif mode == 1:
    t = [7 if rnd.random() < 0.97 else rnd.randint(-9, 6) for _ in range(n)]
    t[-1] = 8
else:
    t = [rnd.randint(-100, 100) for _ in range(n)]
print(n)
print(*t)
