"""Generator for course-schedule-order.

Usage: python3 gen.py SEED N   (prints one input with n = N courses)

Edges go from a hidden random order, so the graph is acyclic, except:
The shape depends on SEED % 3:
  0  a random DAG with m about n, some duplicate pairs
  1  the same, plus one back edge that closes a long cycle (IMPOSSIBLE)
  2  a long chain through a random order plus random extra DAG edges, so
     the answer is forced over long stretches

The large tests were made with:
  tests/07.in = python3 gen.py 3 30000
  tests/08.in = python3 gen.py 1 25000
  tests/09.in = python3 gen.py 2 20000
"""
import random
import sys

seed, n = int(sys.argv[1]), int(sys.argv[2])
n = max(n, 1)
rnd = random.Random(seed)
mode = seed % 3
perm = list(range(n))
rnd.shuffle(perm)  # perm[i] is taken before perm[j] whenever i < j
edges = []
if n >= 2:
    if mode == 2:
        for i in range(n - 1):
            edges.append((perm[i + 1], perm[i]))
    for _ in range(n if mode != 2 else n // 3):
        i, j = sorted(rnd.sample(range(n), 2))
        if mode == 0 or rnd.random() < 0.7:
            j = min(n - 1, i + 1 + int(rnd.expovariate(1 / 8)))
        edges.append((perm[j], perm[i]))
    for _ in range(len(edges) // 50):
        edges.append(rnd.choice(edges))
    if mode == 1:
        # close a cycle along a path that the edges above already contain
        i = rnd.randrange(n // 2)
        path = [i]
        while path[-1] < n - 1 and len(path) < n:
            path.append(path[-1] + 1)
            edges.append((perm[path[-1]], perm[path[-2]]))
            if rnd.random() < 0.002:
                break
        edges.append((perm[path[0]], perm[path[-1]]))
rnd.shuffle(edges)
print(n, len(edges))
print('\n'.join(f'{a} {b}' for a, b in edges))
