#include "sitrep/ner_model.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "ner_features.h"

namespace sitrep {

using ner::kTags;

namespace {

constexpr std::string_view kMagic = "sitrep-ner-model 1";
constexpr std::size_t kTransitions = (kTags + 1) * kTags;  // row 0: the sentence start; row p + 1: after tag p
constexpr std::int64_t kForbidden = std::numeric_limits<std::int64_t>::min() / 4;

// splitmix64: the shuffle's generator (std::shuffle's use of its generator differs between
// standard libraries; this does not).
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

std::size_t trans_index(int prev, int tag) { return static_cast<std::size_t>((prev + 1) * kTags + tag); }

// Best tags of a sentence given its emission scores (n x kTags) and transition scores, with the
// max-marginal margin of each word's tag (how much worse the best path with another tag there is).
struct Decoded {
  std::vector<int> tags;
  std::vector<std::int64_t> margins;
};

template <typename Trans>
Decoded viterbi(const std::vector<std::int64_t>& emission, std::size_t n, const Trans& trans, bool margins) {
  Decoded d;
  if (n == 0) return d;
  std::vector<std::int64_t> alpha(n * kTags, kForbidden);
  std::vector<std::int8_t> back(n * kTags, -1);
  for (int t = 0; t < kTags; ++t)
    if (ner::allowed(-1, t)) alpha[static_cast<std::size_t>(t)] = emission[static_cast<std::size_t>(t)] + trans[trans_index(-1, t)];
  for (std::size_t i = 1; i < n; ++i) {
    for (int t = 0; t < kTags; ++t) {
      std::int64_t best = kForbidden;
      int arg = -1;
      for (int p = 0; p < kTags; ++p) {
        if (!ner::allowed(p, t) || alpha[(i - 1) * kTags + static_cast<std::size_t>(p)] == kForbidden) continue;
        const std::int64_t s = alpha[(i - 1) * kTags + static_cast<std::size_t>(p)] + trans[trans_index(p, t)];
        if (s > best) {
          best = s;
          arg = p;
        }
      }
      if (arg < 0) continue;
      alpha[i * kTags + static_cast<std::size_t>(t)] = best + emission[i * kTags + static_cast<std::size_t>(t)];
      back[i * kTags + static_cast<std::size_t>(t)] = static_cast<std::int8_t>(arg);
    }
  }
  d.tags.assign(n, ner::kOutside);
  int best_t = 0;
  for (int t = 1; t < kTags; ++t)
    if (alpha[(n - 1) * kTags + static_cast<std::size_t>(t)] > alpha[(n - 1) * kTags + static_cast<std::size_t>(best_t)]) best_t = t;
  for (std::size_t i = n; i-- > 0;) {
    d.tags[i] = best_t;
    if (i > 0) best_t = back[i * kTags + static_cast<std::size_t>(best_t)];
  }
  if (!margins) return d;
  // beta[i][t]: the best score of words i+1.. given tag t at word i.
  std::vector<std::int64_t> beta(n * kTags, kForbidden);
  for (int t = 0; t < kTags; ++t) beta[(n - 1) * kTags + static_cast<std::size_t>(t)] = 0;
  for (std::size_t i = n - 1; i-- > 0;) {
    for (int t = 0; t < kTags; ++t) {
      std::int64_t best = kForbidden;
      for (int u = 0; u < kTags; ++u) {
        const std::int64_t next = beta[(i + 1) * kTags + static_cast<std::size_t>(u)];
        if (!ner::allowed(t, u) || next == kForbidden) continue;
        best = std::max(best, trans[trans_index(t, u)] + emission[(i + 1) * kTags + static_cast<std::size_t>(u)] + next);
      }
      beta[i * kTags + static_cast<std::size_t>(t)] = best;
    }
  }
  d.margins.assign(n, std::numeric_limits<std::int64_t>::max());
  for (std::size_t i = 0; i < n; ++i) {
    const auto mm = [&](int t) {
      const std::int64_t a = alpha[i * kTags + static_cast<std::size_t>(t)], b = beta[i * kTags + static_cast<std::size_t>(t)];
      return a == kForbidden || b == kForbidden ? kForbidden : a + b;
    };
    const std::int64_t chosen = mm(d.tags[i]);
    for (int t = 0; t < kTags; ++t) {
      const std::int64_t other = mm(t);
      if (t != d.tags[i] && other != kForbidden) d.margins[i] = std::min(d.margins[i], chosen - other);
    }
  }
  return d;
}

// Emission scores of a sentence (n x kTags); row(r) gives the kTags weights of table row r, or
// nullptr when they are all zero.
template <typename RowOf>
std::vector<std::int64_t> emissions(const ner::SentenceFeatures& f, const RowOf& row_of) {
  const std::size_t n = f.size();
  std::vector<std::int64_t> e(n * kTags, 0);
  for (std::size_t i = 0; i < n; ++i) {
    // 32-bit sums: at most a few dozen features of 16-bit weights (training's integer weights stay
    // far below 2^31 / 64 too).
    std::array<std::int32_t, kTags> sum{};
    for (std::uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
      const auto* row = row_of(f.rows[k]);
      if (row == nullptr) continue;
      for (std::size_t t = 0; t < kTags; ++t) sum[t] += static_cast<std::int32_t>(row[t]);
    }
    std::copy(sum.begin(), sum.end(), e.begin() + static_cast<std::ptrdiff_t>(i * kTags));
  }
  return e;
}

// The emission weights of the rows that have any (most of the 2^bits rows have none, and a dense
// table would not stay in the cache): a bitmap of the rows present, its rank per 64 rows, and
// their weights packed in row order.
struct PackedRows {
  std::vector<std::uint64_t> present;
  std::vector<std::uint32_t> rank;
  std::vector<std::int16_t> weights;

