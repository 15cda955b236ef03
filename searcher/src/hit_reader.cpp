// sitrep: reading hits and articles from the index (see hit_reader.h).
#include "hit_reader.h"

#include <nlohmann/json.hpp>

#include "sitrep/facets.h"
#include "sitrep/schema.h"

namespace sitrep {
namespace {

// A hit's facets (the registry's facets shown on hits), from their value slots ("id\tname" lines,
// most mentioned first): the document data does not repeat them (schema 4).
template <typename Lines>  // lines_of(slot, fn) calls fn(line) for each "id\tname" line of the slot
std::vector<std::pair<std::string, std::vector<EntityRef>>> facets_from(Lines&& lines_of) {
  std::vector<std::pair<std::string, std::vector<EntityRef>>> out;
  for (const auto& f : facets::all()) {
    if (!f.on_hits) continue;
    std::vector<EntityRef> refs;
    lines_of(Xapian::valueno{f.slot}, [&](std::string_view line) {
      if (line.empty()) return;
      auto e = facets::decode_line(line);
      refs.push_back({std::move(e.id), std::move(e.name)});
    });
    out.emplace_back(f.name, std::move(refs));
  }
  return out;
}

std::vector<std::pair<std::string, std::vector<EntityRef>>> facets_of(const Xapian::Document& doc) {
  return facets_from([&](Xapian::valueno slot, auto&& fn) {
    const std::string v = doc.get_value(slot);
    for (std::size_t start = 0; start < v.size();) {
      std::size_t end = v.find('\n', start);
      if (end == std::string::npos) end = v.size();
      fn(std::string_view(v.data() + start, end - start));
      start = end + 1;
    }
  });
}

std::vector<std::pair<std::string, std::string>> events_of(const nlohmann::json& data) {
  std::vector<std::pair<std::string, std::string>> out;
  if (auto ev = data.find("events"); ev != data.end())
    for (const auto& e : *ev) out.push_back({e.value("date", ""), e.value("text", "")});
  return out;
}

// The header fields a hit and a stored article share.
template <typename Out>
void read_header(const nlohmann::json& data, Out& out) {
  out.id = data.value("id", "");
  out.date = data.value("date", "");
  out.title = data.value("title", "");
  out.source = data.value("source", "");
  out.url = data.value("url", "");
  out.events = events_of(data);
}

}  // namespace

std::optional<Hit> read_hit(const Xapian::MSetIterator& match, const HitReading& how) {
  const Xapian::Document doc = match.get_document();
  const bool snippet = how.snippet_words > 0 && how.snippeter && how.highlights;
  // Without a snippet the header slot is enough (an index written before it has none: the data).
  std::string stored = snippet ? std::string() : doc.get_value(schema::kSlotHeader);
  if (stored.empty()) stored = doc.get_data();
  const auto parts = schema::split_data(stored);
  const auto data = nlohmann::json::parse(parts.header, nullptr, false);
  if (data.is_discarded()) return std::nullopt;
  Hit h;
  read_header(data, h);
  if (snippet)
    h.snippet = how.snippeter->snippet(parts.text_apart ? std::string(parts.text) : data.value("text", ""),
                                       *how.highlights, how.snippet_words);
  h.facets = how.cache ? facets_from([&](Xapian::valueno slot, auto&& fn) { how.cache->each(slot, *match, fn); })
                       : facets_of(doc);
  return h;
}

std::optional<StoredArticle> read_article(const Xapian::Document& doc) {
  const std::string stored = doc.get_data();
  const auto parts = schema::split_data(stored);
  const auto data = nlohmann::json::parse(parts.header, nullptr, false);
  if (data.is_discarded() || !data.is_object()) return std::nullopt;
  StoredArticle a;
  read_header(data, a);
  a.title_from_text = data.value("title_from_text", false);
  a.lang = data.value("lang", "");
  a.text = parts.text_apart ? std::string(parts.text) : data.value("text", "");
  a.facets = facets_of(doc);
  return a;
}

}  // namespace sitrep
