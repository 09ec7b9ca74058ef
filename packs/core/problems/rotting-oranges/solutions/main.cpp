#include <vector>
using namespace std;

class Solution {
public:
    int orangesRotting(vector<vector<int>>& grid) {
        int rows = grid.size(), cols = grid[0].size(), fresh = 0;
        vector<int> queue, when(rows * cols, 0);  // cells as i*cols+j
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++) {
                if (grid[i][j] == 2) queue.push_back(i * cols + j);
                if (grid[i][j] == 1) fresh++;
            }
        // Breadth-first from every rotten orange at once.
        int minutes = 0;
        const int di[] = {1, -1, 0, 0}, dj[] = {0, 0, 1, -1};
        for (size_t head = 0; head < queue.size(); head++) {
            int i = queue[head] / cols, j = queue[head] % cols;
            minutes = when[queue[head]];
            for (int d = 0; d < 4; d++) {
                int a = i + di[d], b = j + dj[d];
                if (a < 0 || a >= rows || b < 0 || b >= cols || grid[a][b] != 1) continue;
                grid[a][b] = 2;
                fresh--;
                when[a * cols + b] = minutes + 1;
                queue.push_back(a * cols + b);
            }
        }
        return fresh ? -1 : minutes;
    }
};
