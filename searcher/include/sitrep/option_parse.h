// sitrep: search options written as words, read the same way by sitrep-search's command line and
// sitrep-serve's parameters. Each parse_* returns the option, or nullopt for a word it does not
// know; the matching *_choices() names the words it knows as an error message lists them
// ("relevance, newest or oldest"). Each caller frames its own message (--sort 'x', sort='x').
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "sitrep/searcher.h"
#include "sitrep/status.h"

namespace sitrep {

std::optional<SearchOptions::Sort> parse_sort(std::string_view word);
std::string sort_choices();
std::optional<SearchOptions::Interval> parse_interval(std::string_view word);
std::string interval_choices();
std::optional<SearchOptions::HistogramField> parse_histogram_field(std::string_view word);
std::string histogram_field_choices();

// A language preference (SearchOptions::prefer_lang; --prefer-lang, prefer_lang=): "auto" (or
// empty), "none", or a language sitrep knows, as its code in lower case ("FR", "fr-CA" -> "fr");
// nullopt for another word.
std::optional<std::string> parse_prefer_lang(std::string_view word);
std::string prefer_lang_choices();

// A drill-down written NAME<sep>ID ("actor=hezbollah" on the command line, "actor:hezbollah" in a
// URL): the (name, id) pair of SearchOptions::drill_down, or nullopt when either side is empty or
// there is no separator. The name is not checked here: see facets::find (sitrep/facets.h).
std::optional<std::pair<std::string, std::string>> parse_facet(std::string_view arg, char sep);

// More like this given apart from the query (sitrep-search --like ID, sitrep-serve's like=ID): the
// query field like:"ID" to put in front of the query; kInvalidArgument for an id that cannot be one
// (empty, too long, control characters or a double quote).
Result<std::string> like_field(std::string_view id);

}  // namespace sitrep
