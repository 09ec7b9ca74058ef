#include <cstdio>
#include <functional>
#include <queue>
#include <string>
#include <vector>

int main() {
    int n, m;
    if (scanf("%d %d", &n, &m) != 2) return 0;
    std::vector<std::vector<int>> after(n);
    std::vector<int> indeg(n, 0);
    for (int i = 0; i < m; i++) {
        int a, b;
        scanf("%d %d", &a, &b);
        after[b].push_back(a);
        indeg[a]++;
    }
    std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
    for (int v = 0; v < n; v++)
        if (indeg[v] == 0) ready.push(v);
    std::vector<int> order;
    while (!ready.empty()) {
        int v = ready.top();
        ready.pop();
        order.push_back(v);
        for (int u : after[v])
            if (--indeg[u] == 0) ready.push(u);
    }
    if ((int)order.size() != n) {
        puts("IMPOSSIBLE");
        return 0;
    }
    std::string out;
    for (int i = 0; i < n; i++) {
        if (i) out += ' ';
        out += std::to_string(order[i]);
    }
    puts(out.c_str());
}