  // From a dense table of (1 << bits) rows of kTags weights.
  static PackedRows from_dense(const std::vector<std::int16_t>& dense, unsigned bits) {
    PackedRows p;
    const std::size_t rows = std::size_t{1} << bits;
    p.present.assign((rows + 63) / 64, 0);
    p.rank.assign(p.present.size(), 0);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto* w = dense.data() + r * kTags;
      if (std::all_of(w, w + kTags, [](std::int16_t v) { return v == 0; })) continue;
      p.present[r >> 6] |= std::uint64_t{1} << (r & 63);
      p.weights.insert(p.weights.end(), w, w + kTags);
    }
    std::uint32_t sum = 0;
    for (std::size_t k = 0; k < p.present.size(); ++k) {
      p.rank[k] = sum;
      sum += static_cast<std::uint32_t>(std::popcount(p.present[k]));
    }
    return p;
  }
  const std::int16_t* operator()(std::uint32_t r) const {
    const std::uint64_t word = present[r >> 6], bit = std::uint64_t{1} << (r & 63);
    if ((word & bit) == 0) return nullptr;
    return weights.data() + static_cast<std::size_t>(rank[r >> 6] + static_cast<std::uint32_t>(std::popcount(word & (bit - 1)))) * kTags;
  }
  // Calls f(cell, weight) for every non-zero weight, cell = row * kTags + tag, in cell order.
  template <typename F>
  void for_each(F&& f) const {
    std::size_t packed = 0;
    for (std::size_t k = 0; k < present.size(); ++k) {
      for (std::uint64_t word = present[k]; word != 0; word &= word - 1) {
        const std::size_t row = k * 64 + static_cast<std::size_t>(std::countr_zero(word));
        for (int t = 0; t < kTags; ++t, ++packed)
          if (weights[packed] != 0) f(row * kTags + static_cast<std::size_t>(t), weights[packed]);
      }
    }
  }
};

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }
std::int64_t unzigzag(std::uint64_t v) { return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1); }

