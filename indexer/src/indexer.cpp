#include "sitrep/indexer.h"

#include <xapian.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>
#include <string_view>
#include <unordered_map>
#include <nlohmann/json.hpp>

#include "duplicate_key.h"
#include "pipeline.h"
#include "sitrep/analyzer.h"
#include "sitrep/date.h"
#include "sitrep/event_dates.h"
#include "sitrep/facets.h"
#include "sitrep/gazetteer.h"
#include "sitrep/language.h"
#include "sitrep/paths.h"
#include "sitrep/schema.h"
#include "sitrep/tagger.h"

namespace sitrep {
namespace {

// Positions of body words start after the title's, with a gap so no phrase spans both.
constexpr Xapian::termpos kBodyGap = 100;

// The title shown for an article without one: its first words, up to a sentence end.
std::string lead_of(const std::vector<Token>& tokens, std::string_view text, std::size_t max_words = 12) {
  if (tokens.empty()) return {};
  std::size_t last = 0;
  for (std::size_t i = 0; i < tokens.size() && i < max_words; ++i) {
    last = i;
    // Stop at a sentence end right after this word.
    const std::size_t after = tokens[i].end;
    if (after < text.size() && (text[after] == '.' || text[after] == '!' || text[after] == '?')) break;
  }
  std::string lead(text.substr(tokens[0].begin, tokens[last].end - tokens[0].begin));
  for (auto& c : lead)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (last + 1 < tokens.size() && last + 1 >= max_words) lead += "…";
  return lead;
}

// Event spans indexed year by year: from this year on, at most this many years long (see add_event_date).
constexpr int kEventYearsFrom = 1900;
constexpr int kEventYearsSpan = 100;

std::string source_id(const Analyzer& analyzer, const std::string& source) {
  std::string id;
  for (const auto& w : analyzer.fold_words(source)) {
    if (!id.empty()) id.push_back('-');
    id += w;
  }
  return id;
}

}  // namespace

struct Indexer::Impl {
  Analyzer analyzer;
  std::unique_ptr<Gazetteer> gazetteer;
  std::unique_ptr<Tagger> tagger;
  IndexerOptions options;
  Checkpoint checkpoint;
  std::string writer_file;  // DIR/sitrep-writer while this writer holds the index

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl();  // commits what is pending, closes the databases, removes the writer file

  Xapian::Document build(const Article& a) const;
  // The sections of build(), in its order.
  void add_text_terms(Xapian::Document& doc, const std::vector<Token>& tokens, std::size_t title_bytes,
                      const std::string& lang) const;
  void add_entities(Xapian::Document& doc, const Tags& tags) const;
  void add_date_source_lang(Xapian::Document& doc, const Article& a, const std::string& lang) const;
  // Last: its threads call build() and stop before the analyzer and the gazetteer go.
  std::unique_ptr<detail::Pipeline> pipeline;
};

namespace {

// The event terms and values of one event date. A week or a short span is indexed day by day; a
// longer one by month, or by year. A span that starts before kEventYearsFrom or covers more than
// kEventYearsSpan years ("since 1750", "between 1850 and 2011") is not expanded: only its two end
// years are indexed, so that a single mention does not put the article into every year of
// centuries.
void add_event_date(const EventDate& e, std::set<std::string>& event_terms, std::set<std::string>& event_values) {
  const std::int64_t days = e.last.to_days() - e.first.to_days() + 1;
  auto add_day = [&](const Date& d) {
    event_terms.insert(schema::term(schema::kEventDay, d.compact()));
    event_values.insert(d.iso());
  };
  auto add_month = [&](int y, int m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", y, m);
    event_terms.insert(schema::term(schema::kEventMonth, buf));
    std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    event_values.insert(buf);
  };
  auto add_year = [&](int y) {
    event_terms.insert(schema::term(schema::kEventYear, std::to_string(y)));
    event_values.insert(std::to_string(y));
  };
  switch (e.precision) {
    case EventDate::Precision::kMonth:
      add_month(e.first.year, e.first.month);
      break;
    case EventDate::Precision::kYear:
      add_year(e.first.year);
      break;
    default:
      if (days <= 31) {
        for (Date d = e.first; d <= e.last; d = d.add_days(1)) add_day(d);
      } else if (days <= 731) {
        for (Date d{e.first.year, e.first.month, 1}; d <= e.last;
             d = d.month == 12 ? Date{d.year + 1, 1, 1} : Date{d.year, d.month + 1, 1})
          add_month(d.year, d.month);
      } else if (e.first.year < kEventYearsFrom || e.last.year - e.first.year > kEventYearsSpan) {
        add_year(e.first.year);
        add_year(e.last.year);
      } else {
        for (int y = e.first.year; y <= e.last.year; ++y) add_year(y);
      }
  }
}

// Event dates named in the text, resolved against the publication date: their terms, their list
// (slot kSlotEvents), and the first hundred as the document data shows them.
nlohmann::json add_event_dates(Xapian::Document& doc, const Article& a) {
  std::set<std::string> event_terms, event_values;
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : extract_event_dates(a.text, a.date)) {
    add_event_date(e, event_terms, event_values);
    if (events.size() < 100) events.push_back({{"text", e.text}, {"date", e.iso()}});
  }
  for (const auto& t : event_terms) doc.add_boolean_term(t);
  std::string event_value;
  for (const auto& v : event_values) event_value += (event_value.empty() ? "" : "\n") + v;
  if (!event_value.empty()) doc.add_value(schema::kSlotEvents, event_value);
  return events;
}

}  // namespace

