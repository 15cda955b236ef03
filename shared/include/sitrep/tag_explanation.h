// sitrep: the tagger's decisions on one article, as --explain-tags shows them (sitrep-search on a
// stored article, sitrep-index on a file not yet indexed).
#pragma once

#include <string>
#include <string_view>

#include "sitrep/analyzer.h"
#include "sitrep/tagger.h"

namespace sitrep {

struct TagExplanation {
  std::string id;    // the article's id
  std::string lang;  // the language its words were read in
  std::string text;  // analysed_text(title, text): the mentions' byte ranges are into it
  Tagger::Explanation decisions;
};

// Tags an article as the indexer does (its title and text, read in `lang`, detected when empty;
// year: its publication year, 0 when unknown) and keeps every decision. `analyzer` is the one the
// tagger's gazetteer was loaded with.
TagExplanation explain_tags(const Tagger& tagger, const Analyzer& analyzer, std::string id, std::string_view title,
                            std::string_view text, std::string_view lang, int year = 0);

// The decisions as a table: each mention (as written, kind, id, confidence, reason), then each
// vetoed name with its veto.
std::string to_text(const TagExplanation& e);
// One JSON object: {"id", "lang", "mentions": [{"text", "name", "kind", "id", "candidate",
// "demonym", "confidence", "begin", "end", "reason"}], "vetoed": [{... "veto" in place of
// "reason"}]}; begin and end are byte offsets into the title, a blank line and the text.
std::string to_json(const TagExplanation& e);

}  // namespace sitrep
