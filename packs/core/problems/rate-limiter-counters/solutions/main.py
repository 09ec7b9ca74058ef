import sys
from collections import deque


def main():
    data = sys.stdin.buffer.read().split()
    limit, window, n = int(data[0]), int(data[1]), int(data[2])
    allowed = {}  # user -> deque of the allowed timestamps that may still be in the window
    out = []
    for i in range(n):
        user, t = data[3 + 2 * i], int(data[4 + 2 * i])
        q = allowed.get(user)
        if q is None:
            q = allowed[user] = deque()
        while q and q[0] <= t - window:  # left the window (t - W, t]
            q.popleft()
        if len(q) < limit:
            q.append(t)
            out.append('ALLOW')
        else:
            out.append('DENY')
    sys.stdout.write('\n'.join(out) + '\n')


main()
