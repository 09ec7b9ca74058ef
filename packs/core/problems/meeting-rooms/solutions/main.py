import heapq
import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    meetings = sorted((int(data[1 + 2 * i]), int(data[2 + 2 * i])) for i in range(n))
    ends = []  # min-heap of the end times of the rooms in use
    for s, e in meetings:
        if ends and ends[0] <= s:
            heapq.heapreplace(ends, e)  # reuse the room that frees up first
        else:
            heapq.heappush(ends, e)
    print(len(ends))


main()
