#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> starts(n), ends(n);
    for (int i = 0; i < n; i++) scanf("%lld %lld", &starts[i], &ends[i]);
    std::sort(starts.begin(), starts.end());
    std::sort(ends.begin(), ends.end());
    // Sweep: at equal times an end frees its room before a start takes one.
    int used = 0, best = 0, j = 0;
    for (int i = 0; i < n; i++) {
        while (j < n && ends[j] <= starts[i]) j++, used--;
        used++;
        best = std::max(best, used);
    }
    printf("%d\n", best);
}