// Date, source, language and the id term.
void Indexer::Impl::add_date_source_lang(Xapian::Document& doc, const Article& a, const std::string& lang) const {
  const std::string ymd = a.date.compact();
  doc.add_value(schema::kSlotDate, ymd);
  doc.add_boolean_term(schema::term(schema::kDay, ymd));
  doc.add_boolean_term(schema::term(schema::kMonth, ymd.substr(0, 6)));
  doc.add_boolean_term(schema::term(schema::kYear, ymd.substr(0, 4)));
  doc.add_value(schema::kSlotMonth, a.date.iso().substr(0, 7));
  const std::string src = source_id(analyzer, a.source);
  if (!src.empty()) {
    doc.add_boolean_term(schema::term(schema::kSource, src));
    doc.add_value(schema::kSlotSource, src + "\t" + a.source);
  }
  doc.add_boolean_term(schema::term(schema::kLang, lang));
  doc.add_value(schema::kSlotLang, lang);
  doc.add_boolean_term(schema::term(schema::kId, a.id));
}

Xapian::Document Indexer::Impl::build(const Article& a) const {
  Xapian::Document doc;
  const std::string combined = analysed_text(a.title, a.text);
  const std::size_t title_bytes = a.title.size();
  // The language: the article's lang, else detected from its script and common words. It chooses
  // the stemmer of each word (with the word's script) and whether elisions are split.
  const std::string lang = a.lang.empty() ? detect_language(combined) : a.lang;
  const auto tokens = analyzer.tokenize(combined, lang);
  add_text_terms(doc, tokens, title_bytes, lang);
  add_entities(doc, tagger->tag(tokens, a.date.year));
  nlohmann::json events = add_event_dates(doc, a);
  // Near-duplicate key (see schema.h): the body's words, after the title and its blank line.
  if (auto key = duplicate_key(tokens, title_bytes > 0 ? title_bytes + 2 : 0); !key.empty())
    doc.add_value(schema::kSlotDuplicate, key);
  add_date_source_lang(doc, a, lang);

  // What a hit shows: a JSON header, then the text apart (schema::join_data). Its facets are read
  // from their value slots, not stored twice.
  nlohmann::json data = {{"id", a.id},
                         {"date", a.date.iso()},
                         {"title", a.title.empty() ? lead_of(tokens, combined) : a.title},
                         {"source", a.source},
                         {"url", a.url},
                         {"lang", lang}};
  if (a.title.empty()) data["title_from_text"] = true;
  if (!events.empty()) data["events"] = std::move(events);
  const std::string header = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  doc.add_value(schema::kSlotHeader, header);
  doc.set_data(schema::join_data(header, a.text));
  return doc;
}

