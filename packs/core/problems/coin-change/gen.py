"""Generator for coin-change.

Usage: python3 gen.py SEED N   (prints one input with A = N)

The shape depends on SEED % 3:
  0  100 denominations: 97 large ones (at least A/20) and 3 small ones
  1  100 denominations in [2, 300]: answers in the dozens
  2  a few denominations sharing a common factor with A off by one (answer -1)

The large tests were made with:
  tests/07.in = python3 gen.py 3 20000
  tests/08.in = python3 gen.py 1 19999
  tests/09.in = python3 gen.py 2 20000
"""
import random
import sys

seed, a = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
mode = seed % 3
top = max(2, a)
if mode == 0:
    coins = [rnd.randint(top // 20 + 2, top) for _ in range(97)] + [rnd.randint(2, 50) for _ in range(3)]
elif mode == 1:
    coins = [rnd.randint(2, min(top, 300)) for _ in range(100)]
else:
    g = rnd.randint(2, 9)
    coins = [g * rnd.randint(1, max(1, top // g)) for _ in range(rnd.randint(1, 100))]
    if a % g == 0 and a > 0:
        a -= 1
print(len(coins), a)
print(*coins)
