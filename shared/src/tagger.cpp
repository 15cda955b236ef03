#include "sitrep/tagger.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace sitrep {

// What a common word is, from common-words.tsv.
enum class Sense : std::uint8_t { kNone, kMonth, kDirection, kName, kWord, kFunction };

// What the tagger knows of a folded word, as bits: its Sense (low three bits), whether it is a
// first name, and the cue lists it belongs to. One hash lookup per word.
enum WordBit : std::uint32_t {
  kSenseMask = 7,
  kFirst = 1u << 3,
  kFirstAmbiguous = 1u << 4,
  kTitle = 1u << 5,
  kHonorific = 1u << 6,
  kPersonal = 1u << 7,
  kParticle = 1u << 8,
  kOrg = 1u << 9,
  kTeamSuffix = 1u << 10,
  kTeamPrefix = 1u << 11,
  kAgency = 1u << 12,
  kNotOrgAcronym = 1u << 13,
  kInstitution = 1u << 14,
  kFeature = 1u << 15,
  kRegionWord = 1u << 16,
  kThing = 1u << 17,
  kSaid = 1u << 18,
  kPlacePrep = 1u << 19,
  kCandidatePrep = 1u << 20,
  kMonthWord = 1u << 21,
  kVerbFollower = 1u << 22,
  kAbbreviation = 1u << 23,
};

struct Tagger::Lexicon {
  std::unordered_map<std::string, std::uint32_t> words;        // folded word -> WordBit set
  std::unordered_map<std::string, std::string> abbreviations;  // folded abbreviation -> region id
};

