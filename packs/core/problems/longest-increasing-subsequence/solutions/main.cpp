#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<long long> tails;  // tails[L] = smallest last value of an increasing run of length L+1
    for (int i = 0; i < n; i++) {
        long long x;
        scanf("%lld", &x);
        auto it = std::lower_bound(tails.begin(), tails.end(), x);
        if (it == tails.end())
            tails.push_back(x);
        else
            *it = x;
    }
    printf("%zu\n", tails.size());
}
