#include <algorithm>
#include <iostream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int n, k;
    if (!(std::cin >> n >> k)) return 0;
    std::unordered_map<std::string, int> counts;
    counts.reserve(n * 2);
    std::string w;
    for (int i = 0; i < n; i++) {
        std::cin >> w;
        counts[w]++;
    }
    std::vector<std::pair<int, std::string>> v;  // (-count, word) sorts as required
    v.reserve(counts.size());
    for (auto &p : counts) v.emplace_back(-p.second, p.first);
    size_t m = std::min<size_t>(k, v.size());
    std::partial_sort(v.begin(), v.begin() + m, v.end());
    std::string out;
    for (size_t i = 0; i < m; i++) out += v[i].second + " " + std::to_string(-v[i].first) + "\n";
    std::cout << out;
}