namespace {

using WordSet = std::unordered_set<std::string_view>;

// ---- Cue words (grammar, not data) ------------------------------------------------------------

// Words that introduce a person's name ("President Bashar al-Assad", "spokesman Avichay Adraee").
const WordSet& person_titles() {
  static const WordSet k = {
      "president",  "general",    "gen",        "minister",  "spokesman", "spokeswoman", "spokesperson",
      "commander",  "colonel",    "col",        "lieutenant", "lt",       "major",       "maj",
      "sheikh",     "sheik",      "emir",       "king",      "queen",     "prince",      "princess",
      "premier",    "chancellor", "envoy",      "ambassador", "secretary", "governor",   "mayor",
      "senator",    "admiral",    "brigadier",  "sergeant",  "sgt",       "captain",     "capt",
      "mr",         "mrs",        "ms",         "miss",      "dr",        "sir",         "cleric",
      "sultan",     "ayatollah",  "imam",       "rabbi",     "pope",      "cardinal",    "archbishop",
      "bishop",     "reverend",   "rev",        "judge",     "prosecutor", "chairman",   "chairwoman",
      "leader",     "chief",      "director",   "coach",     "professor", "prof",        "madame",
      "mme",        "monsieur",   "herr",       "lord",      "lady",      "dame",        "sen",
      "rep",        "gov",        "marshal",    "corporal",  "cpl",       "deputy",      "vice",
      "president-elect", "striker", "midfielder", "defender", "goalkeeper", "officer",   "activist",
      "journalist", "correspondent", "analyst", "lawyer",    "diplomat",  "negotiator",  "mediator",
      "mother",     "father"};
  return k;
}

// Titles after which one name word is enough ("President Clinton", "Mr Nour", "King Abdullah").
const WordSet& honorifics() {
  static const WordSet k = {"president", "mr",        "mrs",       "ms",         "miss",     "dr",
                            "sir",       "king",      "queen",     "prince",     "princess", "sheikh",
                            "sheik",     "emir",      "sultan",    "premier",    "chancellor", "senator",
                            "sen",       "governor",  "gov",       "mayor",      "ambassador", "envoy",
                            "colonel",   "col",       "lieutenant", "lt",        "sergeant", "sgt",
                            "commander", "spokesman", "spokeswoman", "minister", "judge",    "pope",
                            "ayatollah", "imam",      "rabbi",     "cardinal",   "archbishop", "bishop",
                            "reverend",  "rev",       "professor", "prof",       "madame",   "mme",
                            "monsieur",  "herr",      "lord",      "lady",       "dame",     "coach",
                            "rep",       "admiral",   "marshal",   "captain",    "capt",     "mother",
                            "father"};
  return k;
}

// Honorifics of a private person: "Mr Jordan" is a person even though Jordan is a country.
const WordSet& personal_honorifics() {
  static const WordSet k = {"mr", "mrs", "ms", "miss", "dr", "sir", "madame", "mme", "monsieur", "herr", "dame"};
  return k;
}

// Lower-case particles allowed inside a name ("Abu Mohammed al-Jolani").
const WordSet& name_particles() {
  static const WordSet k = {"al", "el",  "bin", "ibn", "bint", "abu", "ad", "as", "ash", "at", "az", "de",
                            "van", "von", "da", "ould", "ag",  "der", "den", "du", "la", "le", "di", "dos",
                            "ul"};
  return k;
}

// Head words of an organisation's name ("Damascus University", "Bank of England").
const WordSet& org_words() {
  static const WordSet k = {
      "party",       "front",        "brigade",    "brigades",   "army",       "movement",   "council",
      "ministry",    "union",        "forces",     "group",      "organization", "organisation", "committee",
      "agency",      "bank",         "corp",       "corporation", "inc",       "ltd",        "company",
      "university",  "association",  "league",     "club",       "fc",         "federation", "authority",
      "commission",  "institute",    "foundation", "coalition",  "battalion",  "regiment",   "corps",
      "command",     "militia",      "fund",       "airlines",   "airways",    "bureau",     "tribunal",
      "assembly",    "parliament",   "congress",   "senate",     "court",      "cabinet",    "exchange",
      "holdings",    "plc",          "co",         "ag",         "gmbh",       "nv",         "ministries",
      "guard",       "guards",       "police",     "network",    "office",     "department", "service",
      "services",    "agencies",     "industries", "motors",     "airline",    "bancorp",    "trust",
      "society",     "centre",       "center",     "school",     "college",    "academy",    "hospital",
      "news",        "times",        "post",       "journal",    "radio",      "television", "tv",
      "press",       "telegraph",    "herald",     "tribune",    "gazette",    "channel",    "newsroom",
      "desk"};
  return k;
}

// Sports team words after a town ("Manchester United") or before it ("FC Porto").
const WordSet& team_suffixes() {
  static const WordSet k = {"united", "rovers", "wanderers", "athletic", "albion", "rangers", "hotspur", "fc"};
  return k;
}
const WordSet& team_prefixes() {
  static const WordSet k = {"fc",     "ac",       "sc",      "real",      "atletico", "sporting", "dynamo",
                            "dinamo", "spartak", "lokomotiv", "cska",   "olympique", "inter",    "borussia"};
  return k;
}

// News agencies: organisations named alone ("according to Reuters", "Interfax said").
const WordSet& news_agencies() {
  static const WordSet k = {"reuters", "afp",    "xinhua",  "interfax", "tass",   "itar",  "anadolu", "irna",
                            "sana",    "mena",   "kuna",    "wafa",     "bernama", "kyodo", "yonhap",  "ansa",
                            "dpa",     "efe",    "bloomberg", "ria",    "novosti", "ukrinform", "unian", "isna",
                            "tasnim",  "fars",   "mehr",    "petra",    "apa",    "pap",   "ctk",     "bta",
                            "tanjug",  "hina",   "mta",     "ap",       "rtrs"};
  return k;
}

// Acronyms that do not name an organisation.
const WordSet& not_org_acronyms() {
  static const WordSet k = {"gdp", "ceo", "cfo", "tv",  "am",  "pm",  "ok",   "id",  "dna", "hiv", "aids", "ied",
                            "rpg", "pct", "mln", "bln", "usd", "eur", "gmt",  "utc", "est", "nb",  "ps",   "vs",
                            "ii",  "iii", "iv",  "vi",  "vii", "viii", "ix",  "xi",  "xii", "kg",  "km",   "mm",
                            "cm",  "mw",  "kw",  "mph", "fm",  "pc",  "cd",   "dvd", "gmo", "vat", "ipo",  "ad",
                            "bc",  "jr",  "sr",  "st",  "mr",  "dr",  "phd",  "mp",  "mps", "faq", "pdf",  "url",
                            "www", "html", "sms", "gps", "uav", "apc", "apcs", "atgm", "mlrs", "sam", "manpads",
                            "ft",  "lb",  "lbs", "oz",  "bpd", "cif", "fob", "ltd", "inc", "plc", "co",   "corp",
                            "de",  "le",  "la",  "el",  "al",  "sa",  "ag",   "nv",  "tba", "tbd", "asap", "ot",
                            "cst", "edt", "pst", "pdt", "bst", "cet", "cest", "ap"};
  return k;
}

// Institutions named by one word ("the Senate said").
const WordSet& institutions() {
  static const WordSet k = {"senate", "congress", "parliament", "commission", "treasury", "cabinet", "pentagon",
                            "knesset", "duma", "bundestag", "majlis", "politburo", "interpol", "europol"};
  return k;
}

// After a country name these make it a natural feature, not the country ("the Niger River").
const WordSet& feature_words() {
  static const WordSet k = {"river", "delta", "basin", "valley", "sea", "strait", "straits", "canal"};
  return k;
}

// Words naming the kind of a region ("Idlib province").
const WordSet& region_words() {
  static const WordSet k = {"province",   "governorate", "region",  "district", "oblast", "county",
                            "prefecture", "municipality", "state",  "territory", "raion", "rayon"};
  return k;
}

// Capitalised words that end a person's name: what follows a name in a non-person phrase
// ("Stanley Cup", "Christian Democrats", "Victoria Station").
const WordSet& thing_words() {
  static const WordSet k = {
      "cup",     "square",  "democrats", "republicans", "street",   "road",    "avenue",   "bridge",
      "park",    "station", "airport",   "hotel",       "stadium",  "prize",   "award",    "trophy",
      "cross",   "memorial", "church",   "mosque",      "cathedral", "hall",   "house",    "palace",
      "tower",   "dam",     "island",    "islands",     "mountains", "mountain", "hills",  "hill",
      "beach",   "port",    "harbour",   "harbor",      "gate",     "camp",    "base",     "lake",
      "open",    "games",   "olympics",  "championship", "championships", "grand", "classic", "marathon",
      "index",   "stock",   "stocks",    "shares",      "bonds",    "law",     "act",      "bill",
      "treaty",  "accord",  "accords",   "agreement",   "plan",     "doctrine", "war",     "crisis",
      "revolution", "uprising", "spring", "conference", "summit",   "talks",   "forum",    "square"};
  return k;
}

// Verbs that report speech: "Haddad said", "said Haddad".
const WordSet& said_verbs() {
  static const WordSet k = {"said",   "says",    "told",     "added",  "explained", "insisted",    "wrote",
                            "replied", "stated", "declared", "recalled", "acknowledged", "argued", "admitted",
                            "asserted", "stressed", "urged",  "warned", "tells",      "adds"};
  return k;
}

// Prepositions that make a following name a place ("in Nice", "near Split").
const WordSet& place_prepositions() {
  static const WordSet k = {"in",   "near",   "at",     "from",   "outside", "around", "to",
                            "into", "towards", "toward", "across", "via",    "inside", "between",
                            // Arabic (folded: الي is إلى) and Hebrew prepositions written apart, and
                            // the words for town, village, area, crossing before a name
                            "في", "وفي", "قرب", "الي", "من", "نحو", "داخل", "حول", "بلده", "لبلده", "ببلده",
                            "مدينه", "لمدينه", "بمدينه", "قريه", "منطقه", "معبر", "ליד", "אל", "מול",
                            "ממערב", "ממזרח", "הכפר", "בכפר", "העיר", "בעיר", "אזור", "באזור", "לאזור"};
  return k;
}
// The narrower set that makes an unknown capitalised word a candidate place.
const WordSet& candidate_place_prepositions() {
  static const WordSet k = {"in", "near", "at", "from", "outside"};
  return k;
}

const WordSet& months() {
  static const WordSet k = {"january", "february", "march",   "april",    "may",     "june",   "july",  "august",
                            "september", "october", "november", "december", "jan",   "feb",    "mar",   "apr",
                            "jun",     "jul",      "aug",      "sep",     "sept",    "oct",    "nov",   "dec"};
  return k;
}

// Modal verbs after which "May" is not a name.
const WordSet& verb_followers() {
  static const WordSet k = {"be", "have", "not", "also", "well", "yet", "soon", "still", "need", "take",
                            "come", "become", "face", "seem", "prove", "lead", "help"};
  return k;
}

// ---- Token helpers ----------------------------------------------------------------------------

// A word of a script without case (Arabic, Hebrew, ...): capitalisation says nothing there, so
// its gazetteer names count as written. (Not a lower-case word of a cased script such as Russian
// "того", which is not Togo.)
bool caseless(const Token& t) { return t.caseless; }
bool name_like(const Token& t) { return !t.numeric && (t.capitalized || t.all_caps || caseless(t)); }

// A gazetteer name found in running text counts when written like a name: at least one of its
// words is capitalized or in a script without case; never an all-lower-case Latin word.
bool written_as_name(const std::vector<Token>& tokens, std::size_t i, std::size_t len) {
  for (std::size_t k = i; k < i + len; ++k)
    if (tokens[k].capitalized || tokens[k].all_caps || caseless(tokens[k])) return true;
  return false;
}

std::string slug(const std::vector<Token>& tokens, std::size_t first, std::size_t end) {
  std::string s;
  for (std::size_t k = first; k < end; ++k) {
    if (!s.empty()) s.push_back('-');
    s += tokens[k].norm;
  }
  return s;
}

// Display text of tokens [first, end): the words with a space between them, or a hyphen where
// the text had one word-adjacent separator byte that the next word's position shows.
std::string display(const std::vector<Token>& tokens, std::size_t first, std::size_t end) {
  std::string s;
  for (std::size_t k = first; k < end; ++k) {
    if (k > first) s += (tokens[k].begin == tokens[k - 1].end + 1 && tokens[k - 1].norm.size() <= 3 &&
                         !tokens[k - 1].capitalized)
                            ? "-"
                            : " ";
    s += tokens[k].surface;
  }
  return s;
}

// ---- Lexicon files ----------------------------------------------------------------------------

std::vector<std::vector<std::string>> read_rows(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const std::size_t p = line.find('\t', start);
      fields.push_back(line.substr(start, p == std::string::npos ? std::string::npos : p - start));
      if (p == std::string::npos) break;
      start = p + 1;
    }
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::shared_ptr<const Tagger::Lexicon> load_lexicon(const std::string& dir, const Analyzer& analyzer) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Tagger::Lexicon>> cache;
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string chosen;
  for (const std::string& d : {dir, Gazetteer::default_data_dir()})
    if (!d.empty() && fs::exists(fs::path(d) / "first-names.tsv", ec) && fs::exists(fs::path(d) / "common-words.tsv", ec) &&
        fs::exists(fs::path(d) / "region-abbreviations.tsv", ec)) {
      chosen = d;
      break;
    }
  const std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache.find(chosen); it != cache.end()) return it->second;
  auto lex = std::make_shared<Tagger::Lexicon>();
  auto& words = lex->words;
  if (!chosen.empty()) {
    for (const auto& row : read_rows(fs::path(chosen) / "first-names.tsv")) {
      const auto folded = analyzer.fold_words(row[0]);
      if (folded.size() != 1) continue;
      const bool ambiguous = row.size() > 2 && row[2].find("ambiguous") != std::string::npos;
      words[folded[0]] |= kFirst | (ambiguous ? kFirstAmbiguous : 0u);
    }
    for (const auto& row : read_rows(fs::path(chosen) / "common-words.tsv")) {
      if (row.size() < 2) continue;
      const auto folded = analyzer.fold_words(row[0]);
      if (folded.size() != 1) continue;
      Sense sense = Sense::kNone;
      if (row[1] == "month") sense = Sense::kMonth;
      else if (row[1] == "direction") sense = Sense::kDirection;
      else if (row[1] == "name") sense = Sense::kName;
      else if (row[1] == "word") sense = Sense::kWord;
      else if (row[1] == "function") sense = Sense::kFunction;
      auto& bits = words[folded[0]];
      if ((bits & kSenseMask) == 0) bits |= static_cast<std::uint32_t>(sense);
    }
    for (const auto& row : read_rows(fs::path(chosen) / "region-abbreviations.tsv")) {
      if (row.size() < 2) continue;
      const auto folded = analyzer.fold_words(row[0]);
      if (folded.size() != 1) continue;
      lex->abbreviations.emplace(folded[0], row[1]);
      words[folded[0]] |= kAbbreviation;
    }
  }
  const std::pair<const WordSet*, std::uint32_t> cues[] = {
      {&person_titles(), kTitle},      {&honorifics(), kHonorific},       {&personal_honorifics(), kPersonal},
      {&name_particles(), kParticle},  {&org_words(), kOrg},              {&team_suffixes(), kTeamSuffix},
      {&team_prefixes(), kTeamPrefix}, {&news_agencies(), kAgency},       {&not_org_acronyms(), kNotOrgAcronym},
      {&institutions(), kInstitution}, {&feature_words(), kFeature},      {&region_words(), kRegionWord},
      {&thing_words(), kThing},        {&said_verbs(), kSaid},            {&place_prepositions(), kPlacePrep},
      {&candidate_place_prepositions(), kCandidatePrep}, {&months(), kMonthWord}, {&verb_followers(), kVerbFollower}};
  for (const auto& [set, bit] : cues)
    for (const auto& w : *set) words[std::string(w)] |= bit;
  cache[chosen] = lex;
  return lex;
}

