#include "sitrep/tools/ucdp.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <ostream>
#include <sstream>
#include <unordered_set>

namespace sitrep::ucdp {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t p = s.find(sep, start);
    out.push_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return out;
}

// Decodes the code point at s[i] and advances i; invalid bytes give U+FFFD.
UChar32 next_code_point(std::string_view s, std::size_t& i) {
  UChar32 c = 0;
  int32_t pos = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), pos, static_cast<int32_t>(s.size()), c);
  i = static_cast<std::size_t>(pos);
  return c < 0 ? 0xFFFD : c;
}

bool is_apostrophe(UChar32 c) { return c == 0x27 || c == 0x2019 || c == 0x2018 || c == 0x02BC; }

// Quotes and brackets that may open a name ("'the Saviours'", "(FPM-Abatabazi)", "«...»").
bool is_opening_mark(UChar32 c) {
  return c == '"' || c == '(' || c == '[' || c == 0xAB || c == 0x201C || c == 0x201E || is_apostrophe(c);
}

// "n/a" (and "-", "unknown"): the CSV's way of saying there is no such name.
bool is_placeholder(std::string_view s) {
  std::string lower;
  for (char c : s) lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  return lower == "n/a" || lower == "-" || lower == "unknown";
}

// A name worth showing: not empty, not a placeholder, not too short.
bool is_real_name(std::string_view cleaned) {
  return !cleaned.empty() && !is_placeholder(cleaned) && !is_too_short(cleaned);
}

// Common English words that UCDP uses as (parts of) names: alone, as an alias, each would match
// ordinary text ("Union", "Spiders", "Return"). Not exhaustive; ethnic and place names (Afar, Fur)
// are deliberately absent.
const std::unordered_set<std::string_view>& common_words() {
  // clang-format off
  static const std::unordered_set<std::string_view> kWords = {
      "able", "about", "above", "act", "action", "active", "advance", "affairs", "after", "again", "against", "age",
      "agency", "air", "alliance", "allied", "ally", "alone", "also", "alternative", "always", "and", "angel",
      "angels", "animal", "answer", "anti", "any", "apostles", "area", "areas", "arm", "armed", "armies", "arms",
      "army", "around", "art", "assembly", "association", "attack", "authority", "autonomy", "avengers", "back",
      "bad", "banner", "base", "battalion", "battle", "bear", "bears", "bees", "best", "between", "big", "bird",
      "birds", "black", "blood", "blue", "board", "body", "bold", "brave", "bread", "bridge", "brigade", "brigades",
      "brother", "brotherhood", "brothers", "brown", "build", "cadres", "call", "camp", "capital", "care", "cause",
      "cell", "center", "centre", "chain", "chance", "change", "chief", "children", "choice", "church", "city",
      "civil", "clan", "class", "clean", "close", "club", "coalition", "cobra", "cobras", "code", "cold", "command",
      "commando", "commandos", "committee", "common", "community", "company", "concord", "congress", "control",
      "convention", "core", "corps", "council", "counterrevolutionaries", "country", "courage", "court", "cross",
      "crown", "crusaders", "dawn", "day", "dead", "death", "defence", "defenders", "defense", "democracy",
      "development", "direction", "division", "door", "dragon", "dragons", "dream", "eagle", "eagles", "early",
      "earth", "east", "elements", "elite", "end", "energy", "equality", "eternal", "event", "exile", "eye", "eyes",
      "face", "faction", "faith", "falcon", "falcons", "family", "far", "farmers", "father", "fight", "fighters",
      "final", "fire", "first", "flag", "flame", "fly", "force", "forces", "forest", "fortress", "forward",
      "foundation", "free", "freedom", "friends", "front", "fruit", "future", "general", "generation", "glory", "god",
      "gold", "good", "government", "grace", "great", "green", "group", "groups", "growth", "guard", "guardians",
      "guards", "guide", "hand", "hands", "happy", "hawks", "head", "heart", "heaven", "help", "hero", "heroes",
      "high", "hill", "history", "holy", "home", "honour", "honor", "hope", "horse", "house", "human", "hunters",
      "idea", "independence", "iron", "island", "jihad", "join", "journey", "joy", "justice", "key", "king",
      "kingdom", "knights", "labour", "labor", "land", "last", "law", "leader", "leaders", "league", "left",
      "liberation", "liberty", "life", "light", "line", "lion", "lions", "little", "live", "local", "long", "lord",
      "love", "loyalists", "main", "majority", "man", "march", "martyrs", "mass", "master", "men", "message",
      "middle", "might", "military", "militia", "militias", "mind", "mission", "moderate", "mother", "mountain",
      "mountains", "move", "movement", "national", "nations", "natural", "navy", "neutral", "new", "night", "ninja",
      "ninjas", "noble", "north", "now", "observers", "ocean", "office", "old", "one", "open", "operation", "order",
      "organization", "organisation", "original", "others", "outlaws", "owners", "pan", "party", "path", "patriots",
      "peace", "people", "peoples", "phoenix", "place", "plan", "police", "popular", "power", "pride", "progress",
      "promise", "protection", "protectors", "public", "pure", "quest", "rage", "rain", "rebels", "reclamation",
      "reconciliation", "red", "reform", "rehabilitation", "rescue", "resistance", "restoration", "return", "revival",
      "revolution", "revolutionaries", "revolutionary", "right", "rights", "rising", "river", "road", "rock", "royal",
      "royalists", "rule", "sacred", "saints", "salvation", "saviours", "saviors", "scorpion", "scorpions", "sea",
      "security", "seven", "shadow", "shield", "silent", "silver", "society", "soldiers", "solidarity", "son", "sons",
      "south", "spider", "spiders", "spirit", "spring", "star", "stars", "state", "states", "storm", "strength",
      "strong", "student", "students", "sun", "supporters", "survival", "sword", "tiger", "tigers", "time",
      "together", "tomorrow", "tribe", "truth", "union", "unit", "united", "unity", "valley", "victory", "vigilance",
      "vigilantes", "voice", "volunteers", "war", "warriors", "watch", "water", "way", "west", "white", "will",
      "wind", "wing", "wisdom", "wolf", "wolves", "women", "word", "work", "workers", "world", "wrath", "young",
      "youth", "zeal",
  };
  // clang-format on
  return kWords;
}

