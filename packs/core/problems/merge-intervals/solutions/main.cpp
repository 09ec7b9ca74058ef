#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<std::pair<long long, long long>> iv(n);
    for (auto &p : iv) scanf("%lld %lld", &p.first, &p.second);
    std::sort(iv.begin(), iv.end());
    std::vector<std::pair<long long, long long>> merged;
    for (auto &p : iv) {
        if (!merged.empty() && p.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, p.second);
        else
            merged.push_back(p);
    }
    printf("%zu\n", merged.size());
    for (auto &p : merged) printf("%lld %lld\n", p.first, p.second);
}
