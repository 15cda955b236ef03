// sitrep-train-ner: trains the name tagger (sitrep/ner_model.h) on CoNLL-2003 files.
//   sitrep-train-ner --conll eng.train --dev eng.testa [--test eng.testb] -o shared/data/ner-en.model
// Run by hand (the build never needs the corpora); the same command gives the same bytes.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli.h"
#include "conll.h"
#include "io.h"
#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/ner_model.h"

namespace po = boost::program_options;
namespace ev = sitrep::eval;

namespace {

constexpr const char* kProgram = "sitrep-train-ner";

sitrep::Result<std::vector<sitrep::NerSentence>> read_sentences(const std::string& path, const sitrep::Analyzer& analyzer) {
  auto bytes = ev::read_file(path);
  if (!bytes) return bytes.status();
  auto docs = ev::parse_conll(bytes.value(), path);
  if (!docs) return docs.status();
  auto sentences = ev::ner_sentences(docs.value(), analyzer);
  if (sentences.empty()) return sitrep::Status::parse_error(path + ": no sentence");
  return sentences;
}

// The command as it should be written in the model's header: the program's name without its
// directory, then the arguments.
std::string command_line(int argc, char** argv) {
  std::string prog = argv[0];
  if (const auto slash = prog.rfind('/'); slash != std::string::npos) prog = prog.substr(slash + 1);
  std::string cmd = prog;
  for (int i = 1; i < argc; ++i) (cmd += ' ') += argv[i];
  return cmd;
}

}  // namespace

int main(int argc, char** argv) {
  std::string train_path, dev_path, test_path, out_path, data_dir;
  sitrep::NerTrainOptions options;
  bool no_gazetteer = false;
  po::options_description opts(
      "Usage: sitrep-train-ner --conll TRAIN [--dev DEV] [--test TEST] -o MODEL\n\n"
      "Trains the name tagger (averaged structured perceptron, PER/ORG/LOC/MISC) on CoNLL-2003 files\n"
      "(IOB1 or IOB2 tags in the last column). The number of epochs is chosen on --dev; --test is\n"
      "measured once, after training, and only recorded in the model's header.\n\nOptions");
  opts.add_options()("help,h", "show this help")("conll", po::value(&train_path), "training file (eng.train)")(
      "dev", po::value(&dev_path), "development file for choosing the epochs (eng.testa)")(
      "test", po::value(&test_path), "held-out file, scored once for the header (eng.testb)")(
      "output,o", po::value(&out_path), "model file to write")(
      "epochs", po::value(&options.max_epochs)->default_value(options.max_epochs), "most epochs to run")(
      "patience", po::value(&options.patience)->default_value(options.patience),
      "stop after this many epochs without a better dev F1")(
      "hash-bits", po::value(&options.hash_bits)->default_value(options.hash_bits), "feature table of 2^N rows")(
      "seed", po::value(&options.seed)->default_value(options.seed), "seed of the per-epoch shuffle")(
      "data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")(
      "no-gazetteer", po::bool_switch(&no_gazetteer), "train without the gazetteer membership features");
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line(kProgram, argc, argv, opts, vm)) return *exit;
  if (train_path.empty() || out_path.empty()) {
    std::cerr << kProgram << ": --conll and -o are required (see --help)\n";
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  const sitrep::Analyzer analyzer;
  std::optional<sitrep::Gazetteer> gazetteer;
  if (!no_gazetteer) {
    auto g = sitrep::Gazetteer::load(data_dir.empty() ? sitrep::Gazetteer::default_data_dir() : data_dir, analyzer);
    if (!g) {
      std::cerr << kProgram << ": cannot load the gazetteer: " << g.status().message() << "\n";
      return 1;
    }
    gazetteer.emplace(std::move(g).value());
  }
  const sitrep::Gazetteer* gaz = gazetteer ? &*gazetteer : nullptr;
  auto read = [&](const std::string& path, std::vector<sitrep::NerSentence>* out) {
    if (path.empty()) return true;
    auto s = read_sentences(path, analyzer);
    if (!s) {
      std::cerr << kProgram << ": cannot read " << path << ": " << s.status().message() << "\n";
      return false;
    }
    *out = std::move(s).value();
    return true;
  };
  std::vector<sitrep::NerSentence> train, dev, test;
  if (!read(train_path, &train) || !read(dev_path, &dev) || !read(test_path, &test)) return 1;
  std::cerr << kProgram << ": " << train.size() << " training sentences, " << dev.size() << " dev sentences\n";
  options.progress = [](int epoch, const sitrep::NerScores& scores) {
    std::cerr << kProgram << ": epoch " << epoch << ": dev " << scores.summary() << "\n";
  };
  auto model = sitrep::NerModel::train(train, dev, gaz, options);
  if (!model) {
    std::cerr << kProgram << ": " << model.status().message() << "\n";
    return 2;
  }
  model->info().command = command_line(argc, argv);
  if (!test.empty()) {
    const auto scores = model->evaluate(test, gaz);
    model->info().test = scores.summary();
    std::cerr << kProgram << ": test " << scores.summary() << "\n";
  }
  if (const auto st = model->save(out_path); !st) {
    std::cerr << kProgram << ": " << st.message() << "\n";
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::fprintf(stderr, "%s: wrote %s: epoch %d of %d, %zu weights, %.0f s\n", kProgram, out_path.c_str(),
               model->info().epochs, model->info().epochs_run, model->weights(), seconds);
  return 0;
}
