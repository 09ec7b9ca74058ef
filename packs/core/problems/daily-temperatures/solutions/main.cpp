#include <cstdio>
#include <string>
#include <vector>

int main() {
    int n;
    if (scanf("%d", &n) != 1) return 0;
    std::vector<int> t(n), wait(n, 0), stack;
    for (auto &x : t) scanf("%d", &x);
    // Scan from the right, keeping the days that could still be someone's answer.
    for (int i = n - 1; i >= 0; i--) {
        while (!stack.empty() && t[stack.back()] <= t[i]) stack.pop_back();
        if (!stack.empty()) wait[i] = stack.back() - i;
        stack.push_back(i);
    }
    std::string out;
    for (int i = 0; i < n; i++) {
        if (i) out += ' ';
        out += std::to_string(wait[i]);
    }
    puts(out.c_str());
}
