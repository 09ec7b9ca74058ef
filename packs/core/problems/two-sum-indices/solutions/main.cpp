#include <unordered_map>
#include <vector>
using namespace std;

class Solution {
public:
    vector<long long> twoSum(vector<long long>& nums, long long target) {
        unordered_map<long long, long long> seen;  // value -> its first index
        seen.reserve(nums.size() * 2);
        for (long long j = 0; j < (long long)nums.size(); j++) {
            auto it = seen.find(target - nums[j]);
            if (it != seen.end()) return {it->second, j};
            seen.emplace(nums[j], j);
        }
        return {};
    }
};
