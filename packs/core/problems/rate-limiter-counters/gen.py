"""Generator for rate-limiter-counters.

Usage: python3 gen.py SEED N   (prints one input with n = N requests)

The shape depends on SEED % 3:
  0  3 heavy users, L = 1000, W = 5000, about one request per time unit:
     every user has about 1000 allowed requests in the window at all times
  1  about n/250 users, small L and W, time advancing slowly so that many
     requests share a timestamp and each user sends about 2L per window
  2  a random small configuration (L and W from 1 to 5, 1 to 3 users)

The large tests were made with:
  tests/07.in = python3 gen.py 3 50000
  tests/08.in = python3 gen.py 1 25000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
if mode == 0:
    l, w = 1000, 5000
    users = ['a', 'b', 'c']
    step = lambda: rnd.choice((0, 1, 1, 2))
elif mode == 1:
    l, w = rnd.randint(2, 6), rnd.randint(5, 50)
    users = [f'user{i}' for i in range(max(1, n // 250))]
    p = min(1.0, w / (2 * l * len(users)))  # about 2L requests per user per window
    step = lambda: 1 if rnd.random() < p else 0
else:
    l, w = rnd.randint(1, 5), rnd.randint(1, 5)
    users = ['a', 'b', 'c'][:rnd.randint(1, 3)]
    step = lambda: rnd.randint(0, 2)
t = rnd.randint(0, 10)
out = [f'{l} {w} {n}']
for _ in range(n):
    t += step()
    out.append(f'{rnd.choice(users)} {t}')
print('\n'.join(out))
