import sys


def main():
    lines = sys.stdin.read().split('\n')
    a = lines[0].strip() if len(lines) > 0 else ''
    b = lines[1].strip() if len(lines) > 1 else ''
    if len(a) < len(b):
        a, b = b, a  # keep the row over the shorter string
    m = len(b)
    prev = list(range(m + 1))  # prev[j] = distance between a[:i-1] and b[:j]
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * m
        for j in range(1, m + 1):
            if a[i - 1] == b[j - 1]:
                cur[j] = prev[j - 1]
            else:
                # replace, delete from a, insert into a
                cur[j] = 1 + min(prev[j - 1], prev[j], cur[j - 1])
        prev = cur
    print(prev[m])


main()
