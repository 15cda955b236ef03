// libFuzzer target: one plain-text article (sitrep::parse_text_article), read with every numeric
// date order and once with a small article size limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sitrep/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  static const std::string path = "fuzz/article.txt";
  for (auto order : {sitrep::DateOrder::kUnspecified, sitrep::DateOrder::kDMY, sitrep::DateOrder::kMDY}) {
    sitrep::ReadOptions options;
    options.date_order = order;
    if (order == sitrep::DateOrder::kMDY) options.max_article_bytes = 256;
    auto article = sitrep::parse_text_article(content, path, options);
    if (!article) (void)article.status().to_string();
  }
  return 0;
}
