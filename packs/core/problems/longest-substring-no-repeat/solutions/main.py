import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    codes = data[1:1 + n]  # compare the tokens as written; equal codes are equal tokens
    last = {}
    left = 0
    best_len, best_start = 0, 0
    for j, c in enumerate(codes):
        p = last.get(c)
        if p is not None and p >= left:
            left = p + 1
        last[c] = j
        if j - left + 1 > best_len:
            best_len, best_start = j - left + 1, left
    print(best_len, best_start)


main()
