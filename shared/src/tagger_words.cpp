// The tagger's word lists: the cue words (grammar, not data: titles, organisation words,
// prepositions, ...) and the lexicon files of the data directory (first-names.tsv,
// common-words.tsv, region-abbreviations.tsv), folded into one bit set per word.
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <unordered_set>

#include "tagger_internal.h"
#include "tsv.h"

namespace sitrep::tagging {
namespace {

using WordSet = std::unordered_set<std::string_view>;

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
      "mother",     "father",     "coordinator", "representative", "adviser", "advisor", "administrator",
      "commissioner", "rapporteur", "consul"};
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
      "desk",        "securities",   "partners",   "brothers",   "bros",       "associates", "investments"};
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

// Continents and parts of the world: never the towns of that name ("Asia", a town in the
// Philippines).
const WordSet& continents() {
  static const WordSet k = {"africa", "america", "americas", "antarctica", "asia", "australasia",
                            "eurasia", "europe", "oceania", "scandinavia", "balkans", "caribbean"};
  return k;
}

// Modal verbs after which "May" is not a name.
const WordSet& verb_followers() {
  static const WordSet k = {"be", "have", "not", "also", "well", "yet", "soon", "still", "need", "take",
                            "come", "become", "face", "seem", "prove", "lead", "help"};
  return k;
}

// The rows of a lexicon file, read leniently (unlike the gazetteer's tsv::read): a missing file
// has none, and a row has as many fields as it has.
std::vector<std::vector<std::string>> read_rows(const std::filesystem::path& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    rows.push_back(tsv::split(line, '\t'));
  }
  return rows;
}

}  // namespace

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
      {&candidate_place_prepositions(), kCandidatePrep}, {&months(), kMonthWord}, {&verb_followers(), kVerbFollower},
      {&continents(), kContinent}};
  for (const auto& [set, bit] : cues)
    for (const auto& w : *set) words[std::string(w)] |= bit;
  cache[chosen] = lex;
  return lex;
}

}  // namespace sitrep::tagging
