// The name tagger (shared/src/ner_model.cpp): decoding, training, the model file.
#include "sitrep/ner_model.h"

#include <gtest/gtest.h>

#include <map>

#include "conll.h"
#include "io.h"
#include "ner_features.h"
#include "test_util.h"

namespace sitrep {
namespace {

using ner::begin_tag;
using ner::inside_tag;
using ner::kTags;

// tests/data/ner-fixture.conll: ten sentences written for these tests.
std::vector<NerSentence> fixture() {
  auto bytes = eval::read_file(test::source_dir() + "/tests/data/ner-fixture.conll");
  EXPECT_TRUE(bytes.is_ok()) << bytes.status().to_string();
  auto docs = eval::parse_conll(bytes.value(), "ner-fixture.conll");
  EXPECT_TRUE(docs.is_ok()) << docs.status().to_string();
  return eval::ner_sentences(docs.value(), test::gazetteer().analyzer());
}

std::vector<NerWord> words(std::initializer_list<const char*> surfaces) {
  return ner_words(std::vector<std::string>(surfaces.begin(), surfaces.end()), test::gazetteer().analyzer());
}

void put_varint(std::string& out, std::uint64_t v) {
  for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7F) | 0x80));
  out.push_back(static_cast<char>(v));
}
std::uint64_t zigzag(std::int64_t v) { return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63); }

// A model file written by hand: 2^10 rows, the given transition weights ((prev + 1) * kTags +
// tag, prev -1 the start) and emission weights (row * kTags + tag).
std::string model_file(const std::map<std::size_t, std::int64_t>& transitions,
                       const std::map<std::size_t, std::int64_t>& emissions, std::string_view checksum = {}) {
  std::string payload;
  for (std::size_t k = 0; k < (kTags + 1) * kTags; ++k) put_varint(payload, zigzag(transitions.count(k) ? transitions.at(k) : 0));
  std::size_t prev = 0;
  for (const auto& [k, v] : emissions) {
    put_varint(payload, k - prev);
    put_varint(payload, zigzag(v));
    prev = k;
  }
  char sum[17];
  std::snprintf(sum, sizeof sum, "%016llx", static_cast<unsigned long long>(ner::fnv1a(payload)));
  return "sitrep-ner-model 1\ncommand: by hand\nepochs: 1\nhash-bits: 10\nscale: 1\n"
         "tags: O B-PER I-PER B-ORG I-ORG B-LOC I-LOC B-MISC I-MISC\nweights: " +
         std::to_string(emissions.size()) + "\nchecksum: " + std::string(checksum.empty() ? sum : checksum) +
         "\nend\n" + payload;
}
std::size_t trans(int prev, int tag) { return static_cast<std::size_t>((prev + 1) * kTags + tag); }

TEST(NerModel, ViterbiFindsTheBestPathNotTheGreedyOne) {
  // The start favours B-PER (3) over B-ORG (2), but anything after B-PER costs 10 and I-ORG after
  // B-ORG earns 10: the best two-word path is B-ORG I-ORG, which a greedy decoder misses.
  std::map<std::size_t, std::int64_t> t = {{trans(-1, begin_tag(NerType::kPer)), 3},
                                           {trans(-1, begin_tag(NerType::kOrg)), 2},
                                           {trans(begin_tag(NerType::kOrg), inside_tag(NerType::kOrg)), 10}};
  for (int tag = 0; tag < kTags; ++tag) t[trans(begin_tag(NerType::kPer), tag)] = -10;
  auto m = NerModel::parse(model_file(t, {}));
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  const auto spans = m->tag(words({"Coastal", "Relief"}), nullptr);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (NerSpan{0, 2, NerType::kOrg, 1}));
  EXPECT_GT(spans[0].confidence, 0.5);
  EXPECT_LT(spans[0].confidence, 1.0);
  EXPECT_TRUE(m->tag({}, nullptr).empty());
}

TEST(NerModel, InsideTagNeverFollowsOutside) {
  // Every word's bias row strongly prefers I-LOC, which cannot start a name: the decoder must
  // begin with B-LOC and continue with I-LOC.
  const auto w = words({"Rain", "fell", "again"});
  const auto f = ner::extract_features(w, nullptr, 10);
  const std::size_t bias = f.rows[f.offsets[0]];  // the first feature of every word is the bias
  auto m = NerModel::parse(model_file({}, {{bias * kTags + static_cast<std::size_t>(inside_tag(NerType::kLoc)), 50},
                                           {bias * kTags + static_cast<std::size_t>(begin_tag(NerType::kLoc)), 10}}));
  ASSERT_TRUE(m.is_ok()) << m.status().to_string();
  EXPECT_EQ(m->tag(w, nullptr), (std::vector<NerSpan>{{0, 3, NerType::kLoc, 1}}));
  EXPECT_EQ(m->weights(), 2u);
}