// Text terms: the folded word with its position, the stem without positions (Xapian's "Z"
// convention), title words also under the title prefix. A name-like word in a non-Latin script
// also gets the key of its transliteration ("T"), so that a name no list knows can be found from
// another script. Stems are added once per distinct word, with its number of occurrences as the
// wdf (the same document as one add_term per occurrence, at about half the stemmer and term-map
// lookups). The event concepts the stems express are terms of their own (schema::kConcept).
void Indexer::Impl::add_text_terms(Xapian::Document& doc, const std::vector<Token>& tokens, std::size_t title_bytes,
                                   const std::string& lang) const {
  Xapian::termpos gap = 0;
  std::unordered_map<std::string_view, Xapian::termcount> words;
  words.reserve(tokens.size());
  for (const auto& t : tokens) {
    const bool in_title = title_bytes > 0 && t.end <= title_bytes;
    if (!in_title && gap == 0 && title_bytes > 0) gap = kBodyGap;
    const Xapian::termpos pos = t.pos + 1 + gap;
    doc.add_posting(t.norm, pos);
    if (!t.numeric) {
      ++words[t.norm];
      if ((t.caseless || t.capitalized) && script_of(t.norm) != Script::kLatin && !analyzer.is_stopword(t.norm))
        if (auto key = analyzer.translit_key(t.norm); !key.empty()) doc.add_term(schema::term(schema::kTranslit, key));
    }
    if (in_title) doc.add_posting(schema::term(schema::kTitle, t.norm), pos);
  }
  // Each event concept the stems express, with their occurrences summed (schema::kConcept), and
  // the table they were read with.
  std::vector<Xapian::termcount> concept_wdf(gazetteer->events().size(), 0);
  std::vector<std::size_t> concepts;
  auto add_stem = [&](const std::string& stem, Xapian::termcount count) {
    doc.add_term(schema::term(schema::kStem, stem), count);
    concepts.clear();
    gazetteer->concepts_of_stem(stem, lang, concepts);
    for (const std::size_t c : concepts) concept_wdf[c] += count;
  };
  for (const auto& [norm, count] : words) {
    add_stem(analyzer.stem(norm, lang), count);
    for (const auto& s : analyzer.extra_stems(norm)) add_stem(s, count);
  }
  for (std::size_t c = 0; c < concept_wdf.size(); ++c)
    if (concept_wdf[c] > 0) doc.add_term(schema::term(schema::kConcept, gazetteer->events()[c].id), concept_wdf[c]);
  doc.add_boolean_term(schema::term(schema::kConceptTable, gazetteer->concept_table()));
}

// Entities: the facets written from a tagger list (facets.h), the candidates apart, the places'
// coordinates.
void Indexer::Impl::add_entities(Xapian::Document& doc, const Tags& tags) const {
  auto add_facet_terms = [&](const facets::Facet& f, const std::vector<EntityTag>& list) {
    for (const auto& t : list) {
      if (f.weighted)
        doc.add_term(schema::term(f.prefix, t.id), static_cast<Xapian::termcount>(t.mentions));
      else
        doc.add_boolean_term(schema::term(f.prefix, t.id));
    }
  };
  // Each such facet: its terms, and its list in the tagger's order (most mentioned first), which
  // is also what a hit shows as its facets.
  for (const auto& f : facets::all()) {
    if (!f.tags) continue;
    add_facet_terms(f, tags.*f.tags);
    doc.add_value(f.slot, facets::encode(tags.*f.tags));
  }
  // Candidates (rule-found organisations, places, persons) stay apart from the trusted facets.
  std::string candidates;
  for (const auto& c : tags.candidates) {
    const char kind = schema::candidate_letter(to_string(c.kind));
    doc.add_term(schema::term(schema::kCandidate, kind + c.id), static_cast<Xapian::termcount>(c.mentions));
    facets::append_entry(candidates, std::string(to_string(c.kind)) + ":" + c.id, c.name);
  }
  if (!candidates.empty()) doc.add_value(schema::kSlotCandidates, candidates);
  Xapian::LatLongCoords coords;
  for (const auto& t : tags.places)
    if (const auto* p = gazetteer->place(t.id)) coords.append(Xapian::LatLongCoord(p->lat, p->lon));
  if (!coords.empty()) doc.add_value(schema::kSlotCoords, coords.serialise());
}

namespace {

namespace fs = std::filesystem;

// A sharded index DIR: the shards DIR/shard-00 ... and the stub DIR/XAPIANDB, which
// Xapian::Database(DIR) opens as one database of all the shards, with a copy DIR/index.stub for
// tools that want a file.
constexpr const char* kStubCopy = "index.stub";

std::string shard_name(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "shard-%02zu", i);
  return buf;
}

