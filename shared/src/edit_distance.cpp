#include "sitrep/edit_distance.h"

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <vector>

namespace sitrep {

int bounded_edit_distance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  const int big = limit + 1;
  std::vector<int> prev(static_cast<std::size_t>(m) + 1, big), cur(static_cast<std::size_t>(m) + 1, big);
  for (int j = 0; j <= std::min(m, limit); ++j) prev[static_cast<std::size_t>(j)] = j;
  for (int i = 1; i <= n; ++i) {
    const int lo = std::max(1, i - limit), hi = std::min(m, i + limit);
    std::fill(cur.begin(), cur.end(), big);
    if (i <= limit) cur[0] = i;
    int row_min = cur[0];
    for (int j = lo; j <= hi; ++j) {
      const auto J = static_cast<std::size_t>(j);
      const int sub = prev[J - 1] + (a[static_cast<std::size_t>(i) - 1] == b[J - 1] ? 0 : 1);
      cur[J] = std::min({prev[J] + 1, cur[J - 1] + 1, sub, big});
      row_min = std::min(row_min, cur[J]);
    }
    if (row_min > limit) return big;
    std::swap(prev, cur);
  }
  return std::min(prev[static_cast<std::size_t>(m)], big);
}

}  // namespace sitrep
