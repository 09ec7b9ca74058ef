"""Generator for two-sum-indices.

Usage: python3 gen.py SEED N   (prints one input with n = N: nums, then target)

Every value but the pair's two is a multiple of 4 and the pair's two are
1 mod 4 with a sum of 2 mod 4, so exactly one pair sums to the target.
The shape depends on SEED % 3:
  0  values over the full range, the pair at random positions
  1  the pair at the last two positions (the worst case for a pair scan
     that stops at the first match), values within 10^6
  2  the pair is two equal values, target / 2, far apart; negative target

The large tests were made with:
  tests/07.in = python3 gen.py 3 50000
  tests/08.in = python3 gen.py 1 150000
  tests/09.in = python3 gen.py 2 50000
and each .out is the reference solution's return value as JSON:
  python3 -c 'import json,sys; exec(open("solutions/main.py").read());
    a=[json.loads(l) for l in open(sys.argv[1])];
    print(json.dumps(Solution().twoSum(*a), separators=(",", ":")))' tests/07.in
"""
import json
import random
import sys

seed, n = int(sys.argv[1]), max(2, int(sys.argv[2]))
rnd = random.Random(seed)
mode = seed % 3
lim = 10**6 if mode == 1 else 10**9


def filler():
    return 4 * rnd.randint(-lim // 4, lim // 4)


def one_mod_four(lo, hi):
    return 4 * rnd.randint((lo + 2) // 4, (hi - 1) // 4) + 1


nums = [filler() for _ in range(n)]
if mode == 2:
    a = one_mod_four(-lim, -1)
    b = a
else:
    a = one_mod_four(-lim, lim)
    b = one_mod_four(-lim, lim)
if mode == 1:
    i, j = n - 2, n - 1
elif mode == 2:
    i, j = rnd.randrange(n // 10 + 1), n - 1 - rnd.randrange(n // 10 + 1)
else:
    i, j = sorted(rnd.sample(range(n), 2))
nums[i], nums[j] = a, b
print(json.dumps(nums, separators=(",", ":")))
print(a + b)