// The shards of a stub file: only local databases can be written to.
Result<std::vector<std::string>> local_shards(const fs::path& stub) {
  auto listed = read_stub(stub.string());
  if (!listed) return listed.status();
  std::vector<std::string> shards;
  for (const StubLine& l : listed.value()) {
    if (l.type != "auto" && l.type != "glass")
      return Status::index_error(stub.string() + ":" + std::to_string(l.line) +
                                 ": sitrep writes only to local shards ('auto PATH' lines)");
    shards.push_back(l.target);
  }
  return shards;
}

// Writes `text` to `path` atomically (a reader sees the old file or the new one).
Status write_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::io_error(tmp.string() + ": cannot write");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::io_error(path.string() + ": cannot write: " + ec.message());
  return Status::ok();
}

// Opens one database of the index for writing and checks or sets its metadata. For a shard,
// `shard` is "i/K".
Status open_database(const std::string& path, const std::string& shard, const std::string& analyzer,
                     Xapian::WritableDatabase& db, bool& created) {
  std::error_code ec;
  if (fs::exists(fs::path(path) / "iamglass", ec) && !fs::exists(fs::path(path) / "termlist.glass", ec))
    return Status::index_error(path +
                               ": a search-only index (compacted with --search-only, without termlists) cannot be "
                               "updated; index into the original index or a new directory");
  try {
    db = Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
  } catch (const Xapian::DatabaseLockError& e) {
    return Status::index_error(path + ": the index is locked by another writer (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return Status::index_error(path + ": cannot open the index for writing: " + e.get_description());
  }
  const std::string version = db.get_metadata(schema::kVersionKey);
  created = false;
  if (version.empty()) {
    if (db.get_doccount() > 0) return Status::index_error(path + ": not a sitrep index (no schema version)");
    db.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
    created = true;
  } else if (version != std::to_string(schema::kVersion)) {
    if (!schema::readable_version(version))
      return Status::index_error(path + ": index schema version " + version +
                                 " is not supported (this sitrep writes version " + std::to_string(schema::kVersion) +
                                 "); re-index into a new directory");
    // An older version that differs only in how documents store their data: upgraded in place
    // (committed with the first change); the searcher reads documents of both forms.
    db.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));
  }
  if (!shard.empty()) {
    const std::string have = db.get_metadata(schema::kShardKey);
    if (have.empty() && db.get_doccount() > 0)
      return Status::index_error(path +
                                 ": not a shard written by sitrep-index --shards (its articles are not placed by id); "
                                 "write to it alone");
    if (!have.empty() && have != shard)
      return Status::index_error(path + ": holds shard " + have + " but the stub lists it as shard " + shard +
                                 " (stub edited?)");
    db.set_metadata(schema::kShardKey, shard);
  }
  db.set_metadata(schema::kAnalyzerKey, analyzer);
  return Status::ok();
}

// The writer file: who holds the index (Xapian's lock says only that someone does).
constexpr const char* kWriterFile = "sitrep-writer";

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0) return "?";
  return buf;
}

// This process's command line, arguments separated by spaces.
std::string command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!raw.empty() && raw.back() == '\0') raw.pop_back();
  for (auto& c : raw)
    if (c == '\0') c = ' ';
  return raw;
}

// "pid 1234 on host h, since T: COMMAND; that process is still running" from the writer file.
std::string describe_writer(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return "no " + std::string(kWriterFile) + " file: not a sitrep indexer, or one that has not yet written it";
  nlohmann::json j;
  try {
    in >> j;
  } catch (const nlohmann::json::exception&) {
    return file.string() + " is unreadable";
  }
  const long long pid = j.value("pid", 0LL);
  const std::string host = j.value("host", std::string("?"));
  std::string d = "pid " + std::to_string(pid) + " on host " + host + ", since " + j.value("started", std::string("?")) +
                  ": " + j.value("command", std::string("?"));
  if (host != host_name()) {
    d += " (on another host: cannot tell whether it still runs)";
  } else if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) {
    d += pid == static_cast<long long>(::getpid()) ? " (this very process)" : " (still running)";
  } else {
    d += " (not running any more: the lock is held by another program, or a child of that process)";
  }
  return d;
}

