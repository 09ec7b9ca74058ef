#include <cstdio>
#include <deque>
#include <string>
#include <unordered_map>

int main() {
    long long limit, window;
    int n;
    if (scanf("%lld %lld %d", &limit, &window, &n) != 3) return 0;
    std::unordered_map<std::string, std::deque<long long>> allowed;
    std::string out;
    char name[32];
    for (int i = 0; i < n; i++) {
        long long t;
        scanf("%31s %lld", name, &t);
        auto &q = allowed[name];
        while (!q.empty() && q.front() <= t - window) q.pop_front();
        if ((long long)q.size() < limit) {
            q.push_back(t);
            out += "ALLOW\n";
        } else {
            out += "DENY\n";
        }
    }
    fputs(out.c_str(), stdout);
}