// ---- The document pass ------------------------------------------------------------------------

enum class SpanType : std::uint8_t { kGaz, kPerson, kOrg, kPlace };

struct Span {
  SpanType type = SpanType::kGaz;
  std::size_t first = 0, end = 0;
  std::vector<NameMatch> alts;  // kGaz: the readings of the name (same length)
  double confidence = 1.0;
  bool in_persons = false;  // rule persons: with a title or first-name cue
  bool honorific = false;   // a one-word person after an honorific ("Mr Nour")
  bool strong = false;      // a place by construction (a state abbreviation after a town)
};

class Document {
 public:
  Document(const Gazetteer& gaz, const Tagger::Lexicon& lex, const std::vector<Token>& tokens)
      : gaz_(gaz), lex_(lex), t_(tokens), n_(tokens.size()) {}

  std::vector<Mention> run();

 private:
  // -- per-token facts
  bool is(std::size_t k, std::uint32_t bit) const { return k < n_ && (f_[k] & bit) != 0; }
  Sense sense(std::size_t k) const { return static_cast<Sense>(f_[k] & kSenseMask); }
  bool common_word(std::size_t k) const {
    const Sense s = sense(k);
    return s == Sense::kWord || s == Sense::kFunction || s == Sense::kDirection;
  }
  bool first_name(std::size_t k) const { return is(k, kFirst); }
  bool cap(std::size_t k) const { return name_like(t_[k]); }
  // Word k follows word k-1 in the same sentence with only a space or a hyphen between them.
  bool adjacent(std::size_t k) const {
    return k > 0 && k < n_ && !t_[k].sentence_start && t_[k].begin <= t_[k - 1].end + 1;
  }
  // Word k follows word k-1 past punctuation (a comma, a bracket) in the same sentence.
  bool after_comma(std::size_t k) const {
    return k > 0 && k < n_ && !t_[k].sentence_start && t_[k].begin >= t_[k - 1].end + 2 &&
           t_[k].begin <= t_[k - 1].end + 4;
  }
  // Word k is one capital letter: an initial ("G. Thorpe", "George W. Bush").
  bool initial(std::size_t k) const {
    return k < n_ && t_[k].surface.size() == 1 && t_[k].surface[0] >= 'A' && t_[k].surface[0] <= 'Z';
  }
  // Word k follows an initial and its full stop ("W. Bush").
  bool after_initial(std::size_t k) const {
    return k > 0 && k < n_ && initial(k - 1) && t_[k].begin == t_[k - 1].end + 2 && t_[k].capitalized;
  }
  // Word k sits among all-caps words (a headline): case says nothing there.
  bool all_caps_context(std::size_t k) const {
    const bool before = k > 0 && t_[k - 1].all_caps && !t_[k].sentence_start;
    const bool after = k + 1 < n_ && t_[k + 1].all_caps && !t_[k + 1].sentence_start;
    return t_[k].all_caps && (before || after);
  }
  bool numeric(std::size_t k) const { return k < n_ && t_[k].numeric; }
  bool has_kind(std::size_t k, EntityKind kind) const {
    for (const auto& m : gm_[k])
      if (m.kind == kind) return true;
    return false;
  }
  bool gaz_at(std::size_t k) const { return !gm_[k].empty(); }
  bool demonym_at(std::size_t k) const {
    for (const auto& m : gm_[k])
      if (m.demonym) return true;
    return false;
  }
  // A month used as a date or a verb: "March 3", "3 March", "March 2024", "May be".
  bool month_as_date(std::size_t k) const {
    if (!is(k, kMonthWord)) return false;
    if (k + 1 < n_ && t_[k + 1].numeric) return true;
    if (k > 0 && t_[k - 1].numeric) return true;
    if (k + 1 < n_ && is(k + 1, kVerbFollower) && !t_[k + 1].capitalized) return true;
    return false;
  }

  // -- rules
  bool name_word(std::size_t k, bool allow_gaz, bool allow_word = false) const;
  std::size_t person_end(std::size_t s, bool allow_gaz, bool allow_word = false) const;
  std::size_t org_end(std::size_t i) const;
  bool title_rule(std::size_t i, Span& out) const;
  bool first_name_rule(std::size_t i, Span& out) const;
  bool cue_rules(std::size_t i, Span& out) const;

  bool score_after(std::size_t e) const;
  std::string key(std::size_t first, std::size_t end) const;

  // -- passes
  void segment();
  void find_teams();
  void gather_support();
  void resolve(Span& s, std::size_t index);
  bool strong_place_context(const Span& s) const;
  bool contains(const NameMatch& outer, const NameMatch& inner) const;
  std::string country_of(const NameMatch& m) const;
  std::string region_of(const NameMatch& m) const;
  void emit_gaz(const Span& s, const NameMatch& m, double confidence, std::vector<Mention>& out) const;
  void emit_rule(const Span& s, EntityKind kind, std::string id, std::string name, std::vector<Mention>& out) const;
  void add(std::vector<Mention>& out, EntityKind kind, std::string id, std::string name, std::size_t first,
           std::size_t end, bool demonym, bool candidate, double confidence) const;

  const Gazetteer& gaz_;
  const Tagger::Lexicon& lex_;
  const std::vector<Token>& t_;
  std::size_t n_;
  std::vector<std::string> words_;
  std::vector<std::uint32_t> f_;  // WordBit set of each word
  std::vector<std::vector<NameMatch>> gm_;  // gazetteer matches written as names, longest first
  std::unordered_set<std::string_view> lower_seen_;  // gazetteer names also written in lower case
  std::vector<Span> spans_;
  std::unordered_map<std::string, int> country_support_, region_support_;
  struct Known {
    std::string id, name;
    bool in_persons = false;
    double confidence = 0.5;
    std::size_t words = 0;
    bool curated = false;
  };
  // A person named again by surname alone.
  void add_known(std::vector<Mention>& out, const Known& k, std::size_t first, std::size_t end, double confidence) const {
    add(out, EntityKind::kPerson, k.id, k.name, first, end, false, !k.curated,
        k.curated ? 0.9 : std::min(0.9, confidence * 0.95));
  }
  std::unordered_map<std::string, Known> surnames_;  // folded last name -> person
};

bool Document::name_word(std::size_t k, bool allow_gaz, bool allow_word) const {
  if (k >= n_ || !cap(k)) return false;
  const Sense s = sense(k);
  if ((s == Sense::kWord && !allow_word) || s == Sense::kFunction || s == Sense::kDirection) return false;
  if (s == Sense::kMonth && month_as_date(k)) return false;
  if (is(k, kTitle | kOrg | kThing | kFeature | kRegionWord | kSaid | kAgency)) return false;
  if (gaz_at(k)) {
    for (const auto& m : gm_[k])
      if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson || m.demonym || m.length > 1) return false;
    if (!allow_gaz && s != Sense::kName) return false;
  }
  return true;
}