// UCDP names of former states that countries.tsv does not list, mapped to the present country
// that UCDP itself codes them with (GW codes 817 and 680 are listed under Vietnam and Yemen).
struct FormerState {
  const char* name;
  const char* code;
};
constexpr FormerState kFormerStates[] = {
    {"South Vietnam", "vn"}, {"Republic of Vietnam", "vn"}, {"North Vietnam", "vn"},
    {"South Yemen", "ye"},   {"North Yemen", "ye"},         {"Macedonia, FYR", "mk"},
};

std::string join_key(const std::vector<std::string>& words) {
  std::string k;
  for (const auto& w : words) {
    if (!k.empty()) k.push_back(' ');
    k += w;
  }
  return k;
}

// Lines of a '#'-commented TSV file, split into fields.
Result<std::vector<std::pair<std::size_t, std::vector<std::string>>>> read_tsv(const std::string& path,
                                                                               std::size_t min_fields) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": cannot open");
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (auto f : split(line, '\t')) fields.emplace_back(trim(f));
    if (fields.size() < min_fields)
      return Status::parse_error(path + ":" + std::to_string(n) + ": expected at least " + std::to_string(min_fields) +
                                 " tab-separated fields");
    rows.emplace_back(n, std::move(fields));
  }
  return rows;
}

}  // namespace

std::string without_brackets(std::string_view name) {
  name = trim(name);
  const auto open = name.rfind(" (");
  if (open == std::string_view::npos || name.back() != ')') return std::string(name);
  return std::string(trim(name.substr(0, open)));
}

std::string clean_name(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    // A line break right after a hyphen is a word cut in two: join it.
    if ((c == '\n' || c == '\r') && !out.empty() && out.back() == '-') {
      while (i + 1 < raw.size() && (raw[i + 1] == '\n' || raw[i + 1] == '\r' || raw[i + 1] == ' ')) ++i;
      continue;
    }
    const bool nbsp = c == '\xC2' && i + 1 < raw.size() && raw[i + 1] == '\xA0';
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || nbsp) {
      if (nbsp) ++i;
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(c == '|' ? '/' : c);
  }
  return out;
}

