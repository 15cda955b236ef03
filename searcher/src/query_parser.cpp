// ParsedQuery, QueryParser and the expression layer of the query reader (query_reader.h): OR
// between conjunctions, parentheses, and what the whole query settles (its clause count).
#include <algorithm>

#include "query_reader.h"
#include "sitrep/query.h"

namespace sitrep {

bool ParsedQuery::empty() const noexcept { return !has_filters() && text_.empty() && !like_; }

bool ParsedQuery::has_filters() const noexcept {
  return !entities_.empty() || !geo_.empty() || date_.has_value() || event_date_.has_value() || !fields_.empty() ||
         !any_of_.empty();
}

std::size_t ParsedQuery::clause_count() const noexcept { return count_clauses(false); }

// Inside a group of alternatives (an operator), every clause counts, plain words too.
std::size_t ParsedQuery::count_clauses(bool plain_words) const noexcept {
  std::size_t n = fields_.size() + (date_ ? 1 : 0) + (event_date_ ? 1 : 0) + (like_ ? 1 : 0);
  for (const auto& e : entities_) n += e.field || plain_words ? 1 : 0;
  for (const auto& g : geo_) n += g.field || plain_words ? 1 : 0;
  for (const auto& t : text_) n += plain(t) && !plain_words ? 0 : 1;
  for (const auto& g : any_of_)
    for (const auto& a : g.alternatives) n += 1 + a.count_clauses(true);
  return n;
}

bool ParsedQuery::plain(const TextClause& c) noexcept {
  return (c.kind == TextClause::Kind::kWord || c.kind == TextClause::Kind::kConcept) && !c.required && !c.negated;
}

void ParsedQuery::keep_plain_words(std::size_t keep, const std::function<double(const TextClause&)>& weight) {
  std::vector<std::pair<double, std::size_t>> ranked;  // (weight, index in text_) of the plain words
  for (std::size_t k = 0; k < text_.size(); ++k)
    if (plain(text_[k])) ranked.emplace_back(weight(text_[k]), k);
  if (ranked.size() <= keep) return;
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<bool> drop(text_.size(), false);
  for (std::size_t r = keep; r < ranked.size(); ++r) drop[ranked[r].second] = true;
  std::vector<TextClause> kept;
  for (std::size_t k = 0; k < text_.size(); ++k) {
    if (drop[k]) dropped_words_.push_back(text_[k].written);
    else kept.push_back(std::move(text_[k]));
  }
  text_ = std::move(kept);
}

namespace {

std::string group_summary(const AnyOf& g);

// A query's reading in words: its conditions, what only ranks higher, its text clauses.
struct Reading {
  std::vector<std::string> conditions, boosts, words;
  std::string like;  // "articles like 'ID'" (like:ID)
  // "actor = Hezbollah AND ...; ranked higher: ...", or "all articles".
  std::string head() const {
    std::string out = conditions.empty() ? (like.empty() ? "all articles" : like) : join(conditions, " AND ");
    if (!like.empty() && !conditions.empty()) out = like + " AND " + out;
    if (!boosts.empty()) out += "; ranked higher: " + join(boosts, ", ");
    return out;
  }
};

Reading reading_of(const ParsedQuery& q) {
  Reading r;
  if (q.like()) r.like = "articles like '" + q.like()->id + "'";
  for (const auto& e : q.entities()) {
    std::string s = std::string(e.negated ? "NOT " : "") + to_string(e.kind) + " = " + e.name;
    if (e.ids.size() > 1) s += " (any of " + join(e.ids, ", ") + ")";
    (e.boost ? r.boosts : r.conditions).push_back(s);
  }
  for (const auto& g : q.geo()) {
    std::string s = g.negated ? "NOT " : "";
    const std::string dir = g.direction.empty() ? "" : " " + g.direction;
    if (g.kind == GeoFilter::Kind::kNearBorder)
      s += "place within " + fmt_km(g.km) + " km" + dir + " of the border of " + g.target_name;
    else if (g.kind == GeoFilter::Kind::kPartOf)
      s += "place in the " + g.direction + " of " + g.target_name;
    else
      s += "place within " + fmt_km(g.km) + " km" + dir + " of " + g.target_name;
    std::vector<std::string> nearest;
    for (std::size_t k = 0; k < g.places.size() && k < 5; ++k)
      nearest.push_back(g.places[k].place->name + " " + fmt_km(g.places[k].km) + " km");
    s += " (" + std::to_string(g.places.size()) + " places" + (nearest.empty() ? "" : ": " + join(nearest, ", ")) +
         (g.places.size() > nearest.size() ? ", ..." : "") + ")";
    (g.boost ? r.boosts : r.conditions).push_back(s);
  }
  auto range = [](const DateFilter& d) {
    if (d.from && d.to) return "from " + d.from->iso() + " to " + d.to->iso();
    if (d.from) return "on or after " + d.from->iso();
    if (d.to) return "on or before " + d.to->iso();
    return std::string("any time");
  };
  if (const auto& d = q.date()) {
    if (d->boost)
      r.boosts.push_back("events " + range(*d));
    else
      r.conditions.push_back("published " + range(*d));
  }
  if (const auto& d = q.event_date()) r.conditions.push_back("events " + range(*d));
  for (const auto& f : q.fields())
    r.conditions.push_back(std::string(f.negated ? "NOT " : "") + f.field + " = " + f.value);
  for (const auto& g : q.any_of()) r.conditions.push_back(group_summary(g));
  for (const auto& t : q.text()) {
    std::string s = t.negated ? "-" : (t.required ? "+" : "");
    switch (t.kind) {
      case TextClause::Kind::kWord:
        s += t.written;
        break;
      case TextClause::Kind::kTitleWord:
        s += "title:" + t.written;
        break;
      case TextClause::Kind::kPhrase:
        s += "\"" + join(t.terms, " ") + "\"";
        break;
      case TextClause::Kind::kConcept:
        s += t.written + " ~ " + join(t.terms, "|");
        break;
      case TextClause::Kind::kNear:
        s += "(" + join(t.terms, " ") + " within " + std::to_string(t.window) + " words)";
        break;
      case TextClause::Kind::kWildcard:
        s += t.terms[0] + "*";
        break;
    }
    if (t.wqf > 1) s += " ×" + std::to_string(t.wqf);  // written several times: weighs more
    r.words.push_back(s);
  }
  return r;
}

// "(actor = Hezbollah OR actor = Hamas)"; "NOT (...)" for an excluded group.
std::string group_summary(const AnyOf& g) {
  std::vector<std::string> alts;
  for (const auto& a : g.alternatives) {
    std::string c = a.conditions();
    if (g.alternatives.size() > 1 && c.find(" AND ") != std::string::npos) c = "(" + c + ")";
    alts.push_back(std::move(c));
  }
  return std::string(g.negated ? "NOT " : "") + "(" + join(alts, " OR ") + ")";
}

}  // namespace

std::string ParsedQuery::summary() const {
  const Reading r = reading_of(*this);
  std::string out = r.head();
  if (!r.words.empty()) out += "; text: " + join(r.words, ", ");
  return out;
}

std::string ParsedQuery::conditions() const {
  // The reading with the text as one more condition, and without "all articles" beside it.
  const Reading r = reading_of(*this);
  std::vector<std::string> parts;
  if (const std::string head = r.head(); head != "all articles") parts.push_back(head);
  if (!r.words.empty()) parts.push_back("text: " + join(r.words, ", "));
  return parts.empty() ? "all articles" : join(parts, " AND ");
}

Result<ParsedQuery> QueryParser::parse(std::string_view query) const { return parse(query, today_utc()); }

namespace {

bool is_op(const QueryItem& it, std::string_view op) { return it.type == QueryItem::Type::kOp && it.text == op; }

std::string written_of(const std::vector<QueryItem>& items, std::size_t a, std::size_t b) {
  std::string s;
  for (std::size_t k = a; k < b && k < items.size(); ++k) {
    const QueryItem& it = items[k];
    std::string w = it.type == QueryItem::Type::kPhrase ? "\"" + it.text + "\"" : it.text;
    if (it.type != QueryItem::Type::kClose && it.type != QueryItem::Type::kField)
      w = (it.negated ? "-" : it.required ? "+" : "") + w;
    if (!s.empty() && s.back() != '(' && it.type != QueryItem::Type::kClose) s += ' ';
    s += w;
  }
  return s;
}

// The words ignored inside alternatives, gathered into the query's list.
void gather_ignored(const std::vector<AnyOf>& groups, std::vector<IgnoredWord>& out) {
  for (const auto& g : groups)
    for (const auto& a : g.alternatives) {
      out.insert(out.end(), a.ignored().begin(), a.ignored().end());
      gather_ignored(a.any_of(), out);
    }
}

// The first like: written inside a group of alternatives ("" when none): like: ranks the whole query.
std::string like_in_group(const std::vector<AnyOf>& groups) {
  for (const auto& g : groups)
    for (const auto& a : g.alternatives) {
      if (a.like()) return a.like()->written;
      if (auto w = like_in_group(a.any_of()); !w.empty()) return w;
    }
  return "";
}

// The index of the parenthesis closing the one at `open`, or npos.
std::size_t matching_close(const std::vector<QueryItem>& items, std::size_t open) {
  std::size_t depth = 0;
  for (std::size_t k = open; k < items.size(); ++k) {
    if (items[k].type == QueryItem::Type::kOpen) ++depth;
    if (items[k].type == QueryItem::Type::kClose && --depth == 0) return k;
  }
  return std::string::npos;
}

// An OR directly inside the parentheses at open .. close (not inside a group within them).
bool has_top_level_or(const std::vector<QueryItem>& items, std::size_t open, std::size_t close) {
  std::size_t depth = 0;
  for (std::size_t k = open + 1; k < close; ++k) {
    if (items[k].type == QueryItem::Type::kOpen) ++depth;
    if (items[k].type == QueryItem::Type::kClose) --depth;
    if (depth == 0 && is_op(items[k], "OR")) return true;
  }
  return false;
}

}  // namespace

Result<ParsedQuery> QueryParser::parse(std::string_view query, const Date& now) const {
  QueryReader reader(gaz_, limits_, tagger_, now);
  return reader.read(query);
}

Result<ParsedQuery> QueryReader::read(std::string_view query) {
  if (query.size() > limits_.max_query_bytes)
    return Status::limit_exceeded("query of " + std::to_string(query.size()) + " bytes is longer than the limit of " +
                                  std::to_string(limits_.max_query_bytes));
  if (!is_valid_utf8(query)) return Status::invalid_argument("query is not valid UTF-8");
  const std::vector<QueryItem> items = lex_query(query);
  // The nesting of parentheses is bounded here, once: it bounds any_of/all_of's recursion too.
  std::size_t nesting = 0, deepest = 0;
  for (const auto& it : items) {
    if (it.type == QueryItem::Type::kOpen) deepest = std::max(deepest, ++nesting);
    if (it.type == QueryItem::Type::kClose && nesting > 0) --nesting;
  }
  if (deepest > limits_.max_group_depth)
    return Status::limit_exceeded("parentheses nested more than " + std::to_string(limits_.max_group_depth) + " deep");
  std::size_t pos = 0;
  auto pq = any_of(items, pos, 0);
  if (!pq) return pq;
  pq->original_ = std::string(query);
  if (const std::string in_group = like_in_group(pq->any_of_); !in_group.empty())
    return Status::invalid_argument("'" + in_group +
                                    "': like: cannot be one of alternatives (OR) or in an excluded group");
  std::vector<IgnoredWord> nested;
  gather_ignored(pq->any_of_, nested);
  pq->ignored_.insert(pq->ignored_.end(), nested.begin(), nested.end());
  pq->ignored_.insert(pq->ignored_.end(), ignored_.begin(), ignored_.end());
  const std::size_t clauses = pq->clause_count();
  if (clauses > limits_.max_clauses)
    return Status::limit_exceeded("query has " + std::to_string(clauses) + " clauses; the limit is " +
                                  std::to_string(limits_.max_clauses));
  return pq;
}

Result<ParsedQuery> QueryReader::any_of(const std::vector<QueryItem>& items, std::size_t& pos, std::size_t depth) {
  std::vector<ParsedQuery> alternatives;
  const std::size_t start = pos;
  for (;;) {
    const std::size_t from = pos;
    auto a = all_of(items, pos, depth);
    if (!a) return a;
    if (a->empty()) {
      if (pos < items.size() && is_op(items[pos], "OR"))
        ignored_.push_back({"OR", "OR needs something on each side"});
      else if (from > start)
        ignored_.push_back({"OR", "OR needs something on each side"});
    } else {
      alternatives.push_back(std::move(*a));
    }
    if (pos < items.size() && is_op(items[pos], "OR")) {
      ++pos;
      continue;
    }
    break;
  }
  if (alternatives.size() == 1) return std::move(alternatives.front());
  ParsedQuery pq;
  if (alternatives.empty()) return pq;
  AnyOf g;
  g.alternatives = std::move(alternatives);
  g.written = written_of(items, start, pos);
  pq.any_of_.push_back(std::move(g));
  return pq;
}

Result<ParsedQuery> QueryReader::all_of(const std::vector<QueryItem>& items, std::size_t& pos, std::size_t depth) {
  std::vector<QueryItem> flat;
  std::vector<AnyOf> groups;
  while (pos < items.size()) {
    const QueryItem& it = items[pos];
    if (is_op(it, "OR")) break;
    if (it.type == QueryItem::Type::kClose) {
      if (pos < transparent_.size() && transparent_[pos]) {  // the end of a group spliced in
        ++pos;
        continue;
      }
      if (depth > 0) break;
      ignored_.push_back({")", "no opening parenthesis"});
      ++pos;
      continue;
    }
    if (it.type != QueryItem::Type::kOpen) {
      flat.push_back(it);
      ++pos;
      continue;
    }
    bool negated = it.negated;
    if (!flat.empty() && is_op(flat.back(), "NOT")) {
      negated = true;
      flat.pop_back();
    }
    if (!negated && read_qualified_place(items, pos, flat)) continue;
    // A group without OR inside is part of this conjunction (AND is associative): its items are
    // read with the others, so that a parenthesised aside in a pasted text ("the Baath
    // (Renaissance) party") reads as the words would without the parentheses.
    if (const std::size_t close = matching_close(items, pos);
        !negated && close != std::string::npos && !has_top_level_or(items, pos, close)) {
      if (transparent_.size() < items.size()) transparent_.resize(items.size(), false);
      transparent_[close] = true;
      if (close == pos + 1) ignored_.push_back({"()", "empty group"});
      ++pos;
      continue;
    }
    const std::size_t open = pos++;
    auto sub = any_of(items, pos, depth + 1);
    if (!sub) return sub;
    if (pos < items.size() && items[pos].type == QueryItem::Type::kClose)
      ++pos;
    else
      ignored_.push_back({"(", "no closing parenthesis: the group runs to the end of the query"});
    if (sub->empty()) {
      ignored_.push_back({written_of(items, open, pos), "empty group"});
      continue;
    }
    AnyOf g;
    const bool only_group = sub->any_of().size() == 1 && !sub->like() && sub->entities().empty() && sub->geo().empty() &&
                            !sub->date() && !sub->event_date() && sub->fields().empty() && sub->text().empty();
    if (only_group && !sub->any_of().front().negated)
      g = std::move(sub->any_of_.front());  // (a OR b): the group itself
    else
      g.alternatives.push_back(std::move(*sub));  // (a b): one alternative, all of it
    g.negated = negated;
    g.written = (negated ? "-" : "") + written_of(items, open + 1, pos);
    if (g.written.size() > 1 && g.written[negated ? 1 : 0] != '(') g.written.insert(negated ? 1 : 0, "(");
    groups.push_back(std::move(g));
  }
  ConjunctionReader conjunction(gaz_, limits_, tagger_, now_);
  auto pq = conjunction.read(std::move(flat));
  if (!pq) return pq;
  for (auto& g : groups) pq->any_of_.push_back(std::move(g));
  return pq;
}
bool QueryReader::read_qualified_place(const std::vector<QueryItem>& items, std::size_t& pos,
                                       std::vector<QueryItem>& flat) const {
  // ( word... ) right after plain words.
  std::size_t close = pos + 1;
  while (close < items.size() && items[close].type == QueryItem::Type::kWord && !items[close].negated &&
         !items[close].required)
    ++close;
  if (close == pos + 1 || close >= items.size() || items[close].type != QueryItem::Type::kClose || close - pos > 4)
    return false;
  std::string qualifier;
  for (std::size_t k = pos + 1; k < close; ++k) qualifier += (qualifier.empty() ? "" : " ") + items[k].text;
  std::size_t trailing = 0;
  while (trailing < flat.size() && trailing < 4 && flat[flat.size() - 1 - trailing].type == QueryItem::Type::kWord)
    ++trailing;
  for (std::size_t n = trailing; n >= 1; --n) {
    std::string name;
    for (std::size_t k = flat.size() - n; k < flat.size(); ++k) name += (name.empty() ? "" : " ") + flat[k].text;
    if (places_in_area(gaz_, gaz_.lookup(name), qualifier).empty()) continue;
    QueryItem place;
    place.type = QueryItem::Type::kField;
    place.field = "place";
    place.value = name + ", " + qualifier;
    place.text = name + " (" + qualifier + ")";
    place.negated = flat[flat.size() - n].negated;
    place.natural = true;
    flat.resize(flat.size() - n);
    // "in Geneva (Switzerland)", "near Geneva (Switzerland)": the word before says how.
    if (!flat.empty() && flat.back().type == QueryItem::Type::kWord) {
      const std::string before = lower_ascii(flat.back().text);
      if (before == "in" || before == "at" || before == "near" || before == "around") {
        if (before == "near" || before == "around") place.field = "near";
        place.text = flat.back().text + " " + place.text;
        flat.pop_back();
      }
    }
    flat.push_back(std::move(place));
    pos = close + 1;
    return true;
  }
  return false;
}

}  // namespace sitrep
