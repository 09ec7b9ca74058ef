import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    logs = []  # logs[w-1] = list of (t, message)
    pos = 1
    for _ in range(n):
        m = int(data[pos])
        pos += 1
        logs.append([(int(data[pos + 2 * i]), data[pos + 2 * i + 1]) for i in range(m)])
        pos += 2 * m
    # k-way merge: the heap holds the head of each non-empty log as (t, worker, index).
    heap = [(log[0][0], w, 0) for w, log in enumerate(logs, 1) if log]
    heapq.heapify(heap)
    out = []
    while heap:
        t, w, i = heap[0]
        log = logs[w - 1]
        out.append(b'%d %d %s' % (t, w, log[i][1]))
        if i + 1 < len(log):
            heapq.heapreplace(heap, (log[i + 1][0], w, i + 1))
        else:
            heapq.heappop(heap)
    if out:
        sys.stdout.buffer.write(b'\n'.join(out) + b'\n')


main()