bool starts_like_name(std::string_view piece) {
  piece = trim(piece);
  std::size_t i = 0;
  while (i < piece.size()) {
    const std::size_t at = i;
    const UChar32 c = next_code_point(piece, i);
    if (is_opening_mark(c) || c == ' ') continue;
    if (u_isdigit(c)) return true;
    if (!u_isalpha(c)) return false;
    if (!u_islower(c)) return true;  // upper case, title case, or a script without case
    // Lower case: a name only when its first word is a particle joined to the rest ("al-Dawla").
    std::string_view word = piece.substr(at);
    word = word.substr(0, word.find(' '));
    std::size_t j = 0;
    bool joined = false;
    while (j < word.size()) {
      const UChar32 w = next_code_point(word, j);
      if ((w == '-' || is_apostrophe(w)) && j < word.size()) {
        joined = true;
        break;
      }
    }
    return joined;
  }
  return false;
}

std::vector<std::string> split_name_list(std::string_view text) {
  std::vector<std::string> pieces;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    const bool cut = i == text.size() || (text[i] == ',' && i + 1 < text.size() &&
                                          (text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\r'));
    if (!cut) continue;
    std::string piece = clean_name(text.substr(start, i - start));
    start = i + 1;
    if (piece.empty()) continue;
    if (!pieces.empty() && !starts_like_name(piece))
      pieces.back() += ", " + piece;
    else
      pieces.push_back(std::move(piece));
  }
  return pieces;
}

std::size_t letter_count(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();)
    if (u_isalpha(next_code_point(s, i))) ++n;
  return n;
}

bool is_too_short(std::string_view name) {
  std::size_t letters = 0, digits = 0;
  for (std::size_t i = 0; i < name.size();) {
    const UChar32 c = next_code_point(name, i);
    if (u_isalpha(c)) ++letters;
    if (u_isdigit(c)) ++digits;
  }
  return letters == 0 || letters + digits < 2;
}

bool is_ordinary_word(std::string_view alias, const Analyzer& analyzer) {
  alias = trim(alias);
  if (alias.empty() || alias.find(' ') != std::string_view::npos) return false;
  const auto words = analyzer.fold_words(alias);
  if (words.size() != 1) return false;
  if (analyzer.is_stopword(words[0])) return true;
  // Written like an ordinary word: all lower case, or capitalised with the rest lower case.
  std::size_t i = 0, letters = 0;
  bool rest_lower = true;
  while (i < alias.size()) {
    const UChar32 c = next_code_point(alias, i);
    if (!u_isalpha(c)) continue;
    if (letters++ > 0 && !u_islower(c)) rest_lower = false;
  }
  return rest_lower && common_words().count(words[0]) > 0;
}

// --- countries --------------------------------------------------------------------------------

std::string CountryMapper::key(std::string_view name) const { return join_key(analyzer_->fold_words(name)); }

void CountryMapper::add_name(std::string_view name, const std::string& code) {
  auto k = key(name);
  if (!k.empty()) codes_.try_emplace(std::move(k), code);  // the first country to claim a name keeps it
}

void CountryMapper::add_demonym(std::string_view demonym) {
  auto k = key(demonym);
  if (!k.empty()) demonyms_.insert(std::move(k));
}

Result<CountryMapper> CountryMapper::load(const std::string& countries_tsv, const Analyzer& analyzer) {
  auto rows = read_tsv(countries_tsv, 4);
  if (!rows) return rows.status();
  CountryMapper m(analyzer);
  for (const auto& [line, f] : *rows) {
    if (f[0].size() != 2)
      return Status::parse_error(countries_tsv + ":" + std::to_string(line) + ": country code must have two letters");
    m.add_name(f[1], f[0]);
    for (auto a : split(f[2], '|'))
      if (!trim(a).empty()) m.add_name(trim(a), f[0]);
    for (auto d : split(f[3], '|'))
      if (!trim(d).empty()) m.add_demonym(trim(d));
  }
  for (const auto& s : kFormerStates) m.add_name(s.name, s.code);
  return m;
}

std::optional<std::string> CountryMapper::code_of(std::string_view name) const {
  name = trim(name);
  if (auto it = codes_.find(key(name)); it != codes_.end()) return it->second;
  // "Vietnam (North Vietnam)": the present name, else the one in brackets.
  const auto open = name.find('(');
  if (open != std::string_view::npos && name.back() == ')') {
    const auto before = trim(name.substr(0, open));
    const auto inside = trim(name.substr(open + 1, name.size() - open - 2));
    for (auto part : {before, inside})
      if (auto it = codes_.find(key(part)); !part.empty() && it != codes_.end()) return it->second;
  }
  return std::nullopt;
}

