import sys


def main():
    data = sys.stdin.buffer.read().split()
    n = int(data[0])
    h = list(map(int, data[1:1 + n]))
    # Two pointers: the side with the lower wall so far decides the water level there.
    i, j = 0, n - 1
    left_max = right_max = 0
    water = 0
    while i <= j:
        if left_max <= right_max:
            if h[i] > left_max:
                left_max = h[i]
            else:
                water += left_max - h[i]
            i += 1
        else:
            if h[j] > right_max:
                right_max = h[j]
            else:
                water += right_max - h[j]
            j -= 1
    print(water)


main()
