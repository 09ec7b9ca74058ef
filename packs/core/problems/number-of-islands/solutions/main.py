import sys


def main():
    data = sys.stdin.buffer.read().split()
    r, c = int(data[0]), int(data[1])
    w = c + 2  # pad with a border of water so neighbours never leave the array
    land = bytearray(w * (r + 2))
    for i in range(r):
        row = data[2 + i]
        base = (i + 1) * w + 1
        land[base:base + c] = row.translate(bytes.maketrans(b'01', b'\x00\x01'))
    islands = best = 0
    for start in range(len(land)):
        if not land[start]:
            continue
        islands += 1
        land[start] = 0
        stack = [start]
        area = 0
        while stack:
            p = stack.pop()
            area += 1
            for q in (p - 1, p + 1, p - w, p + w):
                if land[q]:
                    land[q] = 0
                    stack.append(q)
        if area > best:
            best = area
    print(islands, best)


main()
