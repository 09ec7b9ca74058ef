#include <cstdio>
#include <vector>

int main() {
    int r, c;
    if (scanf("%d %d", &r, &c) != 2) return 0;
    int w = c + 2;  // a border of water around the grid
    std::vector<char> land((size_t)w * (r + 2), 0);
    std::vector<char> row(c + 2);
    for (int i = 0; i < r; i++) {
        scanf("%s", row.data());
        for (int j = 0; j < c; j++) land[(size_t)(i + 1) * w + j + 1] = row[j] == '1';
    }
    int islands = 0, best = 0;
    std::vector<int> stack;
    for (int s = 0; s < (int)land.size(); s++) {
        if (!land[s]) continue;
        islands++;
        land[s] = 0;
        stack.assign(1, s);
        int area = 0;
        while (!stack.empty()) {
            int p = stack.back();
            stack.pop_back();
            area++;
            for (int q : {p - 1, p + 1, p - w, p + w})
                if (land[q]) land[q] = 0, stack.push_back(q);
        }
        if (area > best) best = area;
    }
    printf("%d %d\n", islands, best);
}
