import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    k, n = int(data[0]), int(data[1])
    top = []  # min-heap holding the k largest numbers seen so far
    out = []
    for tok in data[2:2 + n]:
        if tok == b'?':
            out.append(str(top[0]) if len(top) == k else 'none')
            continue
        x = int(tok)
        if len(top) < k:
            heapq.heappush(top, x)
        elif x > top[0]:
            heapq.heapreplace(top, x)
    sys.stdout.write('\n'.join(out) + '\n')


main()
