import heapq
import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    window, n = int(data[0]), int(data[1])
    events = deque()  # (t, key) in arrival order
    count = {}  # key -> events in the window
    # Max-heap by (count, then key ascending) as (-count, key). Every count change
    # pushes a fresh entry; an entry is valid only while count[key] == -entry[0].
    # Stale entries are dropped when they reach the top (lazy deletion).
    heap = []

    def change(key, delta):
        c = count.get(key, 0) + delta
        if c:
            count[key] = c
            heapq.heappush(heap, (-c, key))
        else:
            del count[key]

    def expire(now):
        while events and events[0][0] <= now - window:
            change(events.popleft()[1], -1)

    out = []
    pos = 2
    for _ in range(n):
        if data[pos] == b'?':
            now, k = int(data[pos + 1]), int(data[pos + 2])
            pos += 3
            expire(now)
            top, keep = [], []
            while heap and len(top) < k:
                entry = heapq.heappop(heap)
                key = entry[1]
                if count.get(key) == -entry[0] and (not top or top[-1] != key):
                    top.append(key)
                    keep.append(entry)
                # else: stale, or a duplicate of the entry just taken; drop it
            for entry in keep:
                heapq.heappush(heap, entry)
            out.append(b' '.join(top) if top else b'-')
        else:
            t, key = int(data[pos]), data[pos + 1]
            pos += 2
            expire(t)
            events.append((t, key))
            change(key, 1)
        if len(heap) > 4 * len(count) + 1024:  # keep memory proportional to the window
            heap = [(-c, key) for key, c in count.items()]
            heapq.heapify(heap)
    sys.stdout.buffer.write(b'\n'.join(out) + b'\n' if out else b'')


main()
