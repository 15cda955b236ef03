// libFuzzer target: the query parser (sitrep::QueryParser::parse and ParsedQuery::summary) over the
// real gazetteer of the build ($SITREP_DATA_DIR, else the build's data directory), with the
// tagger's common-word list as sitrep-search and sitrep-serve use it. Any bytes are a query: the
// command line and the HTTP API pass them on unchecked.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/query.h"
#include "sitrep/tagger.h"

namespace {

struct World {
  sitrep::Analyzer analyzer;
  std::unique_ptr<sitrep::Gazetteer> gazetteer;
  std::unique_ptr<sitrep::Tagger> tagger;
  std::unique_ptr<sitrep::QueryParser> parser;       // as the searcher builds it
  std::unique_ptr<sitrep::QueryParser> bare_parser;  // no tagger, descriptions off
};

const World& world() {
  static const World* w = [] {
    auto* made = new World;
    const std::string dir = sitrep::Gazetteer::default_data_dir();
    auto g = sitrep::Gazetteer::load(dir, made->analyzer);
    if (!g) {
      std::fprintf(stderr, "fuzz_query_parser: cannot load the gazetteer from %s: %s\n", dir.c_str(),
                   g.status().to_string().c_str());
      std::abort();
    }
    made->gazetteer = std::make_unique<sitrep::Gazetteer>(std::move(g).value());
    made->tagger = std::make_unique<sitrep::Tagger>(*made->gazetteer, dir);
    made->parser = std::make_unique<sitrep::QueryParser>(*made->gazetteer, sitrep::QueryLimits{}, made->tagger.get());
    sitrep::QueryLimits bare;
    bare.descriptive_words = 0;
    made->bare_parser = std::make_unique<sitrep::QueryParser>(*made->gazetteer, bare);
    return made;
  }();
  return *w;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)world();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const sitrep::Date now{2024, 12, 7};  // fixed: a run must not depend on today's date
  for (const sitrep::QueryParser* p : {world().parser.get(), world().bare_parser.get()}) {
    auto parsed = p->parse(query, now);
    if (parsed) (void)parsed->summary();
    else (void)parsed.status().to_string();
  }
  return 0;
}