std::vector<std::string> CountryMapper::map_location(std::string_view location,
                                                     std::vector<std::string>* unknown) const {
  std::vector<std::string> pieces;
  for (auto p : split(location, ','))
    if (!trim(p).empty()) pieces.emplace_back(clean_name(p));
  std::vector<std::string> codes;
  auto take = [&](const std::string& code) {
    if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    // A country name with a comma in it ("Macedonia, FYR") first.
    if (i + 1 < pieces.size()) {
      if (auto it = codes_.find(key(pieces[i] + ", " + pieces[i + 1])); it != codes_.end()) {
        take(it->second);
        ++i;
        continue;
      }
    }
    if (auto code = code_of(pieces[i]))
      take(*code);
    else if (unknown)
      unknown->push_back(pieces[i]);
  }
  return codes;
}

bool CountryMapper::is_country_word(std::string_view name) const {
  const auto k = key(name);
  return !k.empty() && (codes_.count(k) > 0 || demonyms_.count(k) > 0);
}

// --- curated actors ---------------------------------------------------------------------------

void CuratedNames::add(const std::string& id, std::string_view name, const std::vector<std::string>& countries) {
  auto& mine = countries_[id];
  for (const auto& c : countries)
    if (std::find(mine.begin(), mine.end(), c) == mine.end()) mine.push_back(c);
  auto k = join_key(analyzer_->fold_words(name));
  if (!k.empty()) owner_.try_emplace(std::move(k), id);
}

const std::string* CuratedNames::owner(std::string_view name) const {
  const auto it = owner_.find(join_key(analyzer_->fold_words(name)));
  return it == owner_.end() ? nullptr : &it->second;
}

const std::vector<std::string>& CuratedNames::countries(const std::string& id) const {
  static const std::vector<std::string> kNone;
  const auto it = countries_.find(id);
  return it == countries_.end() ? kNone : it->second;
}

Result<CuratedNames> CuratedNames::load(const std::string& actors_tsv, const Analyzer& analyzer) {
  auto rows = read_tsv(actors_tsv, 3);
  if (!rows) return rows.status();
  CuratedNames c(analyzer);
  for (const auto& [line, f] : *rows) {
    std::vector<std::string> codes;
    if (f.size() > 4)
      for (auto code : split(f[4], '|'))
        if (!trim(code).empty()) codes.emplace_back(trim(code));
    c.add(f[0], f[1], codes);
    for (auto a : split(f[2], '|'))
      if (!trim(a).empty()) c.add(f[0], trim(a));
  }
  return c;
}

bool is_acronym(std::string_view name) {
  bool upper = false;
  for (std::size_t i = 0; i < name.size();) {
    const UChar32 c = next_code_point(name, i);
    if (u_islower(c)) return false;
    if (u_isupper(c) || u_istitle(c)) upper = true;
  }
  return upper;
}

// --- rows -------------------------------------------------------------------------------------

std::string kind_of_org(int org) {
  switch (org) {
    case 1:
      return "armed-group";
    case 2:
      return "party-supporters";
    case 3:
      return "identity-group";
    case 4:
      return "government";
    default:
      return {};
  }
}

RowNames names_of_row(const NameColumns& row, const Analyzer& analyzer) {
  RowNames out;
  // NewName may list successive names ("TQJBR, ISI, ISIS, IS"); the two full-name columns are
  // parallel lists, split only when they give as many names as NewName does.
  const auto new_names = split_name_list(row.new_name);
  auto full_names = [&](const std::string& field) {
    auto pieces = split_name_list(field);
    if (new_names.size() >= 2 && pieces.size() == new_names.size()) return pieces;
    const auto whole = clean_name(field);
    return whole.empty() ? std::vector<std::string>{} : std::vector<std::string>{whole};
  };
  const auto new_mother_tongue = full_names(row.new_name_mother_tongue);
  const auto new_eng = full_names(row.new_name_eng);

  const std::string orig_full_eng = clean_name(row.name_orig_full_eng);
  if (row.name_changed && !new_eng.empty() && is_real_name(new_eng.back()) &&
      !is_ordinary_word(new_eng.back(), analyzer)) {
    out.display = new_eng.back();  // the present name of a renamed actor
  } else if (is_real_name(orig_full_eng)) {
    out.display = orig_full_eng;
  } else {
    // NameData (else NameOrig) as it is, however short.
    for (const std::string& candidate : {clean_name(row.name_data), clean_name(row.name_orig)}) {
      if (!candidate.empty() && !is_placeholder(candidate)) {
        out.display = candidate;
        break;
      }
    }
  }
  if (out.display.empty()) return out;

  std::unordered_set<std::string> seen;
  auto add = [&](const std::string& name) {
    if (name.empty() || is_placeholder(name)) return;
    auto k = join_key(analyzer.fold_words(name));
    if (k.empty() || !seen.insert(std::move(k)).second) return;
    out.all.push_back(name);
  };
  add(out.display);
  add(clean_name(row.name_data));
  add(clean_name(row.name_orig));
  add(clean_name(row.name_orig_full));
  add(orig_full_eng);
  for (const auto& n : new_names) add(n);
  for (const auto& n : new_mother_tongue) add(n);
  for (const auto& n : new_eng) add(n);
  return out;
}

