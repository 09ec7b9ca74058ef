import sys


def main():
    data = sys.stdin.buffer.read().split()
    n, k = int(data[0]), int(data[1])
    seen = {0: 1}  # how many prefixes have each sum; the empty prefix sums to 0
    prefix = 0
    count = 0
    for tok in data[2:2 + n]:
        prefix += int(tok)
        count += seen.get(prefix - k, 0)
        seen[prefix] = seen.get(prefix, 0) + 1
    print(count)


main()
