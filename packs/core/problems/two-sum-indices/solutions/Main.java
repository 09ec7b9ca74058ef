class Solution {
    public long[] twoSum(long[] nums, long target) {
        Map<Long, Integer> seen = new HashMap<>(nums.length * 2); // value -> its first index
        for (int j = 0; j < nums.length; j++) {
            Integer i = seen.get(target - nums[j]);
            if (i != null) return new long[] {i, j};
            seen.putIfAbsent(nums[j], j);
        }
        return new long[0];
    }
}
