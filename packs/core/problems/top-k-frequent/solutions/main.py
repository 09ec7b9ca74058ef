import sys
from collections import Counter


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    counts = Counter(data[2:2 + n])
    # Byte strings compare lexicographically by byte, as required.
    ranked = sorted(counts.items(), key=lambda wc: (-wc[1], wc[0]))[:k]
    sys.stdout.write(''.join(f'{w.decode()} {c}\n' for w, c in ranked))


main()
