import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, a = int(data[0]), int(data[1])
    coins = sorted({int(x) for x in data[2:2 + n] if int(x) <= a})
    inf = a + 1  # more coins than any real answer can use
    best = [0] + [inf] * a  # best[s] = fewest coins that sum to s
    for c in coins:
        for s in range(c, a + 1):
            v = best[s - c] + 1
            if v < best[s]:
                best[s] = v
    print(best[a] if best[a] <= a else -1)


main()
