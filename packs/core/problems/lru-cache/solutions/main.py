import sys
from collections import OrderedDict


def main():
    data = sys.stdin.buffer.read().split()
    cap, q = int(data[0]), int(data[1])
    cache = OrderedDict()  # least recently used first
    out = []
    pos = 2
    for _ in range(q):
        if data[pos] == b'get':
            k = data[pos + 1]
            pos += 2
            if k in cache:
                cache.move_to_end(k)
                out.append(cache[k])
            else:
                out.append(b'-1')
        else:
            k, v = data[pos + 1], data[pos + 2]
            pos += 3
            if k in cache:
                cache.move_to_end(k)
            elif len(cache) == cap:
                cache.popitem(last=False)
            cache[k] = v
    if out:
        sys.stdout.buffer.write(b'\n'.join(out) + b'\n')


main()
