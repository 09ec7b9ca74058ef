import sys
from bisect import bisect_left


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    # tails[L] = the smallest possible last value of an increasing subsequence of length L+1
    tails = []
    for tok in data[1:1 + n]:
        x = int(tok)
        i = bisect_left(tails, x)  # bisect_left keeps the sequence strictly increasing
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    print(len(tails))


main()
