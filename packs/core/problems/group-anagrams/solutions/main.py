class Solution:
    def groupAnagrams(self, strs: list[str]) -> list[list[str]]:
        groups = {}  # sorted letters -> the words with those letters
        for w in strs:
            groups.setdefault("".join(sorted(w)), []).append(w)
        return list(groups.values())