// Reads a shard's checkpoint metadata ("KEY SEQ" or "KEY done") for the run `key`: false when it
// belongs to no run or to another one (`other`: an unfinished other run).
bool parse_checkpoint(const std::string& value, const std::string& key, std::uint64_t& seq, bool& other) {
  other = false;
  if (value.empty()) return false;
  const auto sp = value.rfind(' ');
  if (sp == std::string::npos || value.compare(0, sp, key) != 0 || sp != key.size()) {
    other = value.size() < 5 || value.compare(value.size() - 5, 5, " done") != 0;
    return false;
  }
  const std::string rest = value.substr(sp + 1);
  if (rest == "done") {
    seq = Checkpoint::kDone;
    return true;
  }
  try {
    seq = std::stoull(rest);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

Status check_article(const Article& a) {
  if (a.id.empty()) return Status::invalid_argument(a.origin + ": article has no id");
  if (a.id.size() > schema::kMaxIdBytes)
    return Status::invalid_argument(a.origin + ": id longer than " + std::to_string(schema::kMaxIdBytes) + " bytes");
  if (!a.date.valid()) return Status::invalid_argument(a.origin + ": invalid date");
  return Status::ok();
}

}  // namespace

std::string describe_current_exception() {
  const std::exception_ptr e = std::current_exception();
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const Xapian::Error& x) {
    return x.get_description();
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
  }
  return "an unknown exception";
}

std::uint64_t Checkpoint::min() const {
  if (!resuming || shards.empty()) return 0;
  return *std::min_element(shards.begin(), shards.end());
}

Indexer::Impl::~Impl() {
  if (pipeline) (void)pipeline->commit();
  pipeline.reset();  // the writers close their databases (and Xapian's locks) first
  if (!writer_file.empty()) {
    std::error_code ec;
    fs::remove(writer_file, ec);
  }
}

Indexer::Indexer() = default;
Indexer::~Indexer() = default;
Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

