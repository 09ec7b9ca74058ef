"""Generator for merge-worker-logs.

Usage: python3 gen.py SEED N   (prints one input with about N entries in total)

The shape depends on SEED % 3:
  0  about N/12 workers with logs of random length, timestamps up to 10^6
  1  3 workers and timestamps in a small range: many ties across and within logs
  2  a random number of workers, some with empty logs, timestamps up to 10^9

The large tests were made with:
  tests/07.in = python3 gen.py 3 25000
  tests/08.in = python3 gen.py 1 16000
"""
import random
import sys

seed, total = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
mode = seed % 3
words = ['get', 'put', 'gc', 'ok', 'lock', 'unlock', 'read', 'write', 'retry', 'sync', 'ack', 'nack', 'tick']
if mode == 0:
    n, tmax = max(1, total // 12), 10**6
elif mode == 1:
    n, tmax = 3, max(1, total // 4)
else:
    n, tmax = rnd.randint(1, max(1, total // 3 + 1)), 10**9
# split total entries among n workers
cuts = sorted(rnd.randint(0, total) for _ in range(n - 1))
sizes = [b - a for a, b in zip([0] + cuts, cuts + [total])]
if mode == 2:
    sizes = [0 if rnd.random() < 0.3 else s for s in sizes]
out = [str(n)]
for m in sizes:
    ts = sorted(rnd.randint(0, tmax) for _ in range(m))
    out.append(str(m))
    out.extend(f'{t} {rnd.choice(words)}{rnd.randrange(10) if rnd.random() < 0.3 else ""}' for t in ts)
print('\n'.join(out))