// End of a person's name starting at s: up to four capitalised words (particles allowed inside),
// adjacent, in one sentence.
std::size_t Document::person_end(std::size_t s, bool allow_gaz, bool allow_word) const {
  std::size_t k = s, words = 0;
  while (k < n_ && words < 4) {
    if (k > s && !adjacent(k) && !after_initial(k)) break;
    if (k > s && is(k, kParticle) && !t_[k].capitalized && k + 1 < n_ && adjacent(k + 1) &&
        name_word(k + 1, allow_gaz)) {
      ++k;
      continue;
    }
    if (!name_word(k, allow_gaz, allow_word)) break;
    ++k;
    ++words;
  }
  return k;
}

// End of an organisation's name starting at i, or i when there is none: a run of capitalised
// words (with "of", "for", "and", "the" inside) whose last head word is an organisation word;
// "of"/"for" and capitalised words after the head belong to it ("Ministry of Defence").
std::size_t Document::org_end(std::size_t i) const {
  static const WordSet kConnectors = {"of", "for", "and", "the", "de", "du", "des", "la", "le", "al", "el", "&"};
  if (!cap(i)) return i;
  // Team prefix + town: "FC Porto", "Real Madrid".
  if (is(i, kTeamPrefix) && i + 1 < n_ && adjacent(i + 1) && has_kind(i + 1, EntityKind::kPlace) &&
      gm_[i + 1].front().length == 1)
    return i + 2;
  // An all-caps word (an acronym: "U.S. Municipal Desk", "NEC Nijmegen") only before mixed case.
  auto acronym = [&](std::size_t k) { return t_[k].all_caps && t_[k].surface.size() <= 5; };
  if (t_[i].all_caps && !(acronym(i) && i + 1 < n_ && adjacent(i + 1) && !t_[i + 1].all_caps)) return i;
  const Sense s0 = sense(i);
  if ((s0 == Sense::kFunction && !is(i, kOrg)) || s0 == Sense::kMonth) return i;
  if (is(i, kSaid | kTitle)) return i;
  std::size_t k = i, head = i;
  bool found = false;
  while (k < n_ && k - i < 8) {
    if (k > i && !adjacent(k)) break;
    const auto& w = t_[k].norm;
    if (k > i && kConnectors.count(w) && !t_[k].capitalized) {
      // "of", "for", "the" only after the head word ("Bank of England"; not "Students of ...");
      // "and" before it too ("Securities and Exchange Commission").
      const bool before_head_ok = w == "and" || w == "&";
      if ((found || before_head_ok) && k + 1 < n_ && adjacent(k + 1) && cap(k + 1) && !t_[k + 1].all_caps) {
        ++k;
        continue;
      }
      break;
    }
    if (!cap(k) || t_[k].numeric) break;
    if (t_[k].all_caps && !(acronym(k) && k + 1 < n_ && adjacent(k + 1) && !t_[k + 1].all_caps)) break;
    if (k > i && sense(k) == Sense::kFunction && !is(k, kOrg)) break;
    if (is(k, kOrg) || (k > i && is(k, kTeamSuffix))) {
      head = k;
      found = true;
    }
    ++k;
  }
  if (!found) return i;
  std::size_t end = head + 1;
  // "Ministry of Defence", "Organization for Security and Cooperation in Europe".
  if (end + 1 < n_ && (t_[end].norm == "of" || t_[end].norm == "for") && !t_[end].capitalized && adjacent(end) &&
      adjacent(end + 1) && cap(end + 1) && !t_[end + 1].all_caps) {
    std::size_t e = end + 1;
    std::size_t tail = 0;
    while (e < n_ && tail < 5 && adjacent(e)) {
      if ((t_[e].norm == "and" || t_[e].norm == "the" || t_[e].norm == "of" || t_[e].norm == "in") &&
          !t_[e].capitalized && e + 1 < n_ && adjacent(e + 1) && cap(e + 1) && !t_[e + 1].all_caps) {
        ++e;
        continue;
      }
      if (!cap(e) || t_[e].all_caps || t_[e].numeric) break;
      ++e;
      ++tail;
    }
    end = e;
  }
  if (end == i + 1) return i;  // a head word alone is not a name ("Army", "Council")
  return end;
}

// "President Bashar al-Assad", "Spokesman Karim Haddad", "Mr Nour": the name after the titles.
bool Document::title_rule(std::size_t i, Span& out) const {
  if (!is(i, kTitle)) return false;
  std::size_t first = i + 1;
  bool honor = is(i, kHonorific), personal = is(i, kPersonal);
  while (first < n_ && is(first, kTitle) && (first == i + 1 || adjacent(first))) {
    honor = honor || is(first, kHonorific);
    personal = personal || is(first, kPersonal);
    ++first;
  }
  if (first >= n_ || !adjacent(first) || !cap(first)) return false;
  for (const auto& m : gm_[first])
    if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson) return false;  // the gazetteer's
  const std::size_t end = person_end(first, true);
  std::size_t words = 0;
  for (std::size_t k = first; k < end; ++k) words += is(k, kParticle) && !t_[k].capitalized ? 0 : 1;
  if (words == 0) return false;
  if (words == 1) {
    // One word after a title is a name only after an honorific ("General Assembly" is not), and
    // a country only after a private person's one ("Mr Jordan", but not "President Jordan").
    if (!honor) return false;
    if (has_kind(first, EntityKind::kCountry) && !personal) return false;
    if (t_[first].all_caps) return false;
  }
  out.type = SpanType::kPerson;
  out.first = first;
  out.end = end;
  out.confidence = words >= 2 ? 0.8 : 0.7;
  out.in_persons = true;
  out.honorific = words == 1;
  return true;
}

// "Ahmed Hassan Nour", "Chad Smith", "Michael Jordan": a first name and more capitalised words.
bool Document::first_name_rule(std::size_t i, Span& out) const {
  if (!cap(i) || t_[i].all_caps) return false;
  if (!first_name(i)) return false;
  for (const auto& m : gm_[i])
    if (m.kind == EntityKind::kActor || m.kind == EntityKind::kPerson) return false;
  // A first name that is also a place or a common word ("Chad", "Jordan", "Bill"): the next
  // word must not be a gazetteer name or a common word.
  const bool careful = is(i, kFirstAmbiguous) || gaz_at(i);
  if (i + 1 >= n_ || !adjacent(i + 1)) return false;
  if (careful && sense(i + 1) != Sense::kName && (gaz_at(i + 1) || sense(i + 1) != Sense::kNone)) return false;
  if (careful && t_[i + 1].all_caps) return false;
  // After a plain first name a common word is a surname too ("Michael Green", "Ahmed Best").
  const std::size_t end = person_end(i + 1, !careful, !careful);
  if (end == i + 1) return false;
  out.type = SpanType::kPerson;
  out.first = i;
  out.end = end;
  out.confidence = 0.75;
  out.in_persons = true;
  return true;
}

