#include "sitrep/edit_distance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace sitrep {
namespace {

// The whole Levenshtein table, for comparison.
int full_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<int>> d(a.size() + 1, std::vector<int>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j)
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
  return d[a.size()][b.size()];
}

TEST(EditDistance, KnownPairs) {
  EXPECT_EQ(bounded_edit_distance("raqa", "raqqa", 2), 1);
  EXPECT_EQ(bounded_edit_distance("hezbolah", "hezbollah", 1), 1);
  EXPECT_EQ(bounded_edit_distance("kitten", "sitting", 3), 3);
  EXPECT_EQ(bounded_edit_distance("kitten", "sitting", 2), 3);  // over the limit: limit + 1
  EXPECT_EQ(bounded_edit_distance("", "abc", 5), 3);
  EXPECT_EQ(bounded_edit_distance("same", "same", 0), 0);
  EXPECT_EQ(bounded_edit_distance("ab", "abcdef", 2), 3);  // lengths alone exceed the limit
}

// Within the limit the exact distance, beyond it limit + 1, for random strings of a small alphabet.
TEST(EditDistance, AgreesWithTheWholeTable) {
  std::mt19937 rng(7);
  auto word = [&] {
    std::string s(rng() % 9, 'a');
    for (auto& c : s) c = static_cast<char>('a' + rng() % 3);
    return s;
  };
  for (int k = 0; k < 2000; ++k) {
    const std::string a = word(), b = word();
    const int limit = static_cast<int>(rng() % 5), full = full_distance(a, b);
    EXPECT_EQ(bounded_edit_distance(a, b, limit), std::min(full, limit + 1)) << a << " / " << b << " limit " << limit;
  }
}

}  // namespace
}  // namespace sitrep
