#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> h(n);
    for (auto &x : h) scanf("%lld", &x);
    // Prefix and suffix maxima.
    std::vector<long long> right(n);
    for (int i = n - 1; i >= 0; i--) right[i] = std::max(h[i], i + 1 < n ? right[i + 1] : 0LL);
    long long left = 0, water = 0;
    for (int i = 0; i < n; i++) {
        left = std::max(left, h[i]);
        water += std::min(left, right[i]) - h[i];
    }
    printf("%lld\n", water);
}
