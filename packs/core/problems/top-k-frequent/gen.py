"""Generator for top-k-frequent.

Usage: python3 gen.py SEED N   (prints one input with n = N)

The shape depends on SEED % 3:
  0  a Zipf-like vocabulary of about n/4 words, k up to 50
  1  many distinct words that occur once or twice (long ties), k in the thousands
  2  a vocabulary of a few short words (heavy duplicates), k random in [1, 30]

The large tests were made with:
  tests/07.in = python3 gen.py 3 100000
  tests/08.in = python3 gen.py 1 70000
"""
import random
import string
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3


def word(lo, hi, letters=string.ascii_lowercase):
    return ''.join(rnd.choice(letters) for _ in range(rnd.randint(lo, hi)))


if mode == 0:
    vocab = sorted({word(1, 6) for _ in range(max(1, n // 4))})
    rnd.shuffle(vocab)  # sorted first: set order is not reproducible
    weights = [1 / (i + 1) for i in range(len(vocab))]
    words = rnd.choices(vocab, weights, k=n)
    k = rnd.randint(1, 50)
elif mode == 1:
    vocab = sorted({word(2, 5) for _ in range(max(1, n // 2))})
    words = [rnd.choice(vocab) for _ in range(n)]
    k = rnd.randint(1, max(1, n // 20))
else:
    vocab = sorted({word(1, 3, 'abc') for _ in range(8)})
    words = [rnd.choice(vocab) for _ in range(n)]
    k = rnd.randint(1, 30)
print(n, k)
print(' '.join(words))
