"""Generator for edit-distance.

Usage: python3 gen.py SEED N   (prints one input with |a| = N)

The shape depends on SEED % 3:
  0  a random string over 4 letters and a copy with about N/10 random edits
  1  two unrelated random strings over 26 letters, |b| about 0.8 N
  2  two random strings over 2 letters, |b| = N

The large tests were made with:
  tests/07.in = python3 gen.py 3 1000
  tests/08.in = python3 gen.py 1 1000
  tests/09.in = python3 gen.py 2 1000
"""
import random
import string
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    a = [rnd.choice('acgt') for _ in range(n)]
    b = list(a)
    for _ in range(n // 10 + 1):
        op = rnd.randrange(3)
        i = rnd.randrange(len(b) + 1)
        if op == 0 and len(b) < 1000:
            b.insert(i, rnd.choice('acgt'))
        elif op == 1 and i < len(b):
            del b[i]
        elif i < len(b):
            b[i] = rnd.choice('acgt')
elif mode == 1:
    a = [rnd.choice(string.ascii_lowercase) for _ in range(n)]
    b = [rnd.choice(string.ascii_lowercase) for _ in range(n * 4 // 5)]
else:
    a = [rnd.choice('ab') for _ in range(n)]
    b = [rnd.choice('ab') for _ in range(n)]
print(''.join(a))
print(''.join(b))
