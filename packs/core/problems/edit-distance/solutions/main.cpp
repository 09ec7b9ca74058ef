#include <algorithm>
#include <iostream>
#include <numeric>
#include <string>
#include <vector>

int main() {
    std::string a, b;
    std::getline(std::cin, a);
    std::getline(std::cin, b);
    auto trim = [](std::string &s) {
        while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
    };
    trim(a);
    trim(b);
    if (a.size() < b.size()) std::swap(a, b);
    size_t m = b.size();
    std::vector<int> prev(m + 1), cur(m + 1);
    std::iota(prev.begin(), prev.end(), 0);
    for (size_t i = 1; i <= a.size(); i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            if (a[i - 1] == b[j - 1])
                cur[j] = prev[j - 1];
            else
                cur[j] = 1 + std::min({prev[j - 1], prev[j], cur[j - 1]});
        }
        std::swap(prev, cur);
    }
    printf("%d\n", prev[m]);
}