bool get_varint(std::string_view bytes, std::size_t& pos, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
    const auto b = static_cast<unsigned char>(bytes[pos++]);
    v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return false;
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

// "O B-PER I-PER ...": the tags line of the model file.
std::string all_tag_names() {
  std::string out;
  for (int t = 0; t < kTags; ++t) {
    if (t > 0) out.push_back(' ');
    out.append(ner::tag_name(t));
  }
  return out;
}

}  // namespace

const char* to_string(NerType type) noexcept {
  switch (type) {
    case NerType::kPer:
      return "PER";
    case NerType::kOrg:
      return "ORG";
    case NerType::kLoc:
      return "LOC";
    case NerType::kMisc:
      return "MISC";
  }
  return "?";
}

std::optional<NerType> ner_type_from_string(std::string_view name) noexcept {
  for (std::size_t t = 0; t < kNerTypes; ++t)
    if (name == to_string(static_cast<NerType>(t))) return static_cast<NerType>(t);
  return std::nullopt;
}

std::vector<NerWord> ner_words(const std::vector<std::string>& surfaces, const Analyzer& analyzer) {
  std::vector<NerWord> out;
  out.reserve(surfaces.size());
  for (const auto& s : surfaces) out.push_back(NerWord{s, analyzer.fold(s)});
  return out;
}

// ---- scores --------------------------------------------------------------------------------------

double NerScores::Counts::precision() const noexcept {
  return tp + fp == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fp);
}
double NerScores::Counts::recall() const noexcept {
  return tp + fn == 0 ? 0.0 : static_cast<double>(tp) / static_cast<double>(tp + fn);
}
double NerScores::Counts::f1() const noexcept {
  const double p = precision(), r = recall();
  return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}

void NerScores::add(const std::vector<NerSpan>& gold, const std::vector<NerSpan>& predicted) {
  for (const auto& p : predicted) {
    auto& c = by_type[static_cast<std::size_t>(p.type)];
    const bool hit = std::find(gold.begin(), gold.end(), p) != gold.end();
    ++(hit ? c.tp : c.fp);
    ++(hit ? all.tp : all.fp);
  }
  for (const auto& g : gold) {
    if (std::find(predicted.begin(), predicted.end(), g) != predicted.end()) continue;
    ++by_type[static_cast<std::size_t>(g.type)].fn;
    ++all.fn;
  }
}

std::string NerScores::summary() const {
  char buf[160];
  std::snprintf(buf, sizeof buf, "all %.3f PER %.3f ORG %.3f LOC %.3f MISC %.3f", all.f1(), by_type[0].f1(),
                by_type[1].f1(), by_type[2].f1(), by_type[3].f1());
  return buf;
}

// ---- the model -----------------------------------------------------------------------------------

struct NerModel::Impl {
  Info info;
  unsigned bits = 20;
  std::int64_t scale = 1;               // a weight is its stored value / scale
  PackedRows emission;                  // (1 << bits) rows of kTags, the non-zero ones
  std::vector<std::int64_t> transition = std::vector<std::int64_t>(kTransitions, 0);
};

NerModel::NerModel() : impl_(std::make_unique<Impl>()) {}
NerModel::NerModel(NerModel&&) noexcept = default;
NerModel& NerModel::operator=(NerModel&&) noexcept = default;
NerModel::NerModel(const NerModel& o) : impl_(std::make_unique<Impl>(*o.impl_)) {}
NerModel& NerModel::operator=(const NerModel& o) {
  if (this != &o) impl_ = std::make_unique<Impl>(*o.impl_);
  return *this;
}
NerModel::~NerModel() = default;

const NerModel::Info& NerModel::info() const noexcept { return impl_->info; }
NerModel::Info& NerModel::info() noexcept { return impl_->info; }
unsigned NerModel::hash_bits() const noexcept { return impl_->bits; }
std::size_t NerModel::weights() const noexcept {
  std::size_t n = 0;
  impl_->emission.for_each([&](std::size_t, std::int16_t) { ++n; });
  return n;
}

