// sitrep: a trained name tagger (PER, ORG, LOC, MISC) — an averaged structured perceptron.
//
// The model reads a sentence as a sequence of words (punctuation included, as in CoNLL-2003) and
// tags each with BIO tags over four types, by Viterbi decoding over emission scores (hashed
// features, see below) and tag-to-tag transition scores; an I-X tag can only follow B-X or I-X.
//
// Features of word i (each hashed with its template name into a table of 2^hash_bits rows, one
// weight per tag): the word as written and folded, its shape (Xxxx, XX, dd-dd, ...), compressed
// shape (Xx, X.X.) and class (Xx, XX, x, d, mixed, punct), prefixes and suffixes of 1-4 bytes, the
// folded words and compressed shapes at ±1 and ±2, word bigrams, the class trigram, its position
// in the sentence, whether the whole sentence is in capitals (a title or a headline), and
// gazetteer membership: the kinds (actor, person, place, country, demonym) of the gazetteer names
// (Gazetteer::match_at over the folded words) that cover it, first word or inside, alone and with
// its class. Training is deterministic: sentences are shuffled each epoch by a fixed-seed
// generator of the project's own (not std::shuffle), weights are integers during training, and the
// averaged weights are quantized to 16-bit integers with one scale, so one command gives the same
// model file on every run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/status.h"

namespace sitrep {

enum class NerType : std::uint8_t { kPer = 0, kOrg, kLoc, kMisc };
inline constexpr std::size_t kNerTypes = 4;
// "PER", "ORG", "LOC", "MISC".
const char* to_string(NerType type) noexcept;
std::optional<NerType> ner_type_from_string(std::string_view name) noexcept;

// One word as the model reads it.
struct NerWord {
  std::string surface;  // as written
  std::string norm;     // folded (Analyzer::fold / Token::norm); matched against the gazetteer
};
// Words of a sentence, each folded by the analyzer.
std::vector<NerWord> ner_words(const std::vector<std::string>& surfaces, const Analyzer& analyzer);

// A text's sentences as the model reads them (CoNLL-2003's tokenization, near enough): the
// analyzer's tokens, with the punctuation between them as words of their own, words joined by a
// hyphen kept as one ("al-Assad", "1996-08-22"), the full stop of an abbreviation kept on it
// ("U.S."), and a possessive split off ("Hezbollah's" -> "Hezbollah", "'s"). A sentence ends
// before a token that starts one (Token::sentence_start) unless it is in lower case ("the U.S.
// said"), and at a line break.
struct NerTextSentence {
  std::vector<NerWord> words;
  // Per word: the analyzer tokens it covers, [first_token, end_token); empty for punctuation.
  std::vector<std::size_t> first_token, end_token;
  // Per word: its byte range in the text.
  std::vector<std::size_t> begin, end;
};
std::vector<NerTextSentence> ner_text_sentences(std::string_view text, const std::vector<Token>& tokens);

// A name the model found in a text.
struct NerMention {
  NerType type = NerType::kPer;
  std::size_t first_token = 0, end_token = 0;  // analyzer tokens [first, end)
  std::size_t begin = 0, end = 0;              // bytes of the text
  double confidence = 1.0;                     // NerSpan::confidence
};

// A name: words [begin, end) of a sentence and its type.
struct NerSpan {
  std::size_t begin = 0, end = 0;
  NerType type = NerType::kPer;
  // How sure the model is, in (0, 1): the logistic of the smallest max-marginal margin (best path
  // with the span's tags against the best path with another tag at one of its words), in units of
  // one averaged weight. A ranking score, not a calibrated probability. 1 for gold spans.
  double confidence = 1.0;
  bool operator==(const NerSpan& o) const noexcept { return begin == o.begin && end == o.end && type == o.type; }
};

// A sentence with its names (training and evaluation data).
struct NerSentence {
  std::vector<NerWord> words;
  std::vector<NerSpan> names;
};

// Precision, recall and F1 of exact-match spans (conlleval's), per type and over all types.
struct NerScores {
  struct Counts {
    std::size_t tp = 0, fp = 0, fn = 0;
    double precision() const noexcept;
    double recall() const noexcept;
    double f1() const noexcept;
  };
  Counts by_type[kNerTypes];
  Counts all;
  void add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& predicted);
  // "all 0.861 PER 0.912 ORG 0.801 LOC 0.897 MISC 0.781" (F1, three decimals).
  std::string summary() const;
};

struct NerTrainOptions {
  int max_epochs = 25;          // most epochs run; the model kept is the one of the best dev F1
  int patience = 3;             // stop after this many epochs without a better dev F1
  std::uint64_t seed = 20240517;  // of the per-epoch shuffle
  unsigned hash_bits = 20;      // feature table rows: 2^hash_bits
  // Called after each epoch with its number (1-based) and the averaged model's scores on dev.
  std::function<void(int epoch, const NerScores& dev)> progress;
};

class NerModel {
 public:
  // What the model file's header records.
  struct Info {
    std::string command;   // the command line that made it
    int epochs = 0;        // epochs of the kept model (chosen on dev)
    int epochs_run = 0;
    std::size_t train_sentences = 0;
    std::string dev;       // NerScores::summary() on the dev set ("" without one)
    std::string test;      // ... on a held-out test set, measured once after training ("" without)
    std::string gazetteer;  // Gazetteer::version() of the gazetteer the features were taken from
  };

  // Trains on `train`, choosing the number of epochs by F1 on `dev` (the last epoch when dev is
  // empty). The gazetteer (may be null) gives the membership features and must be the one the
  // model is later used with. invalid_argument for empty training data or hash_bits outside 10-24.
  static Result<NerModel> train(const std::vector<NerSentence>& train, const std::vector<NerSentence>& dev,
                                const Gazetteer* gazetteer, const NerTrainOptions& options);

  // The model file: a text header (the Info lines), then the non-zero weights, delta-coded varints.
  static Result<NerModel> load(const std::string& path);
  static Result<NerModel> parse(std::string_view bytes, std::string_view name = "model");
  std::string serialize() const;
  Status save(const std::string& path) const;

  // The names in a sentence (spans in word order). gazetteer: as in train().
  std::vector<NerSpan> tag(const std::vector<NerWord>& words, const Gazetteer* gazetteer) const;
  // The names in a text already tokenized by the analyzer (ner_text_sentences), in text order.
  std::vector<NerMention> mentions(std::string_view text, const std::vector<Token>& tokens,
                                   const Gazetteer* gazetteer) const;
  // Scores of the model on labelled sentences.
  NerScores evaluate(const std::vector<NerSentence>& sentences, const Gazetteer* gazetteer) const;

  const Info& info() const noexcept;
  Info& info() noexcept;
  unsigned hash_bits() const noexcept;
  // Number of non-zero weights.
  std::size_t weights() const noexcept;

  NerModel(NerModel&&) noexcept;
  NerModel& operator=(NerModel&&) noexcept;
  NerModel(const NerModel&);
  NerModel& operator=(const NerModel&);
  ~NerModel();

  struct Impl;  // weights (shared/src/ner_model.cpp)

 private:
  NerModel();
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
