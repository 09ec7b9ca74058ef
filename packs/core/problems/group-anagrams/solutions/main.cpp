#include <algorithm>
#include <string>
#include <unordered_map>
#include <vector>
using namespace std;

class Solution {
public:
    vector<vector<string>> groupAnagrams(vector<string>& strs) {
        unordered_map<string, size_t> index;  // sorted letters -> group
        vector<vector<string>> groups;
        for (const string& w : strs) {
            string key = w;
            sort(key.begin(), key.end());
            auto [it, added] = index.try_emplace(key, groups.size());
            if (added) groups.emplace_back();
            groups[it->second].push_back(w);
        }
        return groups;
    }
};
