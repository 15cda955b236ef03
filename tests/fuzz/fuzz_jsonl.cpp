// libFuzzer target: JSON Lines articles, one record (sitrep::parse_json_article) and a whole stream
// (sitrep::read_jsonl), with every numeric date order.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "sitrep/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view content(reinterpret_cast<const char*>(data), size);
  static const std::string path = "fuzz/feed.jsonl";
  std::size_t articles = 0, errors = 0;
  sitrep::ReadCallbacks callbacks;
  callbacks.on_article = [&](sitrep::Article&&) { ++articles; };
  callbacks.on_error = [&](const sitrep::SourceError& e) { errors += e.to_string().empty() ? 0 : 1; };
  for (auto order : {sitrep::DateOrder::kUnspecified, sitrep::DateOrder::kDMY, sitrep::DateOrder::kMDY}) {
    sitrep::ReadOptions options;
    options.date_order = order;
    if (order == sitrep::DateOrder::kMDY) options.max_article_bytes = 256;
    auto one = sitrep::parse_json_article(content, path, 1, options);
    if (!one) (void)one.status().to_string();
    std::istringstream in{std::string(content)};
    sitrep::read_jsonl(in, path, callbacks, options);
  }
  return 0;
}
