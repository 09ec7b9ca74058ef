"""Generator for top-k-sliding-window.

Usage: python3 gen.py SEED N   (prints one input with n = N lines)

About 30% of the lines are queries with k from 1 to 5.
The shape depends on SEED % 3:
  0  a Zipf-like vocabulary of about 6000 short keys and a window holding a
     few thousand distinct keys: re-sorting every key per query is too slow
  1  a vocabulary of 12 keys, a short window and bursts at equal timestamps:
     ties and expiry at the exact boundary everywhere
  2  a small random configuration (W from 1 to 6, a handful of keys, k up to 4)

The large tests were made with:
  tests/07.in = python3 gen.py 3 50000
  tests/08.in = python3 gen.py 1 30000
"""
import random
import string
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
letters = string.ascii_lowercase + string.digits
if mode == 0:
    w = 3000
    vocab = sorted({''.join(rnd.choice(letters) for _ in range(rnd.randint(1, 4))) for _ in range(6000)})
    rnd.shuffle(vocab)  # sorted first: set order is not reproducible
    weights = [1 / (i + 1) ** 0.6 for i in range(len(vocab))]
    step = lambda: rnd.choice((0, 0, 1))
    kmax = 5
elif mode == 1:
    w = rnd.randint(3, 8)
    vocab = [f'k{i}' for i in range(12)]
    weights = [1] * len(vocab)
    step = lambda: 0 if rnd.random() < 0.85 else 1
    kmax = 5
else:
    w = rnd.randint(1, 6)
    vocab = ['a', 'b', 'ab', 'ba', 'a0'][:rnd.randint(1, 5)]
    weights = [1] * len(vocab)
    step = lambda: rnd.randint(0, 2)
    kmax = 4
t = rnd.randint(0, 5)
out = [f'{w} {n}']
for _ in range(n):
    t += step()
    if rnd.random() < 0.3:
        out.append(f'? {t} {rnd.randint(1, kmax)}')
    else:
        out.append(f'{t} {rnd.choices(vocab, weights)[0]}')
print('\n'.join(out))
