#include <cstdio>
#include <functional>
#include <queue>
#include <string>
#include <tuple>
#include <vector>

struct Entry {
    long long t;
    std::string msg;
};

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<std::vector<Entry>> logs(n);
    char buf[64];
    for (auto &log : logs) {
        int m;
        scanf("%d", &m);
        log.resize(m);
        for (auto &e : log) {
            scanf("%lld %63s", &e.t, buf);
            e.msg = buf;
        }
    }
    using Head = std::tuple<long long, int, int>;  // (t, worker, index)
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heap;
    for (int w = 0; w < n; w++)
        if (!logs[w].empty()) heap.emplace(logs[w][0].t, w, 0);
    std::string out;
    while (!heap.empty()) {
        auto [t, w, i] = heap.top();
        heap.pop();
        out += std::to_string(t) + ' ' + std::to_string(w + 1) + ' ' + logs[w][i].msg + '\n';
        if (i + 1 < (int)logs[w].size()) heap.emplace(logs[w][i + 1].t, w, i + 1);
    }
    fputs(out.c_str(), stdout);
}