std::vector<NerSpan> NerModel::tag(const std::vector<NerWord>& words, const Gazetteer* gazetteer) const {
  const auto f = ner::extract_features(words, gazetteer, impl_->bits);
  const auto e = emissions(f, impl_->emission);
  const Decoded d = viterbi(e, words.size(), impl_->transition, true);
  auto spans = ner::spans_of(d.tags);
  for (auto& s : spans) {
    std::int64_t margin = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = s.begin; i < s.end; ++i) margin = std::min(margin, d.margins[i]);
    const double x = margin == std::numeric_limits<std::int64_t>::max()
                         ? 30.0
                         : static_cast<double>(margin) / static_cast<double>(impl_->scale);
    s.confidence = 1.0 / (1.0 + std::exp(-std::min(x, 30.0)));
  }
  return spans;
}

NerScores NerModel::evaluate(const std::vector<NerSentence>& sentences, const Gazetteer* gazetteer) const {
  NerScores scores;
  for (const auto& s : sentences) scores.add(s.names, tag(s.words, gazetteer));
  return scores;
}

Result<NerModel> NerModel::train(const std::vector<NerSentence>& train, const std::vector<NerSentence>& dev,
                                 const Gazetteer* gazetteer, const NerTrainOptions& options) {
  if (train.empty()) return Status::invalid_argument("no training sentence");
  if (options.hash_bits < 10 || options.hash_bits > 24)
    return Status::invalid_argument("hash bits " + std::to_string(options.hash_bits) + " outside 10-24");
  if (options.max_epochs < 1) return Status::invalid_argument("at least one epoch is needed");
  const unsigned bits = options.hash_bits;
  const std::size_t cells = (std::size_t{1} << bits) * kTags;

  std::vector<ner::SentenceFeatures> feats;
  std::vector<std::vector<int>> gold;
  feats.reserve(train.size());
  gold.reserve(train.size());
  for (const auto& s : train) {
    feats.push_back(ner::extract_features(s.words, gazetteer, bits));
    gold.push_back(ner::tags_of(s.names, s.words.size()));
  }
  std::vector<ner::SentenceFeatures> dev_feats;
  dev_feats.reserve(dev.size());
  for (const auto& s : dev) dev_feats.push_back(ner::extract_features(s.words, gazetteer, bits));

  // Weights and their time-weighted sums (the averaged weight is w - u / c).
  std::vector<std::int32_t> w(cells, 0);
  std::vector<std::int64_t> u(cells, 0);
  std::vector<std::int64_t> tw(kTransitions, 0), tu(kTransitions, 0);
  std::int64_t c = 1;

  const auto averaged = [&]() {
    NerModel m;
    m.impl_->bits = bits;
    double max_abs = 1e-9;
    for (std::size_t k = 0; k < cells; ++k)
      max_abs = std::max(max_abs, std::abs(static_cast<double>(w[k] * c - u[k]) / static_cast<double>(c)));
    m.impl_->scale = std::clamp<std::int64_t>(static_cast<std::int64_t>(32000.0 / max_abs), 1, 4096);
    const double scale = static_cast<double>(m.impl_->scale);
    std::vector<std::int16_t> dense(cells, 0);
    for (std::size_t k = 0; k < cells; ++k) {
      if (w[k] == 0 && u[k] == 0) continue;
      const double v = static_cast<double>(w[k] * c - u[k]) / static_cast<double>(c) * scale;
      dense[k] = static_cast<std::int16_t>(std::clamp<long long>(std::llround(v), -32767, 32767));
    }
    m.impl_->emission = PackedRows::from_dense(dense, bits);
    for (std::size_t k = 0; k < kTransitions; ++k)
      m.impl_->transition[k] = std::llround(static_cast<double>(tw[k] * c - tu[k]) / static_cast<double>(c) * scale);
    return m;
  };
  const auto dev_scores = [&](const NerModel& m) {
    NerScores scores;
    for (std::size_t s = 0; s < dev.size(); ++s) {
      const auto e = emissions(dev_feats[s], m.impl_->emission);
      scores.add(dev[s].names, ner::spans_of(viterbi(e, dev[s].words.size(), m.impl_->transition, false).tags));
    }
    return scores;
  };

  std::vector<std::size_t> order(train.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  SplitMix64 rng{options.seed};
  std::optional<NerModel> best;
  double best_f1 = -1;
  int best_epoch = 0, epochs_run = 0;
  NerScores best_scores;
  for (int epoch = 1; epoch <= options.max_epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);
    for (const std::size_t s : order) {
      const auto& f = feats[s];
      const auto& g = gold[s];
      const std::size_t n = g.size();
      if (n > 0) {
        const auto dense_row = [&](std::uint32_t r) { return w.data() + static_cast<std::size_t>(r) * kTags; };
        const Decoded d = viterbi(emissions(f, dense_row), n, tw, false);
        if (d.tags != g) {
          const auto update = [&](std::vector<std::int32_t>& ww, std::vector<std::int64_t>& uu, std::size_t k, int delta) {
            ww[k] += delta;
            uu[k] += c * delta;
          };
          for (std::size_t i = 0; i < n; ++i) {
            const int gp = i == 0 ? -1 : g[i - 1], pp = i == 0 ? -1 : d.tags[i - 1];
            if (g[i] != d.tags[i]) {
              for (std::uint32_t k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
                const std::size_t row = static_cast<std::size_t>(f.rows[k]) * kTags;
                update(w, u, row + static_cast<std::size_t>(g[i]), 1);
                update(w, u, row + static_cast<std::size_t>(d.tags[i]), -1);
              }
            }
            if (gp != pp || g[i] != d.tags[i]) {
              tw[trans_index(gp, g[i])] += 1;
              tu[trans_index(gp, g[i])] += c;
              tw[trans_index(pp, d.tags[i])] -= 1;
              tu[trans_index(pp, d.tags[i])] -= c;
            }
          }
        }
      }
      ++c;
    }
    epochs_run = epoch;
    NerModel m = averaged();
    const NerScores scores = dev.empty() ? NerScores{} : dev_scores(m);
    if (options.progress) options.progress(epoch, scores);
    const double f1 = dev.empty() ? static_cast<double>(epoch) : scores.all.f1();
    if (f1 > best_f1) {
      best_f1 = f1;
      best_epoch = epoch;
      best_scores = scores;
      best = std::move(m);
    } else if (epoch - best_epoch >= options.patience) {
      break;
    }
  }
  NerModel out = std::move(*best);
  out.impl_->info.epochs = best_epoch;
  out.impl_->info.epochs_run = epochs_run;
  out.impl_->info.train_sentences = train.size();
  out.impl_->info.dev = dev.empty() ? std::string() : best_scores.summary();
  if (gazetteer != nullptr) out.impl_->info.gazetteer = gazetteer->version();
  return out;
}