Result<ImportResult> import_actors(const std::vector<csv::Record>& records, const CountryMapper& countries,
                                   const CuratedNames& curated, const Analyzer& analyzer,
                                   const ImportOptions& options) {
  if (records.empty()) return Status::parse_error("empty file: no header row");
  const csv::Record& header = records.front();
  const char* kColumns[] = {"ActorId",         "NameData",   "NameOrig", "NameOrigFull",
                            "NameOrigFullEng", "NameChange", "NewName",  "NewNameFullMotherTongue",
                            "NewNameFullEng",  "Org",        "Location", "Version"};
  std::map<std::string, std::size_t> col;
  for (const char* name : kColumns) {
    auto c = csv::column(header, name);
    if (!c) return Status::parse_error(std::string("line 1: missing column '") + name + "'");
    col[name] = *c;
  }

  ImportResult result;
  ImportReport& rep = result.report;
  std::set<std::string> ids;
  std::map<std::string, std::size_t> unknown_index;
  for (std::size_t r = 1; r < records.size(); ++r) {
    const auto& rec = records[r];
    ++rep.read;
    const std::string where = "line " + std::to_string(rec.line) + ": ";
    if (rec.fields.size() != header.fields.size()) {
      ++rep.invalid;
      rep.warnings.push_back(where + "expected " + std::to_string(header.fields.size()) + " fields, found " +
                             std::to_string(rec.fields.size()) + "; row skipped");
      continue;
    }
    auto field = [&](const char* name) -> const std::string& { return rec.fields[col.at(name)]; };
    bool utf8 = true;
    for (const auto& f : rec.fields) utf8 = utf8 && is_valid_utf8(f);
    if (!utf8) {
      ++rep.invalid;
      rep.warnings.push_back(where + "not valid UTF-8; row skipped");
      continue;
    }
    const std::string id(trim(field("ActorId")));
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      ++rep.invalid;
      rep.warnings.push_back(where + "ActorId '" + id + "' is not a number; row skipped");
      continue;
    }
    if (!ids.insert(id).second) {
      ++rep.invalid;
      rep.warnings.push_back(where + "ActorId " + id + " seen before; row skipped");
      continue;
    }
    if (rep.version.empty()) rep.version = std::string(trim(field("Version")));
    const auto org_text = trim(field("Org"));
    int org = 0;
    const auto [end, ec] = std::from_chars(org_text.data(), org_text.data() + org_text.size(), org);
    if (ec != std::errc() || end != org_text.data() + org_text.size()) {
      ++rep.invalid;
      rep.warnings.push_back(where + "Org '" + std::string(org_text) + "' is not a number; row skipped");
      continue;
    }
    if (!options.orgs.count(org) || kind_of_org(org).empty()) {
      ++rep.other_org;
      continue;
    }

    NameColumns nc;
    nc.name_data = field("NameData");
    nc.name_orig = field("NameOrig");
    nc.name_orig_full = field("NameOrigFull");
    nc.name_orig_full_eng = field("NameOrigFullEng");
    nc.name_changed = trim(field("NameChange")) == "1";
    nc.new_name = field("NewName");
    nc.new_name_mother_tongue = field("NewNameFullMotherTongue");
    nc.new_name_eng = field("NewNameFullEng");
    RowNames names = names_of_row(nc, analyzer);
    if (names.display.empty()) {
      ++rep.invalid;
      rep.warnings.push_back(where + "ActorId " + id + " has no usable name; row skipped");
      continue;
    }
    std::vector<std::string> location_unknown;
    const auto codes = countries.map_location(field("Location"), &location_unknown);
    // The curated list wins over any UCDP actor that shares one of its names (also without a
    // final bracket: "Government of Russia (Soviet Union)"). An acronym alias
    // alone ("NDF", "ELN") is weaker evidence: it makes the actor a duplicate only when the
    // curated actor shares a country with it; otherwise only the acronym is dropped.
    std::string duplicate_of, shared_name;
    std::set<std::string> clashing_acronyms;
    for (std::size_t i = 0; i < names.all.size() && duplicate_of.empty(); ++i) {
      std::string n = names.all[i];
      const std::string* owner = curated.owner(n);
      if (!owner) {
        // "Government of Russia (Soviet Union)" is the curated "Government of Russia".
        n = without_brackets(n);
        owner = curated.owner(n);
      }
      if (!owner) continue;
      const auto& theirs = curated.countries(*owner);
      const bool same_country = std::any_of(codes.begin(), codes.end(), [&](const std::string& c) {
        return std::find(theirs.begin(), theirs.end(), c) != theirs.end();
      });
      if (i > 0 && is_acronym(n) && !same_country) {
        clashing_acronyms.insert(names.all[i]);
        rep.notes.push_back("ucdp-" + id + " '" + names.display + "': alias '" + n + "' dropped (curated actor '" +
                            *owner + "' has it, in other countries)");
      } else {
        duplicate_of = *owner;
        shared_name = n;
      }
    }
    if (!duplicate_of.empty()) {
      ++rep.curated_duplicates;
      rep.skipped.push_back(
          {id, names.display, "curated actor '" + duplicate_of + "' has the name '" + shared_name + "'"});
      continue;
    }
    if (countries.is_country_word(names.display)) {
      ++rep.country_names;
      rep.skipped.push_back({id, names.display, "the name is a country name or demonym"});
      continue;
    }

    Actor actor;
    actor.id = "ucdp-" + id;
    actor.name = names.display;
    actor.kind = kind_of_org(org);
    for (std::size_t i = 1; i < names.all.size(); ++i) {
      const auto& a = names.all[i];
      if (clashing_acronyms.count(a)) {
        ++rep.acronym_clashes;
        continue;
      }
      const char* why = is_too_short(a)                 ? "too short"
                        : is_ordinary_word(a, analyzer) ? "an ordinary English word"
                        : countries.is_country_word(a)  ? "a country name or demonym"
                                                        : nullptr;
      if (why) {
        ++rep.aliases_dropped;
        rep.notes.push_back(actor.id + " '" + actor.name + "': alias '" + a + "' dropped (" + why + ")");
        continue;
      }
      actor.aliases.push_back(a);
    }
    actor.countries = codes;
    for (const auto& u : location_unknown) {
      auto [it, inserted] = unknown_index.try_emplace(u, rep.unknown_locations.size());
      if (inserted) rep.unknown_locations.emplace_back(u, 0);
      ++rep.unknown_locations[it->second].second;
    }
    result.actors.push_back(std::move(actor));
  }
  rep.written = result.actors.size();
  return result;
}

