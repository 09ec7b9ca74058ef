#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <string>
#include <vector>

int main() {
    int k, n;
    if (scanf("%d %d", &k, &n) != 2) return 0;
    std::priority_queue<long long, std::vector<long long>, std::greater<long long>> top;
    std::string out;
    char tok[32];
    for (int i = 0; i < n; i++) {
        scanf("%31s", tok);
        if (tok[0] == '?') {
            out += (int)top.size() == k ? std::to_string(top.top()) : "none";
            out += '\n';
            continue;
        }
        long long x = atoll(tok);
        if ((int)top.size() < k) {
            top.push(x);
        } else if (x > top.top()) {
            top.pop();
            top.push(x);
        }
    }
    fputs(out.c_str(), stdout);
}