Result<Indexer> Indexer::open(const std::string& index_dir, const IndexerOptions& options) {
  Indexer ix;
  ix.impl_ = std::make_unique<Impl>();
  Impl& im = *ix.impl_;
  im.options = options;
  if (im.options.batch_size == 0) im.options.batch_size = 1;

  // One database, or the shards a stub lists (DIR/XAPIANDB, or a stub file given as the index).
  const fs::path dir(index_dir);
  std::error_code ec;
  const fs::path stub = stub_file_of(index_dir);
  std::vector<std::string> paths;
  bool new_shards = false;
  if (!stub.empty()) {
    auto listed = local_shards(stub);
    if (!listed) return listed.status();
    paths = std::move(listed).value();
    if (options.shards != 0 && options.shards != paths.size())
      return Status::invalid_argument(index_dir + ": the index has " + std::to_string(paths.size()) +
                                      " shard(s), not " + std::to_string(options.shards));
  } else if (options.shards > 1) {
    if (fs::exists(dir / "iamglass", ec) || fs::exists(dir / "iamchert", ec))
      return Status::invalid_argument(
          index_dir +
          ": an index of one database; shards are made for a new index (re-index into a new "
          "directory)");
    for (std::size_t i = 0; i < options.shards; ++i) paths.push_back((dir / shard_name(i)).string());
    new_shards = true;
  } else {
    paths.push_back(index_dir);
  }
  // Xapian creates the index directory but not its parents (~/.local/share/sitrep/...).
  const fs::path parent = new_shards ? dir : dir.parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec) return Status::io_error(index_dir + ": cannot create " + parent.string() + ": " + ec.message());
  }
  const bool sharded = !stub.empty() || new_shards;
  // The writer file lives beside the stub, or in the database's own directory.
  const fs::path writer_file = (sharded ? (stub.empty() ? dir : stub.parent_path()) : dir) / kWriterFile;
  std::vector<Xapian::WritableDatabase> dbs(paths.size());
  bool created = false;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const std::string shard = sharded ? std::to_string(i) + "/" + std::to_string(paths.size()) : "";
    bool new_db = false;
    if (auto st = open_database(paths[i], shard, im.analyzer.signature(), dbs[i], new_db); !st) {
      if (st.message().find("locked by another writer") != std::string::npos)
        return Status(st.code(), st.message() + "; held by " + describe_writer(writer_file));
      return st;
    }
    created = created || new_db;
  }
  // Every lock is ours (a second writer fails above at once, before the gazetteer loads).
  const std::string data_dir = options.data_dir.empty() ? Gazetteer::default_data_dir() : options.data_dir;
  auto gaz = Gazetteer::load(data_dir, im.analyzer);
  if (!gaz) return gaz.status();
  im.gazetteer = std::make_unique<Gazetteer>(std::move(gaz).value());
  im.tagger = std::make_unique<Tagger>(*im.gazetteer, data_dir);
  for (auto& db : dbs) db.set_metadata(schema::kGazetteerKey, im.gazetteer->version());
  // A new index is committed empty at once: whatever happens next, it opens as a sitrep index.
  if (created || new_shards) {
    try {
      for (auto& db : dbs) db.commit();
    } catch (const Xapian::Error& e) {
      return Status::io_error(index_dir + ": cannot create the index: " + e.get_description());
    }
  }
  // Say who holds the locks.
  {
    const nlohmann::json who = {{"pid", static_cast<long long>(::getpid())},
                                {"host", host_name()},
                                {"started", utc_timestamp()},
                                {"command", command_line()}};
    if (auto st = write_atomically(writer_file, who.dump() + "\n"); !st)
      return Status::io_error(st.message() + " (the writer file)");
    im.writer_file = writer_file.string();
  }
  // The checkpoint of this run, if the index holds one.
  std::vector<std::string> checkpoints;
  for (auto& db : dbs) checkpoints.push_back(db.get_metadata(schema::kCheckpointKey));
  if (!options.run_key.empty()) {
    Checkpoint& cp = im.checkpoint;
    cp.shards.assign(dbs.size(), 0);
    bool unfinished = false;
    for (std::size_t i = 0; i < dbs.size(); ++i) {
      std::uint64_t seq = 0;
      bool other = false;
      if (parse_checkpoint(checkpoints[i], options.run_key, seq, other)) {
        cp.shards[i] = seq;
        unfinished = unfinished || seq != Checkpoint::kDone;
      }
      cp.other_run = cp.other_run || other;
    }
    // Only an unfinished run resumes; after a finished one the same input is indexed again.
    cp.resuming = unfinished && !options.restart;
    if (!cp.resuming) cp.shards.assign(dbs.size(), 0);
  }
  if (new_shards) {
    // The shards exist (and hold their metadata) before the stub names them.
    std::string text = "# sitrep index of " + std::to_string(paths.size()) +
                       " shards (Xapian stub database); an article is in shard FNV-1a-64(id) mod " +
                       std::to_string(paths.size()) + "\n";
    for (std::size_t i = 0; i < paths.size(); ++i) text += "auto " + shard_name(i) + "\n";
    if (auto st = write_atomically(dir / kStubName, text); !st) return st;
    if (auto st = write_atomically(dir / kStubCopy, text); !st) return st;
  }
  detail::PipelineOptions po;
  po.threads = options.threads;
  po.batch_size = im.options.batch_size;
  po.batch_max = im.options.batch_max;
  po.flush_bytes = options.flush_bytes;
  po.run_key = options.run_key;
  po.checkpoints = std::move(checkpoints);
  im.pipeline = std::make_unique<detail::Pipeline>(
      std::move(dbs), [&im](const Article& a) { return im.build(a); }, po);
  return ix;
}

Result<AddOutcome> Indexer::add(const Article& a) {
  if (auto st = check_article(a); !st) return st;
  ChangeResult r;
  if (auto st = impl_->pipeline->add(a, &r); !st) return st;
  (void)impl_->pipeline->drain();
  if (!r.status) return r.status;
  return r.kind == ChangeResult::Kind::kReplaced ? AddOutcome::kReplaced : AddOutcome::kAdded;
}

Status Indexer::remove(const std::string& id) {
  ChangeResult r;
  if (auto st = impl_->pipeline->remove(id, &r); !st) return st;
  (void)impl_->pipeline->drain();
  return r.status;
}

Status Indexer::submit(Article a, std::uint64_t sequence) {
  if (auto st = check_article(a); !st) return st;
  return impl_->pipeline->add(std::move(a), nullptr, sequence);
}

Status Indexer::submit_remove(std::string id, std::uint64_t sequence) {
  return impl_->pipeline->remove(std::move(id), nullptr, sequence);
}

Status Indexer::finish() { return impl_->pipeline->commit(true); }
const Checkpoint& Indexer::checkpoint() const noexcept { return impl_->checkpoint; }

