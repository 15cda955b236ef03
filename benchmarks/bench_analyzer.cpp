// Analyzer throughput: tokenize + fold (+ stem, + tagging) over the sample corpus, in MB/s.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/ner_model.h"
#include "sitrep/tagger.h"

namespace {

const std::string& corpus() {
  static const std::string text = [] {
    std::string all;
    for (const auto& e : std::filesystem::directory_iterator(SITREP_SAMPLE_DIR)) {
      if (e.path().extension() != ".txt") continue;
      std::ifstream in(e.path());
      std::stringstream ss;
      ss << in.rdbuf();
      all += ss.str();
      all += "\n\n";
    }
    return all;
  }();
  return text;
}

void BM_Tokenize(benchmark::State& state) {
  sitrep::Analyzer analyzer;
  const std::string& text = corpus();
  for (auto _ : state) benchmark::DoNotOptimize(analyzer.tokenize(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

void BM_TokenizeAndStem(benchmark::State& state) {
  sitrep::Analyzer analyzer;
  const std::string& text = corpus();
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& t : analyzer.tokenize(text)) n += analyzer.stem(t.norm).size();
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TokenizeAndStem)->Unit(benchmark::kMillisecond);

void BM_TokenizeAndTag(benchmark::State& state) {
  sitrep::Analyzer analyzer;
  auto gaz = sitrep::Gazetteer::load(sitrep::Gazetteer::default_data_dir(), analyzer);
  if (!gaz) {
    state.SkipWithError(gaz.status().to_string().c_str());
    return;
  }
  sitrep::Tagger tagger(*gaz);
  const std::string& text = corpus();
  for (auto _ : state) benchmark::DoNotOptimize(tagger.tag(analyzer.tokenize(text)));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TokenizeAndTag)->Unit(benchmark::kMillisecond);

// The trained name tagger (ner-en.model in the gazetteer directory) over the analyzer's tokens.
void BM_TokenizeAndModelTag(benchmark::State& state) {
  sitrep::Analyzer analyzer;
  auto gaz = sitrep::Gazetteer::load(sitrep::Gazetteer::default_data_dir(), analyzer);
  auto model = sitrep::NerModel::load(sitrep::Gazetteer::default_data_dir() + "/ner-en.model");
  if (!gaz || !model) {
    state.SkipWithError((gaz ? model.status() : gaz.status()).to_string().c_str());
    return;
  }
  const std::string& text = corpus();
  for (auto _ : state) benchmark::DoNotOptimize(model->mentions(text, analyzer.tokenize(text), &gaz.value()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_TokenizeAndModelTag)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
