#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    long long k;
    if (scanf("%d %lld", &n, &k) != 2) return 0;
    // Prefix sums lie in [-2e9, 2e9]; sort them with their positions and, for
    // each prefix, count earlier prefixes equal to prefix - k by binary search
    // over the (value, position) pairs.
    std::vector<std::pair<long long, int>> p(n + 1);
    p[0] = {0, 0};
    long long s = 0;
    for (int i = 1; i <= n; i++) {
        long long x;
        scanf("%lld", &x);
        s += x;
        p[i] = {s, i};
    }
    std::vector<std::pair<long long, int>> sorted = p;
    std::sort(sorted.begin(), sorted.end());
    long long count = 0;
    for (int j = 1; j <= n; j++) {
        long long want = p[j].first - k;
        auto lo = std::lower_bound(sorted.begin(), sorted.end(), std::make_pair(want, 0));
        auto hi = std::lower_bound(sorted.begin(), sorted.end(), std::make_pair(want, j));
        count += hi - lo;
    }
    printf("%lld\n", count);
}
