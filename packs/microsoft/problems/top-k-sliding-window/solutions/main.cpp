#include <cstdio>
#include <cstdlib>
#include <deque>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

int main() {
    long long window;
    int n;
    if (scanf("%lld %d", &window, &n) != 2) return 0;
    std::deque<std::pair<long long, std::string>> events;
    std::unordered_map<std::string, int> count;
    std::set<std::pair<int, std::string>> order;  // (-count, key): the answer order
    auto change = [&](const std::string &key, int delta) {
        int &c = count[key];
        if (c > 0) order.erase({-c, key});
        c += delta;
        if (c > 0) order.insert({-c, key});
        else count.erase(key);
    };
    auto expire = [&](long long now) {
        while (!events.empty() && events.front().first <= now - window) {
            change(events.front().second, -1);
            events.pop_front();
        }
    };
    std::string out;
    char a[32], b[32];
    for (int i = 0; i < n; i++) {
        scanf("%31s %31s", a, b);
        if (a[0] == '?') {
            long long now = atoll(b);
            int k;
            scanf("%d", &k);
            expire(now);
            if (order.empty()) {
                out += "-\n";
                continue;
            }
            int printed = 0;
            for (auto it = order.begin(); it != order.end() && printed < k; ++it, ++printed) {
                if (printed) out += ' ';
                out += it->second;
            }
            out += '\n';
        } else {
            long long t = atoll(a);
            expire(t);
            events.emplace_back(t, b);
            change(b, 1);
        }
    }
    fputs(out.c_str(), stdout);
}