// Reporting cues and places by preposition, for a capitalised word no list knows.
bool Document::cue_rules(std::size_t i, Span& out) const {
  if (!cap(i)) return false;
  // News agencies.
  if (is(i, kAgency) && t_[i].capitalized && !all_caps_context(i)) {
    out.type = SpanType::kOrg;
    out.first = i;
    out.end = i + 1;
    if (t_[i].norm == "itar" && i + 1 < n_ && t_[i + 1].norm == "tass") out.end = i + 2;
    if (t_[i].norm == "ria" && i + 1 < n_ && t_[i + 1].norm == "novosti") out.end = i + 2;
    out.confidence = 0.8;
    return true;
  }
  // An acronym in mixed-case text: most often an organisation ("PKK", "USDA").
  if (t_[i].all_caps) {
    const auto& w = t_[i].surface;
    if (w.size() >= 2 && w.size() <= 5 && !all_caps_context(i) && !is(i, kNotOrgAcronym) &&
        sense(i) == Sense::kNone && w.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos &&
        !(i + 1 < n_ && adjacent(i + 1) && cap(i + 1))) {
      out.type = SpanType::kOrg;
      out.first = i;
      out.end = i + 1;
      out.confidence = 0.4;
      return true;
    }
    return false;
  }
  // Institutions named by one capitalised word mid-sentence ("the Senate", "Congress").
  if (is(i, kInstitution) && !t_[i].sentence_start) {
    out.type = SpanType::kOrg;
    out.first = i;
    out.end = i + 1;
    out.confidence = 0.5;
    return true;
  }
  // "in Kfar Kila", "near Tal Abyad": a candidate place.
  if (i > 0 && is(i - 1, kCandidatePrep) && !t_[i - 1].all_caps && !t_[i].sentence_start &&
      !first_name(i) && sense(i) == Sense::kNone) {
    std::size_t e = i;
    while (e < n_ && e - i < 3 && (e == i || adjacent(e)) && cap(e) && !t_[e].all_caps && sense(e) == Sense::kNone &&
           !gaz_at(e) && !is(e, kOrg) && !is(e, kThing) && !is(e, kTitle) &&
           !is(e, kRegionWord) && !is(e, kTeamSuffix))
      ++e;
    if (e > i && !(e < n_ && adjacent(e) && (is(e, kSaid) || (cap(e) && !is(e, kRegionWord))))) {
      out.type = SpanType::kPlace;
      out.first = i;
      out.end = e;
      out.confidence = 0.5;
      return true;
    }
  }
  // "Tiraspol district": a name before a region word.
  {
    std::size_t e = i;
    while (e < n_ && e - i < 3 && (e == i || adjacent(e)) && cap(e) && sense(e) == Sense::kNone && !gaz_at(e) &&
           !is(e, kRegionWord) && !is(e, kOrg) && !first_name(e) && !is(e, kTitle))
      ++e;
    if (e > i && e < n_ && adjacent(e) && is(e, kRegionWord) && !t_[i].sentence_start) {
      out.type = SpanType::kPlace;
      out.first = i;
      out.end = e;
      out.confidence = 0.6;
      return true;
    }
  }
  // "Haddad said", "said Haddad", "according to Haddad".
  const std::size_t e = person_end(i, false);
  if (e == i) return false;
  const bool before_said = e < n_ && is(e, kSaid) && t_[e].begin <= t_[e - 1].end + 1 &&
                           !t_[e].capitalized;
  const bool after_said = i > 0 && (t_[i - 1].norm == "said" || t_[i - 1].norm == "says") && adjacent(i);
  const bool according = i > 1 && t_[i - 1].norm == "to" && t_[i - 2].norm == "according" && adjacent(i);
  // "Karim Haddad, 45, ...": an age between commas.
  bool aged = false;
  if (e < n_ && after_comma(e) && t_[e].numeric && t_[e].surface.size() <= 3 &&
      t_[e].surface.find_first_not_of("0123456789") == std::string::npos) {
    const int age = std::stoi(t_[e].surface);
    aged = age >= 12 && age <= 110 && (e + 1 >= n_ || t_[e + 1].begin >= t_[e].end + 2);
  }
  // "Karim Haddad, a spokesman for ...", "Haddad, the army commander, ...".
  bool apposition = false;
  if (e + 1 < n_ && after_comma(e) && !t_[e].capitalized &&
      (t_[e].norm == "a" || t_[e].norm == "an" || t_[e].norm == "the"))
    for (std::size_t k = e + 1; k < n_ && k <= e + 3 && adjacent(k); ++k)
      if (is(k, kTitle) && !is(k, kPersonal)) {
        apposition = true;
        break;
      }
  if (!before_said && !after_said && !according && !aged && !apposition) return false;
  // Not from inside a longer capitalised run ("The Permanent Framework said").
  if (i > 0 && adjacent(i) && cap(i - 1) && !t_[i - 1].numeric && !is(i - 1, kTitle) && !demonym_at(i - 1) &&
      sense(i - 1) != Sense::kFunction)
    return false;
  // "the Euphrates said", "the Framework said": a person's name takes no article.
  if (i > 0 && (!t_[i - 1].capitalized || t_[i - 1].sentence_start) &&
      (t_[i - 1].norm == "the" || t_[i - 1].norm == "a" || t_[i - 1].norm == "an" || t_[i - 1].norm == "its"))
    return false;
  // One word at a sentence start is a weak name ("Officials said" is kept out by the word list).
  // A plural noun ("Dealers said", "Analysts said") is not a name either.
  if (e == i + 1 && t_[i].sentence_start) {
    const auto& w = t_[i].norm;
    if (lower_seen_.count(w)) return false;
    if (w.size() > 4 && w.back() == 's' && w[w.size() - 2] != 's' && !surnames_.count(w)) return false;
  }
  out.type = SpanType::kPerson;
  out.first = i;
  out.end = e;
  out.confidence = e - i >= 2 ? 0.6 : 0.5;
  out.in_persons = false;
  return true;
}

// A score or a table row after a name: "Leeds 2 Chelsea 1", "Barcelona 10 7 2 1", "Essex 532-8".
bool Document::score_after(std::size_t e) const {
  if (e >= n_ || !t_[e].numeric || t_[e].begin > t_[e - 1].end + 1) return false;
  const auto& w = t_[e].surface;
  if (w.find_first_not_of("0123456789") != std::string::npos || w.size() > 3) return false;  // not a year
  return e + 1 >= n_ || t_[e + 1].numeric || t_[e + 1].sentence_start || (cap(e + 1) && !t_[e + 1].all_caps) ||
         (t_[e + 1].all_caps && t_[e].all_caps);
}

std::string Document::key(std::size_t first, std::size_t end) const {
  std::string k;
  for (std::size_t i = first; i < end; ++i) {
    if (i > first) k.push_back(' ');
    k += t_[i].norm;
  }
  return k;
}

// Sports teams named after their town: a town or region followed by a score is a team, and so is
// the same name elsewhere in the text outside a place context ("Leeds 2 Chelsea 1 ... Leeds won").
// Once a text has such scores, unknown capitalised names before a score are teams too
// ("Feyenoord 3"), and a team's name takes the capitalised words just before the town
// ("Sparta Rotterdam", "NEC Nijmegen").
void Document::find_teams() {
  // The home nations play as national teams, like countries.
  static const std::unordered_set<std::string_view> kNations = {"gb-r-england", "gb-r-scotland", "gb-r-wales",
                                                                "gb-r-northern-ireland"};
  auto town_reading = [&](const Span& s) {
    if (s.type != SpanType::kGaz || s.alts.empty()) return false;
    if (is(s.first, kMonthWord) || sense(s.first) == Sense::kFunction) return false;
    for (const auto& a : s.alts) {
      if (a.kind != EntityKind::kPlace || a.demonym) return false;
      if (kNations.count(gaz_.places()[a.index].id)) return false;
    }
    return true;
  };
  // A dateline ("NEW YORK 1996-08-22", "LONDON, March 3") is a place.
  auto dateline = [&](std::size_t e) {
    return e < n_ && ((t_[e].numeric && t_[e].surface.size() == 4) || is(e, kMonthWord));
  };
  std::unordered_set<std::string> teams;
  for (auto& s : spans_)
    if (town_reading(s) && score_after(s.end)) teams.insert(key(s.first, s.end));
  if (teams.empty()) return;
  auto extend_back = [&](Span& s) {
    std::size_t f = s.first;
    while (f > 0 && s.first - f < 2 && adjacent(f) && cap(f - 1) && !t_[f - 1].numeric &&
           sense(f - 1) == Sense::kNone && !is(f - 1, kSaid) && !demonym_at(f - 1) &&
           !has_kind(f - 1, EntityKind::kCountry) && !has_kind(f - 1, EntityKind::kActor))
      --f;
    // Only words that belong to no other span.
    if (f < s.first) {
      for (const auto& o : spans_)
        if (&o != &s && o.end > f && o.first < s.first) return;
      s.first = f;
    }
  };
  for (auto& s : spans_) {
    if (!town_reading(s) || !teams.count(key(s.first, s.end))) continue;
    const bool scored = score_after(s.end);
    if (!scored && (strong_place_context(s) || dateline(s.end))) continue;
    s.type = SpanType::kOrg;
    s.alts.clear();
    s.confidence = 0.5;
    if (scored) extend_back(s);
  }
  // Unknown names before a score.
  std::vector<bool> covered(n_, false);
  for (const auto& s : spans_)
    for (std::size_t k = s.first; k < s.end; ++k) covered[k] = true;
  std::vector<Span> more;
  for (std::size_t i = 0; i < n_; ++i) {
    if (covered[i] || !cap(i) || t_[i].numeric || sense(i) != Sense::kNone) continue;
    if (i > 0 && !t_[i - 1].numeric && adjacent(i) && cap(i - 1) && !covered[i - 1]) continue;  // not a first word
    std::size_t e = i;
    while (e < n_ && e - i < 4 && (e == i || adjacent(e)) && !covered[e] && cap(e) && !t_[e].numeric &&
           sense(e) == Sense::kNone)
      ++e;
    if (e > i && score_after(e) && !(e < n_ && t_[e].surface.size() == 4)) {
      Span s;
      s.type = SpanType::kOrg;
      s.first = i;
      s.end = e;
      s.confidence = 0.4;
      more.push_back(std::move(s));
      for (std::size_t k = i; k < e; ++k) covered[k] = true;
    }
    i = std::max(i, e);
  }
  if (more.empty()) return;
  spans_.insert(spans_.end(), more.begin(), more.end());
  std::stable_sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.first < b.first; });
}

