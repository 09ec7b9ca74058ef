#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n, a;
    if (scanf("%d %d", &n, &a) != 2) return 0;
    std::vector<long long> coins(n);
    for (auto &c : coins) scanf("%lld", &c);
    const int INF = a + 1;
    std::vector<int> best(a + 1, INF);  // best[s] = fewest coins that sum to s
    best[0] = 0;
    for (long long c : coins) {
        if (c > a) continue;
        for (int s = (int)c; s <= a; s++) best[s] = std::min(best[s], best[s - c] + 1);
    }
    printf("%d\n", best[a] <= a ? best[a] : -1);
}