// --- output -----------------------------------------------------------------------------------

std::string header_comment(const std::string& source_file, const std::string& version) {
  const std::string v = version.empty() ? "(unknown version)" : version;
  return "# UCDP Actor Dataset version " + v + " (Uppsala Conflict Data Program), imported from " + source_file +
         " by sitrep-import-ucdp. Licence: none stated with the data set; cite Davies, Pettersson & Öberg (2022), "
         "\"Organized violence 1989-2021 and drone warfare\", Journal of Peace Research 59(4), and Pettersson "
         "(2022), \"UCDP Actor Dataset Codebook v" +
         v + "\".";
}

void write_tsv(std::ostream& out, const std::vector<Actor>& actors, const std::string& source_file,
               const std::string& version) {
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) {
      if (!s.empty()) s.push_back('|');
      s += x;
    }
    return s;
  };
  out << header_comment(source_file, version) << "\n";
  out << "# Generated file: do not edit, re-run sitrep-import-ucdp. Curated actors (actors.tsv) win over these.\n";
  out << "# id\tname\taliases\tkind\tcountries\n";
  for (const auto& a : actors)
    out << a.id << '\t' << a.name << '\t' << join(a.aliases) << '\t' << a.kind << '\t' << join(a.countries) << '\n';
}

}  // namespace sitrep::ucdp