void Document::segment() {
  for (std::size_t i = 0; i < n_;) {
    const auto& g = gm_[i];
    const std::size_t glen = g.empty() ? 0 : g.front().length;
    const bool gaz_named = !g.empty() && (g.front().kind == EntityKind::kActor || g.front().kind == EntityKind::kPerson);
    const bool gaz_demonym = !g.empty() && g.front().demonym;
    Span s;
    // An initial and a surname: "G. Thorpe", "J. Crawley".
    if (initial(i) && after_initial(i + 1) && name_word(i + 1, true)) {
      const std::size_t e = person_end(i + 1, true);
      s.type = SpanType::kPerson;
      s.first = i;
      s.end = e;
      s.confidence = 0.7;
      s.in_persons = true;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    // A state or province after a town and a comma: "SANTA CRUZ, Calif.", "Reading, Pa.".
    if (is(i, kAbbreviation) && after_comma(i) && cap(i - 1) && !t_[i].numeric) {
      const bool postal = t_[i].surface.size() == 2;
      auto it = lex_.abbreviations.find(t_[i].norm);
      const Place* region = it == lex_.abbreviations.end() ? nullptr : gaz_.place(it->second);
      if (region && (!postal || t_[i].all_caps)) {
        s.type = SpanType::kGaz;
        s.first = i;
        s.end = i + 1;
        s.alts.push_back(NameMatch{EntityKind::kPlace, static_cast<std::size_t>(region - gaz_.places().data()), 1, false});
        s.strong = true;
        s.confidence = 0.9;
        spans_.push_back(std::move(s));
        ++i;
        continue;
      }
    }
    // Organisations named after a place or longer than any gazetteer name here.
    if (!gaz_named && !gaz_demonym && cap(i)) {
      const std::size_t e = org_end(i);
      if (e > i + glen) {
        s.type = SpanType::kOrg;
        s.first = i;
        s.end = e;
        s.confidence = 0.6;
        spans_.push_back(std::move(s));
        i = e;
        continue;
      }
    }
    if (gaz_named) {
      s.type = SpanType::kGaz;
      s.first = i;
      s.end = i + glen;
      s.alts.push_back(g.front());
      spans_.push_back(std::move(s));
      i += glen;
      continue;
    }
    if (g.empty() && title_rule(i, s)) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    if (first_name_rule(i, s) && s.end > i + glen) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    if (!g.empty()) {
      s = Span{};
      s.type = SpanType::kGaz;
      s.first = i;
      s.end = i + glen;
      for (const auto& m : g)
        if (m.length == glen) s.alts.push_back(m);
      spans_.push_back(std::move(s));
      i += glen;
      continue;
    }
    s = Span{};
    if (cue_rules(i, s)) {
      const std::size_t e = s.end;
      spans_.push_back(std::move(s));
      i = e;
      continue;
    }
    ++i;
  }
}

std::string Document::country_of(const NameMatch& m) const {
  switch (m.kind) {
    case EntityKind::kCountry:
      return gaz_.countries()[m.index].code;
    case EntityKind::kPlace:
      return gaz_.places()[m.index].country;
    default:
      return {};
  }
}

std::string Document::region_of(const NameMatch& m) const {
  if (m.kind != EntityKind::kPlace) return {};
  return gaz_.places()[m.index].region_id;
}

// outer holds inner: a country its place, a region its town.
bool Document::contains(const NameMatch& outer, const NameMatch& inner) const {
  if (inner.kind != EntityKind::kPlace) return false;
  const Place& p = gaz_.places()[inner.index];
  if (outer.kind == EntityKind::kCountry) return !outer.demonym && gaz_.countries()[outer.index].code == p.country;
  if (outer.kind == EntityKind::kPlace) {
    const Place& r = gaz_.places()[outer.index];
    return r.kind == "region" && p.kind != "region" && p.region_id == r.id;
  }
  return false;
}

// Country and region support: how often the document names each country and region without
// ambiguity (by name, demonym, or one of its places).
void Document::gather_support() {
  for (const auto& s : spans_) {
    if (s.type != SpanType::kGaz || s.alts.empty()) continue;
    if (s.alts.front().kind == EntityKind::kActor || s.alts.front().kind == EntityKind::kPerson) continue;
    if (s.end - s.first == 1) {
      const Sense sn = sense(s.first);
      if (sn != Sense::kNone) continue;
    }
    const std::string c = country_of(s.alts.front());
    bool one_country = !c.empty();
    for (const auto& a : s.alts) one_country = one_country && country_of(a) == c;
    if (!one_country) continue;
    ++country_support_[c];
    const std::string r = s.alts.front().kind == EntityKind::kPlace
                              ? (gaz_.places()[s.alts.front().index].kind == "region"
                                     ? gaz_.places()[s.alts.front().index].id
                                     : region_of(s.alts.front()))
                              : std::string();
    bool one_region = !r.empty();
    for (const auto& a : s.alts) {
      const Place* p = a.kind == EntityKind::kPlace ? &gaz_.places()[a.index] : nullptr;
      one_region = one_region && p && (p->kind == "region" ? p->id : p->region_id) == r;
    }
    if (one_region) ++region_support_[r];
  }
}

bool Document::strong_place_context(const Span& s) const {
  const std::size_t i = s.first;
  if (i > 0 && is(i - 1, kPlacePrep) && !t_[i - 1].capitalized && t_[i].begin <= t_[i - 1].end + 1)
    return true;
  // "In Nice, ..." at a sentence start.
  if (i > 0 && is(i - 1, kPlacePrep) && t_[i - 1].sentence_start && t_[i].begin <= t_[i - 1].end + 1)
    return true;
  return false;
}

void Document::add(std::vector<Mention>& out, EntityKind kind, std::string id, std::string name, std::size_t first,
                   std::size_t end, bool demonym, bool candidate, double confidence) const {
  // A lower-case "the" before a name is not part of it ("the Netherlands").
  while (end - first > 1 && t_[first].norm == "the" && !t_[first].capitalized) ++first;
  Mention m;
  m.kind = kind;
  m.id = std::move(id);
  m.name = std::move(name);
  m.first_token = first;
  m.end_token = end;
  m.begin = t_[first].begin;
  m.end = t_[end - 1].end;
  m.demonym = demonym;
  m.candidate = candidate;
  m.confidence = confidence;
  out.push_back(std::move(m));
}

void Document::emit_gaz(const Span& s, const NameMatch& m, double confidence, std::vector<Mention>& out) const {
  switch (m.kind) {
    case EntityKind::kActor: {
      const auto& a = gaz_.actors()[m.index];
      add(out, m.kind, a.id, a.name, s.first, s.end, false, false, confidence);
      break;
    }
    case EntityKind::kPerson: {
      const auto& p = gaz_.persons()[m.index];
      add(out, m.kind, p.id, p.name, s.first, s.end, false, false, confidence);
      // "King Abdullah of Jordan": the country named inside a person's title.
      for (std::size_t k = s.first + 1; k + 1 < s.end; ++k) {
        if (t_[k].norm != "of") continue;
        for (const auto& c : gm_[k + 1])
          if (c.kind == EntityKind::kCountry && !c.demonym && k + 1 + c.length <= s.end) {
            const auto& country = gaz_.countries()[c.index];
            add(out, EntityKind::kCountry, country.code, country.name, k + 1, k + 1 + c.length, false, false, 1.0);
            break;
          }
      }
      break;
    }
    case EntityKind::kPlace: {
      const auto& p = gaz_.places()[m.index];
      add(out, m.kind, p.id, p.name, s.first, s.end, false, false, confidence);
      break;
    }
    case EntityKind::kCountry: {
      const auto& c = gaz_.countries()[m.index];
      add(out, m.kind, c.code, c.name, s.first, s.end, m.demonym, false, confidence);
      break;
    }
  }
}

std::vector<Mention> Document::run() {
  words_.reserve(n_);
  f_.resize(n_);
  for (std::size_t i = 0; i < n_; ++i) {
    words_.push_back(t_[i].norm);
    auto it = lex_.words.find(t_[i].norm);
    if (it != lex_.words.end()) f_[i] = it->second;
  }
  gm_.resize(n_);
  for (std::size_t i = 0; i < n_; ++i) {
    auto ms = gaz_.match_at(words_, i);
    if (ms.empty()) continue;
    if (!name_like(t_[i])) lower_seen_.insert(t_[i].norm);
    for (auto& m : ms)
      if (m.any_case || written_as_name(t_, i, m.length)) gm_[i].push_back(m);
  }
  segment();
  find_teams();
  gather_support();

  // Persons found by rule, by surname, for "Nour" after "Ahmed Hassan Nour".
  for (const auto& s : spans_) {
    if (s.type != SpanType::kPerson) continue;
    const std::size_t last = s.end - 1;
    const std::size_t words = s.end - s.first;
    Known k{slug(t_, s.first, s.end), display(t_, s.first, s.end), s.in_persons, s.confidence, words};
    auto [it, inserted] = surnames_.try_emplace(t_[last].norm, k);
    if (!inserted && !it->second.curated &&
        (words > it->second.words || (words == it->second.words && s.in_persons && !it->second.in_persons)))
      it->second = k;
  }
  // Curated persons too ("Naim Qassem" ... "Qassem said").
  for (const auto& s : spans_) {
    if (s.type != SpanType::kGaz || s.alts.empty() || s.alts.front().kind != EntityKind::kPerson) continue;
    if (s.end - s.first < 2 || !t_[s.end - 1].capitalized) continue;
    const auto& p = gaz_.persons()[s.alts.front().index];
    surnames_[t_[s.end - 1].norm] = Known{p.id, p.name, true, 1.0, s.end - s.first, true};
  }

  std::vector<Mention> out;
  std::vector<bool> covered(n_, false);
  for (std::size_t j = 0; j < spans_.size(); ++j) {
    Span& s = spans_[j];
    if (s.type == SpanType::kGaz) {
      resolve(s, j);
    } else if (s.type == SpanType::kPerson) {
      auto it = surnames_.find(t_[s.end - 1].norm);
      if (s.end - s.first == 1 && it != surnames_.end() && it->second.words > 1) {
        const Known& k = it->second;
        add_known(out, k, s.first, s.end, std::max(s.confidence, k.confidence));
        if (!k.in_persons && s.in_persons) surnames_[t_[s.end - 1].norm].in_persons = true;
      } else {
        add(out, EntityKind::kPerson, slug(t_, s.first, s.end), display(t_, s.first, s.end), s.first, s.end, false,
            true, s.confidence);
      }
    } else if (s.type == SpanType::kOrg) {
      add(out, EntityKind::kActor, slug(t_, s.first, s.end), display(t_, s.first, s.end), s.first, s.end, false, true,
          s.confidence);
    } else {
      add(out, EntityKind::kPlace, slug(t_, s.first, s.end), display(t_, s.first, s.end), s.first, s.end, false, true,
          s.confidence);
    }
    if (s.type == SpanType::kGaz && !s.alts.empty()) {
      // resolve() leaves the chosen reading first and its confidence in s.confidence.
      emit_gaz(s, s.alts.front(), s.confidence, out);
    } else if (s.type == SpanType::kGaz && s.end - s.first == 1) {
      // A dropped one-word name may still be a person's surname or a person by a cue.
      auto it = surnames_.find(t_[s.first].norm);
      if (it != surnames_.end() && sense(s.first) != Sense::kWord && sense(s.first) != Sense::kFunction) {
        add_known(out, it->second, s.first, s.end, it->second.confidence);
      } else if (sense(s.first) == Sense::kName) {
        Span c;
        if (cue_rules(s.first, c) && c.type == SpanType::kPerson) {
          add(out, EntityKind::kPerson, slug(t_, c.first, c.end), display(t_, c.first, c.end), c.first, c.end, false,
              true, c.confidence);
        }
      }
    }
    for (std::size_t k = s.first; k < s.end; ++k) covered[k] = true;
  }
  // Surnames alone elsewhere ("Nour denied it").
  for (std::size_t k = 0; k < n_; ++k) {
    if (covered[k] || !t_[k].capitalized || t_[k].all_caps) continue;
    auto it = surnames_.find(t_[k].norm);
    if (it == surnames_.end() || it->second.words < 2) continue;
    if (sense(k) == Sense::kWord || sense(k) == Sense::kFunction || sense(k) == Sense::kMonth) continue;
    if (t_[k].sentence_start && lower_seen_.count(t_[k].norm)) continue;
    add_known(out, it->second, k, k + 1, it->second.confidence);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Mention& a, const Mention& b) { return a.first_token < b.first_token; });
  return out;
}

