"""Generator for two-sum-count.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  values spread over [-R, R] with R about n, T the sum of two random elements
  1  values 0 and 1 only, T = 1 (the answer is about n^2/4, over 2^31)
  2  values spread over the full range [-10^9, 10^9] with planted pairs

The large tests were made with:
  tests/07.in = python3 gen.py 3 100000
  tests/08.in = python3 gen.py 1 100000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    r = max(1, n)
    a = [rnd.randint(-r, r) for _ in range(n)]
    t = a[rnd.randrange(n)] + a[rnd.randrange(n)]
elif mode == 1:
    a = [rnd.randint(0, 1) for _ in range(n)]
    t = 1
else:
    pool = [rnd.randint(-10**9, 10**9) for _ in range(max(1, n // 4))]
    t = rnd.randint(-10**9, 10**9)
    a = []
    for _ in range(n):
        x = rnd.choice(pool)
        if rnd.random() < 0.5 and -10**9 <= t - x <= 10**9:
            x = t - x
        a.append(x)
print(n, t)
print(*a)
