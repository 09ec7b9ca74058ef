"""Generator for group-anagrams.

Usage: python3 gen.py SEED N   (prints one input with n = N: strs)

The shape depends on SEED % 3:
  0  random words of 5 to 8 letters: almost every word is its own group
     (quadratic for a word-against-every-group scan)
  1  shuffles of about sqrt(N) base words: few large groups
  2  words of 0 to 4 letters over "abc": many repeats, empty strings,
     groups of every size

The large tests were made with:
  tests/07.in = python3 gen.py 3 80000
  tests/08.in = python3 gen.py 1 15000
  tests/09.in = python3 gen.py 2 50000
and each .out is the reference solution's return value as JSON:
  python3 -c 'import json,sys; exec(open("solutions/main.py").read());
    a=[json.loads(l) for l in open(sys.argv[1])];
    print(json.dumps(Solution().groupAnagrams(*a), separators=(",", ":")))' tests/07.in
"""
import json
import random
import string
import sys

seed, n = int(sys.argv[1]), max(1, int(sys.argv[2]))
rnd = random.Random(seed)
mode = seed % 3


def word(alphabet, lo, hi):
    return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(lo, hi)))


if mode == 0:
    strs = [word(string.ascii_lowercase, 5, 8) for _ in range(n)]
elif mode == 1:
    bases = [word(string.ascii_lowercase, 10, 20) for _ in range(max(1, int(n ** 0.5)))]
    strs = []
    for _ in range(n):
        w = list(rnd.choice(bases))
        rnd.shuffle(w)
        strs.append("".join(w))
else:
    strs = [word("abc", 0, 4) for _ in range(n)]
print(json.dumps(strs, separators=(",", ":")))
