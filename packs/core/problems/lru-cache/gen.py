"""Generator for lru-cache.

Usage: python3 gen.py SEED N   (prints one input with q = N commands)

The shape depends on SEED % 3:
  0  capacity about q/3, keys from a pool half again as large, about half gets:
     hits, misses and evictions all happen
  1  capacity about 3q/8: the first commands fill the cache with distinct keys,
     then most commands reuse a hot set of recently used keys (so the hot keys
     sit at the most-recent end of the order), with some new keys and misses
  2  capacity from 1 to 5, keys and values up to 10^9

The large tests were made with:
  tests/07.in = python3 gen.py 1 80000
  tests/08.in = python3 gen.py 3 24000
"""
import random
import sys

seed, q = int(sys.argv[1]), int(sys.argv[2])
q = max(q, 1)
rnd = random.Random(seed)
mode = seed % 3
out = []
if mode == 1:
    cap = max(1, q * 3 // 8)
    keys = rnd.sample(range(100000), min(100000, cap + q))
    for k in keys[:cap]:
        out.append(f'put {k} {rnd.randrange(100)}')
    nxt = cap
    hot = keys[max(0, cap - 300):cap]
    while len(out) < q:
        r = rnd.random()
        if r < 0.05 and nxt < len(keys):
            k = keys[nxt]
            nxt += 1
            hot[rnd.randrange(len(hot))] = k
            out.append(f'put {k} {rnd.randrange(100)}')
        elif r < 0.08:
            out.append(f'get {rnd.choice(keys)}')
        elif r < 0.55:
            out.append(f'get {rnd.choice(hot)}')
        else:
            out.append(f'put {rnd.choice(hot)} {rnd.randrange(100)}')
else:
    if mode == 0:
        cap = max(1, q // 3)
        pool = list(range(cap * 3 // 2 + 1))
    else:
        cap = rnd.randint(1, 5)
        pool = [rnd.randint(0, 10**9) for _ in range(cap + rnd.randint(1, 4))]
    for _ in range(q):
        k = rnd.choice(pool)
        if rnd.random() < 0.5:
            out.append(f'get {k}')
        else:
            out.append(f'put {k} {rnd.randrange(1000 if mode == 0 else 10**9 + 1)}')
print(cap, q)
print('\n'.join(out))