// Chooses the reading of a gazetteer name: leaves it first in s.alts with its confidence, or
// clears s.alts when the words are not a name here.
void Document::resolve(Span& s, std::size_t index) {
  auto& alts = s.alts;
  const NameMatch top = alts.front();
  if (s.strong) {
    alts.resize(1);
    return;
  }
  if (top.kind == EntityKind::kActor || top.kind == EntityKind::kPerson || top.demonym) {
    s.confidence = 1.0;
    alts.resize(1);
    return;
  }
  const std::size_t len = s.end - s.first;
  const Sense sn = len == 1 ? sense(s.first) : Sense::kNone;

  // The neighbouring place past a comma: "Split, Croatia", "Atlanta, Georgia".
  std::vector<NameMatch> held, holding;
  auto neighbour = [&](std::size_t j) -> const Span* {
    if (j >= spans_.size() || spans_[j].type != SpanType::kGaz || spans_[j].alts.empty()) return nullptr;
    return &spans_[j];
  };
  if (const Span* next = neighbour(index + 1); next && next->first == s.end && after_comma(next->first)) {
    for (const auto& a : alts)
      for (const auto& b : next->alts)
        if (contains(b, a)) {
          held.push_back(a);
          break;
        }
  }
  if (index > 0)
    if (const Span* prev = neighbour(index - 1); prev && prev->end == s.first && after_comma(s.first)) {
      for (const auto& a : alts)
        for (const auto& b : prev->alts)
          if (contains(a, b)) {
            holding.push_back(a);
            break;
          }
    }
  const bool neighbour_context = !held.empty() || !holding.empty();

  // A country before a natural feature: "the Niger River", "Jordan Valley".
  if (!neighbour_context && s.end < n_ && adjacent(s.end) && is(s.end, kFeature))
    for (const auto& a : alts)
      if (a.kind == EntityKind::kCountry) {
        alts.clear();
        return;
      }

  // Months as dates, and common words, need a strong context.
  if (sn == Sense::kMonth) {
    if (!neighbour_context || month_as_date(s.first)) {
      alts.clear();
      return;
    }
  } else if (sn == Sense::kWord || sn == Sense::kFunction || sn == Sense::kDirection || sn == Sense::kName) {
    if (!neighbour_context && !strong_place_context(s)) {
      alts.clear();
      return;
    }
    // "in Nour" after "Ahmed Hassan Nour" stays a place; a bare name-word is a person.
  } else if (len == 1 && (t_[s.first].sentence_start || t_[s.first].all_caps) && lower_seen_.count(t_[s.first].norm)) {
    bool country = false;
    for (const auto& a : alts) country = country || a.kind == EntityKind::kCountry;
    if (!country && !neighbour_context && !strong_place_context(s)) {
      alts.clear();
      return;
    }
  }
  // A person's surname met earlier or later in the document, not in a place context.
  if (len == 1 && !neighbour_context && !strong_place_context(s)) {
    auto it = surnames_.find(t_[s.first].norm);
    if (it != surnames_.end() && it->second.words >= 2 && t_[s.first].capitalized) {
      alts.clear();
      return;  // run() tags the surname as the person
    }
  }

  double confidence = 1.0;
  std::vector<NameMatch> pool = !held.empty() ? held : (!holding.empty() ? holding : alts);
  if (neighbour_context) confidence = 0.95;
  if (sn != Sense::kNone) confidence = std::min(confidence, 0.85);

  // "Idlib province": the region.
  if (pool.size() > 1 && s.end < n_ && adjacent(s.end) && is(s.end, kRegionWord)) {
    std::vector<NameMatch> regions;
    for (const auto& a : pool)
      if (a.kind == EntityKind::kPlace && gaz_.places()[a.index].kind == "region") regions.push_back(a);
    if (!regions.empty()) pool = regions;
  }

  auto region_key = [&](const NameMatch& a) -> std::string {
    if (a.kind != EntityKind::kPlace) return {};
    const Place& p = gaz_.places()[a.index];
    return p.kind == "region" ? p.id : p.region_id;
  };
  auto support = [&](const std::unordered_map<std::string, int>& m, const std::string& key) {
    if (key.empty()) return 0;
    auto it = m.find(key);
    return it == m.end() ? 0 : it->second;
  };

  NameMatch chosen = pool.front();
  if (pool.size() > 1) {
    const NameMatch* country = nullptr;
    for (const auto& a : pool)
      if (a.kind == EntityKind::kCountry) {
        country = &a;
        break;
      }
    if (country) {
      // A country keeps its name unless a place of the other reading's region is named too
      // ("Georgia" near "Atlanta").
      chosen = *country;
      confidence = std::min(confidence, 0.9);
      const int own = support(country_support_, country_of(*country));
      int best = 0;
      for (const auto& a : pool) {
        if (a.kind == EntityKind::kCountry) continue;
        const int r = support(region_support_, region_key(a));
        if (r > best && support(country_support_, country_of(a)) > own) {
          best = r;
          chosen = a;
          confidence = 0.8;
        }
      }
    } else {
      // Towns and regions: the document's countries first, then the region's other places, then
      // the gazetteer's order (curated places, GeoNames towns by population, regions).
      auto key = [&](const NameMatch& a) {
        return std::make_pair(support(country_support_, country_of(a)), support(region_support_, region_key(a)));
      };
      auto best_key = key(pool.front());
      for (const auto& a : pool) {
        auto k = key(a);
        if (k > best_key) {
          best_key = k;
          chosen = a;
        }
      }
      bool same_country = true;
      for (const auto& a : pool) same_country = same_country && country_of(a) == country_of(pool.front());
      if (!same_country) confidence = std::min(confidence, best_key.first > 0 ? 0.85 : 0.7);
    }
  }
  s.confidence = confidence;
  alts.assign(1, chosen);
}