TEST(NerModel, TrainingIsDeterministicAndLearnsTheFixture) {
  const auto data = fixture();
  ASSERT_EQ(data.size(), 10u);
  NerTrainOptions o;
  o.hash_bits = 14;
  o.max_epochs = 8;
  const Gazetteer& g = test::gazetteer();
  auto a = NerModel::train(data, data, &g, o);
  auto b = NerModel::train(data, data, &g, o);
  ASSERT_TRUE(a.is_ok()) << a.status().to_string();
  ASSERT_TRUE(b.is_ok());
  a->info().command = b->info().command = "sitrep-train-ner --conll ner-fixture.conll";
  EXPECT_EQ(a->serialize(), b->serialize());
  // A model trained on ten sentences knows them.
  const NerScores s = a->evaluate(data, &g);
  EXPECT_GE(s.all.f1(), 0.9) << s.summary();
  EXPECT_EQ(a->info().gazetteer, g.version());
  EXPECT_GE(a->info().epochs, 1);
  EXPECT_LE(a->info().epochs, a->info().epochs_run);
  EXPECT_EQ(a->info().train_sentences, 10u);
  EXPECT_FALSE(a->info().dev.empty());
  // Another seed shuffles differently (and the bytes may differ): still deterministic.
  o.seed = 7;
  auto c1 = NerModel::train(data, {}, nullptr, o), c2 = NerModel::train(data, {}, nullptr, o);
  EXPECT_EQ(c1->serialize(), c2->serialize());
  EXPECT_EQ(c1->info().epochs, 8);  // no dev set: the last epoch
}

TEST(NerModel, SaveAndLoadRoundTrip) {
  const auto data = fixture();
  NerTrainOptions o;
  o.hash_bits = 12;
  o.max_epochs = 3;
  auto m = NerModel::train(data, {}, nullptr, o);
  ASSERT_TRUE(m.is_ok());
  m->info().command = "train\nwith a newline";
  m->info().test = "all 0.5";
  const auto path = test::process_scratch("ner_model") / "m.model";
  ASSERT_TRUE(m->save(path.string()).is_ok());
  auto back = NerModel::load(path.string());
  ASSERT_TRUE(back.is_ok()) << back.status().to_string();
  EXPECT_EQ(back->serialize(), m->serialize());
  EXPECT_EQ(back->info().command, "train with a newline");
  EXPECT_EQ(back->info().test, "all 0.5");
  EXPECT_EQ(back->hash_bits(), 12u);
  EXPECT_EQ(back->weights(), m->weights());
  for (const auto& s : data) EXPECT_EQ(back->tag(s.words, nullptr), m->tag(s.words, nullptr));
}

TEST(NerModel, BadFilesAreTypedErrors) {
  EXPECT_EQ(NerModel::load("/nonexistent/ner.model").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(NerModel::parse("hello\n").status().code(), ErrorCode::kParseError);
  const std::string good = model_file({{0, 1}}, {{5, 2}});
  ASSERT_TRUE(NerModel::parse(good).is_ok());
  EXPECT_EQ(NerModel::parse(good.substr(0, good.size() - 1)).status().code(), ErrorCode::kParseError);  // damaged
  EXPECT_NE(NerModel::parse(model_file({}, {{5, 2}}, "0000000000000000")).status().message().find("checksum"),
            std::string::npos);
  EXPECT_EQ(NerModel::parse(good.substr(0, 30)).status().code(), ErrorCode::kParseError);  // no end line
  std::string bad_bits = good;
  bad_bits.replace(bad_bits.find("hash-bits: 10"), 13, "hash-bits: 40");
  EXPECT_NE(NerModel::parse(bad_bits).status().message().find("hash-bits"), std::string::npos);
  // A weight beyond the table.
  EXPECT_EQ(NerModel::parse(model_file({}, {{(std::size_t{1} << 10) * kTags, 1}})).status().code(),
            ErrorCode::kParseError);
  NerTrainOptions o;
  EXPECT_EQ(NerModel::train({}, {}, nullptr, o).status().code(), ErrorCode::kInvalidArgument);
  o.hash_bits = 30;
  EXPECT_EQ(NerModel::train(fixture(), {}, nullptr, o).status().code(), ErrorCode::kInvalidArgument);
}

TEST(NerScores, ExactMatchPerType) {
  NerScores s;
  s.add({{0, 2, NerType::kPer, 1}, {3, 4, NerType::kLoc, 1}}, {{0, 2, NerType::kPer, 1}, {3, 4, NerType::kOrg, 1}});
  EXPECT_EQ(s.by_type[0].tp, 1u);
  EXPECT_EQ(s.by_type[1].fp, 1u);
  EXPECT_EQ(s.by_type[2].fn, 1u);
  EXPECT_DOUBLE_EQ(s.all.precision(), 0.5);
  EXPECT_DOUBLE_EQ(s.all.recall(), 0.5);
  EXPECT_EQ(s.summary(), "all 0.500 PER 1.000 ORG 0.000 LOC 0.000 MISC 0.000");
  EXPECT_EQ(to_string(NerType::kMisc), std::string("MISC"));
  EXPECT_EQ(ner_type_from_string("LOC").value(), NerType::kLoc);
  EXPECT_FALSE(ner_type_from_string("GPE").has_value());
}

}  // namespace
}  // namespace sitrep
