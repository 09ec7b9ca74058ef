#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    long long t;
    if (scanf("%d %lld", &n, &t) != 2) return 0;
    std::vector<long long> a(n);
    for (auto &x : a) scanf("%lld", &x);
    std::sort(a.begin(), a.end());
    // Two pointers over the sorted array, counting runs of equal values.
    long long pairs = 0;
    int i = 0, j = n - 1;
    while (i < j) {
        long long s = a[i] + a[j];
        if (s < t) {
            i++;
        } else if (s > t) {
            j--;
        } else if (a[i] == a[j]) {
            long long k = j - i + 1;
            pairs += k * (k - 1) / 2;
            break;
        } else {
            long long ci = 1, cj = 1;
            while (i + 1 < j && a[i + 1] == a[i]) i++, ci++;
            while (j - 1 > i && a[j - 1] == a[j]) j--, cj++;
            pairs += ci * cj;
            i++, j--;
        }
    }
    printf("%lld\n", pairs);
}
