// sitrep: language preference (see language_preference.h).
#include "language_preference.h"

#include <memory>
#include <vector>

#include "sitrep/language.h"
#include "sitrep/option_parse.h"
#include "sitrep/schema.h"
#include "query_builder.h"

namespace sitrep {

std::string language_words(const ParsedQuery& pq) {
  std::string words;
  auto add = [&words](const std::string& w) {
    if (!words.empty()) words.push_back(' ');
    words += w;
  };
  for (const auto& c : pq.text())
    if (!c.negated) add(c.written);
  for (const auto& w : pq.ignored())
    if (w.reason == "common word") add(w.word);
  for (const auto& g : pq.any_of())
    if (!g.negated)
      for (const auto& a : g.alternatives) add(language_words(a));
  return words;
}

Result<LanguagePreference> language_preference(const ParsedQuery& pq, std::string_view asked) {
  const auto choice = parse_prefer_lang(asked);
  if (!choice)
    return Status(ErrorCode::kInvalidArgument, "prefer_lang '" + std::string(asked.substr(0, 40)) +
                                                   "' is not a language sitrep knows (use " + prefer_lang_choices() + ")");
  using How = LanguagePreference::How;
  if (*choice == "none") return LanguagePreference{"", How::kOff};
  if (*choice != "auto") return LanguagePreference{*choice, How::kAsked};
  std::string lang = detect_query_language(language_words(pq));
  const How how = lang.empty() ? How::kUndetected : How::kDetected;
  return LanguagePreference{std::move(lang), how};
}

void add_language_boost(const Xapian::Database& db, Built& built, const std::string& lang) {
  if (lang.empty() || built.query.empty()) return;
  // "Lfr", and "Lfr-ca" or "Lfr_CA" as an article gave it (the indexer keeps the code as written).
  const std::string term = schema::term(schema::kLang, lang);
  std::vector<Xapian::Query> terms;
  for (auto it = db.allterms_begin(term); it != db.allterms_end(term); ++it) {
    const std::string t = *it;
    if (t.size() == term.size() || t[term.size()] == '-' || t[term.size()] == '_') terms.emplace_back(t);
  }
  if (terms.empty()) return;
  auto boost = [&]() {
    auto fixed = std::make_unique<Xapian::FixedWeightPostingSource>(kLanguageBoost);
    // Xapian takes ownership of a released posting source.
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(fixed.release()->release()),
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
  };
  built.query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, boost());
  if (!built.relaxed.empty()) built.relaxed = Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.relaxed, boost());
}

}  // namespace sitrep
