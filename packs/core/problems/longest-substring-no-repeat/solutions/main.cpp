#include <cstdio>
#include <unordered_map>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> c(n);
    for (auto &x : c) scanf("%lld", &x);
    std::unordered_map<long long, int> last;
    last.reserve(n * 2);
    int left = 0, bestLen = 0, bestStart = 0;
    for (int j = 0; j < n; j++) {
        auto it = last.find(c[j]);
        if (it != last.end() && it->second >= left) left = it->second + 1;
        last[c[j]] = j;
        if (j - left + 1 > bestLen) bestLen = j - left + 1, bestStart = left;
    }
    printf("%d %d\n", bestLen, bestStart);
}