// ---- the file ------------------------------------------------------------------------------------

std::string NerModel::serialize() const {
  const Impl& m = *impl_;
  std::string payload;
  for (const std::int64_t t : m.transition) put_varint(payload, zigzag(t));
  std::size_t count = 0;
  std::size_t prev = 0;
  m.emission.for_each([&](std::size_t k, std::int16_t v) {
    put_varint(payload, k - prev);
    put_varint(payload, zigzag(v));
    prev = k;
    ++count;
  });
  std::ostringstream h;
  h << kMagic << "\n"
    << "command: " << one_line(m.info.command) << "\n"
    << "epochs: " << m.info.epochs << "\n"
    << "epochs-run: " << m.info.epochs_run << "\n"
    << "train-sentences: " << m.info.train_sentences << "\n"
    << "dev: " << one_line(m.info.dev) << "\n"
    << "test: " << one_line(m.info.test) << "\n"
    << "gazetteer: " << one_line(m.info.gazetteer) << "\n"
    << "hash-bits: " << m.bits << "\n"
    << "scale: " << m.scale << "\n"
    << "tags: " << all_tag_names() << "\n"
    << "weights: " << count << "\n"
    << "checksum: " << hex64(ner::fnv1a(payload)) << "\n"
    << "end\n";
  return h.str() + payload;
}

