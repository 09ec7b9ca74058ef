"""Generator for subarray-sum-k.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  values in [-10, 10], K small: many matching subarrays
  1  all zeros with K = 0 (the answer is n(n+1)/2, far above 2^31)
  2  values in [-10^4, 10^4], K the sum of a random subarray

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
    a = [rnd.randint(-10, 10) for _ in range(n)]
    k = rnd.randint(-5, 5)
elif mode == 1:
    a = [0] * n
    k = 0
else:
    a = [rnd.randint(-10**4, 10**4) for _ in range(n)]
    i = rnd.randrange(n)
    j = rnd.randint(i, min(n - 1, i + 50))
    k = sum(a[i:j + 1])
print(n, k)
print(*a)
