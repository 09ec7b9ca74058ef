#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

int main() {
    int n, q;
    if (scanf("%d %d", &n, &q) != 2) return 0;
    std::vector<long long> a(n);
    for (auto &x : a) scanf("%lld", &x);
    // Find the rotation point (index of the minimum) by binary search,
    // then binary search the sorted half that could hold x.
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (a[mid] > a[hi]) lo = mid + 1;
        else hi = mid;
    }
    int pivot = lo;
    auto search = [&](int l, int r, long long x) {  // in a[l, r)
        auto it = std::lower_bound(a.begin() + l, a.begin() + r, x);
        return (it != a.begin() + r && *it == x) ? int(it - a.begin()) : -1;
    };
    std::string out;
    for (int i = 0; i < q; i++) {
        long long x;
        scanf("%lld", &x);
        int idx = search(pivot, n, x);
        if (idx < 0) idx = search(0, pivot, x);
        if (i) out += ' ';
        out += std::to_string(idx);
    }
    puts(out.c_str());
}
