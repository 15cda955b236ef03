// sitrep: the tagger's decisions on one article (see tag_explanation.h).
#include "sitrep/tag_explanation.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "sitrep/article.h"
#include "sitrep/language.h"

namespace sitrep {
namespace {

std::string written(const TagExplanation& e, const Mention& m) {
  if (m.begin >= m.end || m.end > e.text.size()) return m.name;
  std::string w = e.text.substr(m.begin, m.end - m.begin);
  for (auto& c : w)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return w;
}

std::string fixed2(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// A cell padded to `width` characters (UTF-8 code points), or kept whole when longer.
std::string cell(const std::string& s, std::size_t width) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  return chars >= width ? s + " " : s + std::string(width - chars, ' ');
}

nlohmann::json mention_json(const TagExplanation& e, const Mention& m, const char* why) {
  return {{"text", written(e, m)},
          {"name", m.name},
          {"kind", to_string(m.kind)},
          {"id", m.id},
          {"candidate", m.candidate},
          {"demonym", m.demonym},
          {"confidence", m.confidence},
          {"begin", m.begin},
          {"end", m.end},
          {why, std::string(m.reason)}};
}

}  // namespace

TagExplanation explain_tags(const Tagger& tagger, const Analyzer& analyzer, std::string id, std::string_view title,
                            std::string_view text, std::string_view lang, int year) {
  TagExplanation e;
  e.id = std::move(id);
  e.text = analysed_text(title, text);
  e.lang = lang.empty() ? detect_language(e.text) : std::string(lang);
  e.decisions = tagger.explain(analyzer.tokenize(e.text, e.lang), year);
  return e;
}

std::string to_text(const TagExplanation& e) {
  const auto& d = e.decisions;
  std::string out = e.id + " (" + e.lang + "): " + std::to_string(d.mentions.size()) + " mention" +
                    (d.mentions.size() == 1 ? "" : "s") + ", " + std::to_string(d.dropped.size()) + " name" +
                    (d.dropped.size() == 1 ? "" : "s") + " vetoed\n";
  if (!d.mentions.empty()) {
    out += "\nmentions (as written, kind, id, confidence, reason):\n";
    for (const auto& m : d.mentions)
      out += "  " + cell(written(e, m), 24) + cell(to_string(m.kind), 8) + cell(m.id, 28) + fixed2(m.confidence) +
             (m.candidate ? "  candidate, " : "  ") + std::string(m.reason) + "\n";
  }
  if (!d.dropped.empty()) {
    out += "\nvetoed (as written, first reading, veto):\n";
    for (const auto& m : d.dropped)
      out += "  " + cell(written(e, m), 24) + cell(to_string(m.kind), 8) + cell(m.id, 28) + std::string(m.reason) + "\n";
  }
  return out;
}

std::string to_json(const TagExplanation& e) {
  nlohmann::json mentions = nlohmann::json::array(), vetoed = nlohmann::json::array();
  for (const auto& m : e.decisions.mentions) mentions.push_back(mention_json(e, m, "reason"));
  for (const auto& m : e.decisions.dropped) vetoed.push_back(mention_json(e, m, "veto"));
  const nlohmann::json out = {{"id", e.id}, {"lang", e.lang}, {"mentions", std::move(mentions)}, {"vetoed", std::move(vetoed)}};
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace sitrep
