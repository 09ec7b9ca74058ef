"""Generator for network-delay-time.

Usage: python3 gen.py SEED N   (prints one input with n = N nodes)

The shape depends on SEED % 3:
  0  a random graph: a random spanning tree out of k plus about n/2 extra links
  1  a hidden path through all nodes with cheap links plus expensive random
     shortcuts, listed in random order: shortest paths have many edges, which
     makes repeated relaxation (Bellman-Ford, SPFA) slow
  2  a random graph with a few unreachable nodes (the answer is -1) and
     some zero-time links

The large tests were made with:
  tests/07.in = python3 gen.py 3 20000
  tests/08.in = python3 gen.py 1 20000
  tests/09.in = python3 gen.py 2 8000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
k = rnd.randint(1, n)
others = [v for v in range(1, n + 1) if v != k]
rnd.shuffle(others)
order = [k] + others
edges = []
if mode == 1:
    for i in range(n - 1):
        edges.append((order[i], order[i + 1], rnd.randint(1, 10)))
    for _ in range(n // 4):
        u, v = rnd.randint(1, n), rnd.randint(1, n)
        edges.append((u, v, rnd.randint(5000, 99999)))
else:
    cut = n if mode == 0 else max(1, n - rnd.randint(1, 3))
    for i in range(1, cut):
        edges.append((order[rnd.randrange(i)], order[i], rnd.randint(0 if mode == 2 else 1, 9999)))
    for _ in range(n // 2):
        u, v = rnd.randint(1, n), rnd.randint(1, n)
        if mode == 2 and (order.index(v) >= cut) != (order.index(u) >= cut):
            continue
        edges.append((u, v, rnd.randint(0, 9999)))
rnd.shuffle(edges)
print(n, len(edges), k)
print('\n'.join(f'{u} {v} {w}' for u, v, w in edges))
