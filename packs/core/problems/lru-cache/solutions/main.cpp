#include <cstdio>
#include <cstring>
#include <list>
#include <string>
#include <unordered_map>
#include <utility>

int main() {
    int cap, q;
    if (scanf("%d %d", &cap, &q) != 2) return 0;
    std::list<std::pair<long long, long long>> order;  // most recently used first
    std::unordered_map<long long, std::list<std::pair<long long, long long>>::iterator> where;
    where.reserve(cap * 2 + 16);
    std::string out;
    char cmd[8];
    for (int i = 0; i < q; i++) {
        long long k, v;
        scanf("%7s %lld", cmd, &k);
        auto it = where.find(k);
        if (strcmp(cmd, "get") == 0) {
            if (it == where.end()) {
                out += "-1\n";
            } else {
                order.splice(order.begin(), order, it->second);
                out += std::to_string(it->second->second) + '\n';
            }
            continue;
        }
        scanf("%lld", &v);
        if (it != where.end()) {
            it->second->second = v;
            order.splice(order.begin(), order, it->second);
            continue;
        }
        if ((int)order.size() == cap) {
            where.erase(order.back().first);
            order.pop_back();
        }
        order.emplace_front(k, v);
        where[k] = order.begin();
    }
    fputs(out.c_str(), stdout);
}