bool Indexer::committed(std::string_view id, std::uint64_t sequence) const noexcept {
  const Checkpoint& cp = impl_->checkpoint;
  if (!cp.resuming || sequence == 0) return false;
  return sequence <= cp.shards[shard_of(id, cp.shards.size())];
}

std::vector<std::uint64_t> Indexer::committed_sequences() const {
  auto seqs = impl_->pipeline->committed_sequences();
  const Checkpoint& cp = impl_->checkpoint;
  for (std::size_t i = 0; i < seqs.size() && cp.resuming; ++i)
    if (seqs[i] == 0 && cp.shards[i] != Checkpoint::kDone) seqs[i] = cp.shards[i];
  return seqs;
}

void Indexer::set_result_handler(std::function<void(const ChangeResult&)> handler) {
  impl_->pipeline->set_handler(std::move(handler));
}

Status Indexer::commit() { return impl_->pipeline->commit(); }
IndexStats Indexer::stats() const { return impl_->pipeline->stats(); }
std::uint64_t Indexer::document_count() const { return impl_->pipeline->document_count(); }
std::size_t Indexer::shard_count() const noexcept { return impl_->pipeline->shard_count(); }
std::size_t Indexer::threads() const noexcept { return impl_->pipeline->threads(); }

std::size_t Indexer::commit_batch(const IndexerOptions& options, std::uint64_t documents) noexcept {
  const std::size_t low = std::max<std::size_t>(options.batch_size, 1);
  if (options.batch_max <= low) return low;
  return static_cast<std::size_t>(std::clamp<std::uint64_t>(documents / 100, low, options.batch_max));
}

std::size_t Indexer::shard_of(std::string_view id, std::size_t shards) noexcept {
  if (shards <= 1) return 0;
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return static_cast<std::size_t>(h % shards);
}

Status Indexer::compact(const std::vector<std::string>& sources, const std::string& out, bool search_only) {
  if (sources.empty()) return Status::invalid_argument("compact: no source index given");
  std::error_code ec;
  if (fs::exists(out, ec)) return Status::invalid_argument(out + ": already exists (give a new directory)");
  try {
    Xapian::Database all;
    for (const auto& src : sources) {
      Xapian::Database db;
      try {
        db = Xapian::Database(src);
      } catch (const Xapian::Error& e) {
        return Status::not_found(src + ": cannot open the index: " + e.get_description());
      }
      const std::string version = db.get_metadata(schema::kVersionKey);
      if (!schema::readable_version(version))
        return Status::index_error(src + ": " +
                                   (version.empty() ? std::string("not a sitrep index (no schema version)")
                                                    : "index schema version " + version + " (this sitrep writes " +
                                                          std::to_string(schema::kVersion) + ")"));
      all.add_database(db);
    }
    // An id is in one shard of an index; two sources must not share one either.
    const std::string q = schema::kId;
    for (auto t = all.allterms_begin(q); t != all.allterms_end(q); ++t)
      if (t.get_termfreq() > 1)
        return Status::invalid_argument("compact: the article '" + (*t).substr(q.size()) +
                                        "' is in more than one source index");
    if (const auto parent = fs::path(out).parent_path(); !parent.empty()) fs::create_directories(parent, ec);
    // Metadata: the first source's value of each key (the schema version is set below).
    all.compact(out, Xapian::Compactor::FULL | (sources.size() > 3 ? Xapian::DBCOMPACT_MULTIPASS : 0));
    Xapian::WritableDatabase merged(out, Xapian::DB_OPEN);
    merged.set_metadata(schema::kShardKey, "");  // one database now
    merged.set_metadata(schema::kVersionKey, std::to_string(schema::kVersion));  // sources of 4 and 5 alike
    merged.commit();
  } catch (const Xapian::Error& e) {
    return Status::io_error(out + ": compaction failed: " + e.get_description());
  }
  // Xapian reads a glass database without its termlist table (DB_NO_TERMLIST) as long as nothing
  // asks for a document's terms, which sitrep's searcher never does.
  if (search_only && fs::exists(fs::path(out) / "termlist.glass", ec) && !fs::remove(fs::path(out) / "termlist.glass", ec))
    return Status::io_error(out + ": cannot remove the termlist table: " + ec.message());
  return Status::ok();
}

}  // namespace sitrep