// ---- Aggregation ------------------------------------------------------------------------------

class Collector {
 public:
  void add(const std::string& id, const std::string& name, EntityKind kind, bool candidate, double confidence) {
    auto [it, inserted] = tags_.try_emplace(id, EntityTag{id, name, 0, candidate, kind, confidence});
    ++it->second.mentions;
    it->second.confidence = std::max(it->second.confidence, confidence);
    // A curated mention of the same id makes it curated.
    it->second.candidate = it->second.candidate && candidate;
    if (inserted) order_.push_back(id);
  }
  std::vector<EntityTag> take() {
    std::vector<EntityTag> out;
    for (const auto& id : order_) out.push_back(tags_.at(id));
    // Most mentioned first; first mention breaks ties (stable).
    std::stable_sort(out.begin(), out.end(),
                     [](const EntityTag& a, const EntityTag& b) { return a.mentions > b.mentions; });
    return out;
  }

 private:
  std::map<std::string, EntityTag> tags_;
  std::vector<std::string> order_;
};

}  // namespace

Tagger::Tagger(const Gazetteer& gazetteer) : Tagger(gazetteer, Gazetteer::default_data_dir()) {}

Tagger::Tagger(const Gazetteer& gazetteer, const std::string& data_dir)
    : gaz_(gazetteer), lex_(load_lexicon(data_dir, gazetteer.analyzer())) {}

Tags Tagger::tag(std::string_view text) const { return tag(gaz_.analyzer().tokenize(text)); }

std::string_view Tagger::common_word_sense(std::string_view folded) const {
  const auto it = lex_->words.find(std::string(folded));
  if (it == lex_->words.end()) return "";
  switch (static_cast<Sense>(it->second & kSenseMask)) {
    case Sense::kMonth:
      return "month";
    case Sense::kDirection:
      return "direction";
    case Sense::kName:
      return "name";
    case Sense::kWord:
      return "word";
    case Sense::kFunction:
      return "function";
    case Sense::kNone:
      break;
  }
  return "";
}

bool Tagger::is_common_word(std::string_view folded) const {
  const auto sense = common_word_sense(folded);
  return sense == "word" || sense == "function" || sense == "direction" || sense == "month";
}

std::vector<Mention> Tagger::mentions(const std::vector<Token>& tokens) const {
  Document doc(gaz_, *lex_, tokens);
  return doc.run();
}

Tags Tagger::tag(const std::vector<Token>& tokens) const {
  Collector actors, persons, places, regions, countries, candidates;
  const auto ms = mentions(tokens);
  // Persons by a reporting cue alone go with the candidates, unless a title or a first name
  // named the same person elsewhere in the document.
  std::unordered_set<std::string> cued_persons;
  for (const auto& m : ms)
    if (m.kind == EntityKind::kPerson && m.candidate && m.confidence <= 0.6 + 1e-9) cued_persons.insert(m.id);
  for (const auto& m : ms)
    if (m.kind == EntityKind::kPerson && (!m.candidate || m.confidence > 0.6 + 1e-9)) cued_persons.erase(m.id);
  for (const auto& m : ms) {
    switch (m.kind) {
      case EntityKind::kActor:
        if (m.candidate)
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
        else
          actors.add(m.id, m.name, m.kind, false, m.confidence);
        break;
      case EntityKind::kPerson:
        if (m.candidate && cued_persons.count(m.id))
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
        else
          persons.add(m.id, m.name, m.kind, m.candidate, m.confidence);
        break;
      case EntityKind::kPlace: {
        if (m.candidate) {
          candidates.add(m.id, m.name, m.kind, true, m.confidence);
          break;
        }
        const Place* p = gaz_.place(m.id);
        if (!p) break;
        // The hierarchy: a place tags its region and its country.
        if (p->kind != "region") places.add(m.id, m.name, m.kind, false, m.confidence);
        if (const Place* r = gaz_.region_of(*p)) regions.add(r->id, r->name, EntityKind::kPlace, false, m.confidence);
        if (const auto* c = gaz_.country(p->country))
          countries.add(c->code, c->name, EntityKind::kCountry, false, m.confidence);
        break;
      }
      case EntityKind::kCountry:
        countries.add(m.id, m.name, m.kind, m.candidate, m.confidence);
        break;
    }
  }
  return Tags{actors.take(), persons.take(), places.take(), regions.take(), countries.take(), candidates.take()};
}

}  // namespace sitrep
