import sys
data = sys.stdin.read().split()
w, n = int(data[0]), int(data[1])
events = []
out = []
i = 2
for _ in range(n):
    if data[i] == '?':
        now, k = int(data[i+1]), int(data[i+2]); i += 3
        c = {}
        for t, key in events:
            if now - w < t <= now:
                c[key] = c.get(key, 0) + 1
        top = sorted(c, key=lambda x: (-c[x], x))[:k]
        out.append(' '.join(top) if top else '-')
    else:
        events.append((int(data[i]), data[i+1])); i += 2
print('\n'.join(out))