Status NerModel::save(const std::string& path) const {
  const std::string bytes = serialize();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Status::io_error(path + ": cannot open for writing");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::io_error(path + ": write failed");
  return Status::ok();
}

Result<NerModel> NerModel::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found(path + ": no such model file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::io_error(path + ": read failed");
  return parse(ss.str(), path);
}

Result<NerModel> NerModel::parse(std::string_view bytes, std::string_view name) {
  const auto error = [&](const std::string& what) { return Status::parse_error(std::string(name) + ": " + what); };
  NerModel model;
  Impl& m = *model.impl_;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  std::size_t count = 0;
  std::string checksum, tags;
  bool ended = false;
  while (pos < bytes.size()) {
    const std::size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) break;
    const std::string_view line = bytes.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (line_no == 1) {
      if (line != kMagic) return error("not a sitrep NER model (first line '" + std::string(line.substr(0, 40)) + "')");
      continue;
    }
    if (line == "end") {
      ended = true;
      break;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return error("line " + std::to_string(line_no) + ": expected 'key: value'");
    const std::string key(line.substr(0, colon));
    std::string value(line.substr(colon + 1));
    if (!value.empty() && value[0] == ' ') value.erase(0, 1);
    const auto number = [&](auto& out) -> bool {
      try {
        std::size_t used = 0;
        const long long v = std::stoll(value, &used);
        if (used != value.size() || v < 0) return false;
        out = static_cast<std::remove_reference_t<decltype(out)>>(v);
        return true;
      } catch (const std::exception&) {
        return false;
      }
    };
    bool ok = true;
    if (key == "command") m.info.command = value;
    else if (key == "dev") m.info.dev = value;
    else if (key == "test") m.info.test = value;
    else if (key == "gazetteer") m.info.gazetteer = value;
    else if (key == "epochs") ok = number(m.info.epochs);
    else if (key == "epochs-run") ok = number(m.info.epochs_run);
    else if (key == "train-sentences") ok = number(m.info.train_sentences);
    else if (key == "hash-bits") ok = number(m.bits) && m.bits >= 10 && m.bits <= 24;
    else if (key == "scale") ok = number(m.scale) && m.scale >= 1;
    else if (key == "weights") ok = number(count);
    else if (key == "checksum") checksum = value;
    else if (key == "tags") tags = value;
    // other keys: written by a later version, ignored
    if (!ok) return error("line " + std::to_string(line_no) + ": bad " + key + " '" + value + "'");
  }
  if (!ended) return error("truncated header (no 'end' line)");
  const std::string expected_tags = all_tag_names();
  if (tags != expected_tags) return error("tags '" + tags + "', expected '" + expected_tags + "'");
  const std::string_view payload = bytes.substr(pos);
  if (checksum != hex64(ner::fnv1a(payload))) return error("checksum mismatch: the weights are damaged");
  std::size_t p = 0;
  std::uint64_t v = 0;
  for (auto& t : m.transition) {
    if (!get_varint(payload, p, v)) return error("truncated transition weights");
    t = unzigzag(v);
  }
  const std::size_t cells = (std::size_t{1} << m.bits) * kTags;
  std::vector<std::int16_t> dense(cells, 0);
  std::size_t k = 0;
  for (std::size_t i = 0; i < count; ++i) {
    std::uint64_t delta = 0;
    if (!get_varint(payload, p, delta) || !get_varint(payload, p, v)) return error("truncated weights");
    k += delta;
    const std::int64_t value = unzigzag(v);
    if (k >= cells || value < -32767 || value > 32767) return error("weight " + std::to_string(i) + " out of range");
    dense[k] = static_cast<std::int16_t>(value);
  }
  if (p != payload.size()) return error("trailing bytes after the weights");
  m.emission = PackedRows::from_dense(dense, m.bits);
  return model;
}

}  // namespace sitrep
