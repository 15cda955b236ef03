// Unit tests of sitrep-eval's readers (CoNLL, Reuters SGML, CSV) on small inline samples written
// for these tests, and of the Reuters places map; no corpus needed.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "conll.h"
#include "csv.h"
#include "entities.h"
#include "reuters.h"
#include "sitrep/gazetteer.h"
#include "sitrep/tagger.h"

namespace sitrep::eval {
namespace {

// ---- CoNLL -----------------------------------------------------------------------------------

std::vector<EntitySpan> spans(std::initializer_list<const char*> tags) {
  return iob1_spans(std::vector<std::string>(tags.begin(), tags.end()));
}

TEST(Iob1, InsideTagsMakeOneEntityPerRun) {
  EXPECT_EQ(spans({"I-PER", "I-PER", "O", "I-LOC"}), (std::vector<EntitySpan>{{0, 2, "PER"}, {3, 4, "LOC"}}));
}

TEST(Iob1, BeginSplitsAdjacentEntitiesOfOneType) {
  EXPECT_EQ(spans({"I-LOC", "B-LOC", "I-LOC", "O"}), (std::vector<EntitySpan>{{0, 1, "LOC"}, {1, 3, "LOC"}}));
}

TEST(Iob1, TypeChangeStartsANewEntity) {
  EXPECT_EQ(spans({"I-ORG", "I-LOC", "I-LOC", "I-MISC"}),
            (std::vector<EntitySpan>{{0, 1, "ORG"}, {1, 3, "LOC"}, {3, 4, "MISC"}}));
}

TEST(Iob1, EntityAtTheEndAndEmptyInput) {
  EXPECT_EQ(spans({"O", "I-PER"}), (std::vector<EntitySpan>{{1, 2, "PER"}}));
  EXPECT_TRUE(spans({}).empty());
  EXPECT_TRUE(spans({"O", "O"}).empty());
}

TEST(Iob1, AcceptsIob2) {
  EXPECT_EQ(spans({"B-PER", "I-PER", "B-PER", "O"}), (std::vector<EntitySpan>{{0, 2, "PER"}, {2, 3, "PER"}}));
}

// The name tagger's training sentences: IOB1 read into spans (B- only between two names of one
// type side by side), words folded, unknown types left out.
TEST(Conll, NerSentencesReadIob1) {
  auto docs = parse_conll(
      "-DOCSTART- -X- -X- O\n\nMira NNP I-NP I-PER\nOdell NNP I-NP I-PER\nJon NNP I-NP B-PER\nSau NNP I-NP I-PER\n"
      "saw VBD I-VP O\nCrane NNP I-NP I-ORG\nÉcole NNP I-NP I-GPE\n\nKestrel NNP I-NP I-LOC\n");
  ASSERT_TRUE(docs.is_ok());
  const Analyzer analyzer;
  const auto s = ner_sentences(docs.value(), analyzer);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].names, (std::vector<NerSpan>{{0, 2, NerType::kPer, 1}, {2, 4, NerType::kPer, 1}, {5, 6, NerType::kOrg, 1}}));
  ASSERT_EQ(s[0].words.size(), 7u);
  EXPECT_EQ(s[0].words[6].surface, "École");
  EXPECT_EQ(s[0].words[6].norm, "ecole");
  EXPECT_EQ(s[1].names, (std::vector<NerSpan>{{0, 1, NerType::kLoc, 1}}));
}

// Two documents, separators at the END of each (as in the copy sitrep tests with).
constexpr const char* kConllEndSeparators =
    "Zorvan NNP I-NP I-PER\n"
    "Kettle NNP I-NP I-PER\n"
    "visited VBD I-VP O\n"
    "Lower NNP I-NP I-LOC\n"
    "Brambleton NNP I-NP I-LOC\n"
    ". . O O\n"
    "\n"
    "Glimmer NNP I-NP I-ORG\n"
    "agreed VBD I-VP O\n"
    "\n"
    "-DOCSTART- -X- -X- O\n"
    "\n"
    "Quillfeather NNP I-NP B-LOC\n"
    "Ostrava NNP I-NP B-LOC\n"
    "\n"
    "-DOCSTART- -X- -X- O\n";

TEST(Conll, SeparatorsAtTheEndCloseEachDocument) {
  auto docs = parse_conll(kConllEndSeparators);
  ASSERT_TRUE(docs) << docs.status().message();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].sentences.size(), 2u);
  EXPECT_EQ((*docs)[0].line, 1u);
  EXPECT_EQ((*docs)[1].sentences.size(), 1u);
  EXPECT_EQ((*docs)[1].line, 13u);
  EXPECT_EQ((*docs)[0].sentences[0].words[3], "Lower");
  EXPECT_EQ((*docs)[0].sentences[0].tags[3], "I-LOC");
}

TEST(Conll, SeparatorsAtTheStartWorkToo) {
  auto docs = parse_conll("-DOCSTART- -X- O O\n\nA DT I-NP O\n\n-DOCSTART- -X- O O\n\nB NNP I-NP I-LOC\n");
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[1].sentences[0].words[0], "B");
}

TEST(Conll, CrlfAndTabsAreAccepted) {
  auto docs = parse_conll("Zorvan\tNNP\tI-NP\tI-PER\r\n\r\nX NN I-NP O\r\n");
  ASSERT_TRUE(docs);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].sentences.size(), 2u);
  EXPECT_EQ((*docs)[0].sentences[0].tags[0], "I-PER");
}

TEST(Conll, OneColumnLineIsAnErrorNamingTheLine) {
  auto docs = parse_conll("A DT I-NP O\nbroken\n", "x.conll");
  ASSERT_FALSE(docs);
  EXPECT_NE(docs.status().message().find("x.conll:2"), std::string::npos) << docs.status().message();
}

TEST(Conll, DocumentTextAndEntitiesShareTokenIndices) {
  auto docs = parse_conll(kConllEndSeparators);
  ASSERT_TRUE(docs);
  const ConllText t = document_text((*docs)[0]);
  EXPECT_EQ(t.text, "Zorvan Kettle visited Lower Brambleton .\nGlimmer agreed");
  ASSERT_EQ(t.word_begin.size(), 8u);
  EXPECT_EQ(t.text.substr(t.word_begin[6], t.word_end[6] - t.word_begin[6]), "Glimmer");
  EXPECT_EQ(document_entities((*docs)[0]), (std::vector<EntitySpan>{{0, 2, "PER"}, {3, 5, "LOC"}, {6, 7, "ORG"}}));
  EXPECT_EQ(document_entities((*docs)[1]), (std::vector<EntitySpan>{{0, 1, "LOC"}, {1, 2, "LOC"}}));
}

// ---- Reuters SGML ----------------------------------------------------------------------------

// Written for this test in the layout of the Reuters-21578 files (latin-1: \xe9 is e-acute).
constexpr const char* kSgml =
    "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<DATA>\n"
    "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"1\" NEWID=\"7\">\n"
    "<DATE> 1-MAR-1987 10:00:00.00</DATE>\n"
    "<TOPICS><D>grain</D></TOPICS>\n"
    "<PLACES><D>usa</D><D>west-germany</D></PLACES>\n"
    "<PEOPLE></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
    "<UNKNOWN> \n&#5;&#5;&#5;G\n</UNKNOWN>\n"
    "<TEXT>&#2;\n<TITLE>MILL &amp; BAKERY &lt;MBX&gt; SEES CAF\xe9 SALES UP</TITLE>\n"
    "<DATELINE>    BONN, March 1 - </DATELINE><BODY>A sample body\nwith two lines.\n Reuter\n&#3;</BODY></TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"TEST\" CGISPLIT=\"TRAINING-SET\" OLDID=\"2\" NEWID=\"8\">\n"
    "<PLACES></PLACES>\n"
    "<TEXT TYPE=\"BRIEF\">&#2;\n<TITLE>SHORT ITEM</TITLE>\n&#3;\n</TEXT>\n"
    "</REUTERS>\n"
    "<REUTERS TOPICS=\"NO\" LEWISSPLIT=\"NOT-USED\" CGISPLIT=\"TRAINING-SET\" OLDID=\"3\" NEWID=\"9\">\n"
    "<PLACES><D>japan</D></PLACES>\n"
    "<TEXT TYPE=\"UNPROC\">&#2;\nunprocessed text\n&#3;</TEXT>\n"
    "</REUTERS>\n</DATA>\n";

TEST(Reuters, Latin1BecomesUtf8) {
  EXPECT_EQ(latin1_to_utf8("caf\xe9 \xfc"), "caf\xc3\xa9 \xc3\xbc");
  EXPECT_EQ(latin1_to_utf8("plain"), "plain");
}

TEST(Reuters, EntitiesAreDecodedAndControlsBecomeSpaces) {
  EXPECT_EQ(decode_sgml_entities("a &lt;b&gt; &amp; c"), "a <b> & c");
  EXPECT_EQ(decode_sgml_entities("x&#3;y&#10;z&#233;"), "x y\nz\xc3\xa9");
  EXPECT_EQ(decode_sgml_entities("&#x41;&unknown; & alone &#;"), "A&unknown; & alone &#;");
}

TEST(Reuters, ParsesDocumentsAttributesPlacesAndText) {
  auto docs = parse_reuters_sgml(latin1_to_utf8(kSgml), "t.sgm");
  ASSERT_TRUE(docs) << docs.status().message();
  ASSERT_EQ(docs->size(), 3u);
  const ReutersDoc& d = (*docs)[0];
  EXPECT_EQ(d.newid, "7");
  EXPECT_EQ(d.split, "TRAIN");
  EXPECT_EQ(d.places, (std::vector<std::string>{"usa", "west-germany"}));
  EXPECT_EQ(d.title, "MILL & BAKERY <MBX> SEES CAF\xc3\xa9 SALES UP");
  EXPECT_EQ(d.dateline, "    BONN, March 1 - ");
  EXPECT_EQ(d.body, "A sample body\nwith two lines.\n Reuter\n ");

  EXPECT_EQ((*docs)[1].split, "TEST");
  EXPECT_TRUE((*docs)[1].places.empty());
  EXPECT_EQ((*docs)[1].title, "SHORT ITEM");
  EXPECT_TRUE((*docs)[1].body.empty());

  // No <TITLE> or <BODY>: the whole text is the body.
  EXPECT_EQ((*docs)[2].places, (std::vector<std::string>{"japan"}));
  EXPECT_EQ((*docs)[2].body, " \nunprocessed text\n ");
}

TEST(Reuters, UnclosedDocumentIsAnError) {
  auto docs = parse_reuters_sgml("<DATA>\n<REUTERS NEWID=\"1\">\n<TEXT>x</TEXT>\n", "bad.sgm");
  ASSERT_FALSE(docs);
  EXPECT_NE(docs.status().message().find("bad.sgm:2"), std::string::npos) << docs.status().message();
}

TEST(Reuters, MissingDirectoryIsAnError) {
  auto docs = read_reuters_dir("/nonexistent/reuters");
  ASSERT_FALSE(docs);
  EXPECT_NE(docs.status().message().find("/nonexistent/reuters"), std::string::npos);
}

// ---- CSV -------------------------------------------------------------------------------------

TEST(Csv, QuotesDoubledQuotesCrlfAndEmbeddedNewlines) {
  const std::string text =
      "id,title,body\r\n"
      "1,plain,\"with, comma\"\r\n"
      "2,\"say \"\"hi\"\"\",\"two\r\nlines\"\r\n"
      "3,,last";
  auto rows = parse_csv(text);
  ASSERT_TRUE(rows) << rows.status().message();
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[1], (CsvRow{"1", "plain", "with, comma"}));
  EXPECT_EQ((*rows)[2], (CsvRow{"2", "say \"hi\"", "two\r\nlines"}));
  EXPECT_EQ((*rows)[3], (CsvRow{"3", "", "last"}));
}

TEST(Csv, LfEndingsTrailingEmptyFieldAndBlankLines) {
  auto rows = parse_csv("a,b\n\n1,\n\"\",x\n");
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1], (CsvRow{"1", ""}));
  EXPECT_EQ((*rows)[2], (CsvRow{"", "x"}));
}

TEST(Csv, UnterminatedQuoteIsAnErrorNamingItsLine) {
  auto rows = parse_csv("a,b\n1,\"open\nstill open\n", "f.csv");
  ASSERT_FALSE(rows);
  EXPECT_NE(rows.status().message().find("f.csv:2"), std::string::npos) << rows.status().message();
  EXPECT_FALSE(parse_csv("a,\"b\"c\n"));
}

TEST(Csv, TableByColumnName) {
  auto rows = parse_csv("unit_id,location\r\n5,aleppo\r\n6,\"deir ezzor\"\r\n");
  ASSERT_TRUE(rows);
  auto table = CsvTable::from_rows(std::move(rows).value());
  ASSERT_TRUE(table);
  ASSERT_EQ(table->size(), 2u);
  const int loc = table->column("location");
  ASSERT_EQ(loc, 1);
  EXPECT_EQ(table->column("missing"), -1);
  EXPECT_EQ(table->at(1, loc), "deir ezzor");
}

TEST(Csv, RecordWithTheWrongFieldCountIsAnError) {
  auto rows = parse_csv("a,b\n1,2,3\n");
  ASSERT_TRUE(rows);
  EXPECT_FALSE(CsvTable::from_rows(std::move(rows).value()));
}

// ---- Reuters places map and salience rules ---------------------------------------------------

TEST(PlacesMap, ParsesCodesDashesAndComments) {
  auto map = parse_places_map("# comment\nusa\tus\n\nyugoslavia\t-\n");
  ASSERT_TRUE(map) << map.status().message();
  EXPECT_EQ(map->size(), 2u);
  EXPECT_EQ(map->at("usa"), "us");
  EXPECT_EQ(map->at("yugoslavia"), "");
  EXPECT_FALSE(parse_places_map("usa us\n"));
  EXPECT_FALSE(parse_places_map("usa\tUSA\n"));
  EXPECT_FALSE(parse_places_map("usa\tus\nusa\tus\n"));
}

TEST(PlacesMap, BuiltInMapNamesGazetteerCountries) {
  auto map = parse_places_map(builtin_places_tsv());
  ASSERT_TRUE(map) << map.status().message();
  EXPECT_EQ(map->size(), 147u);  // every code of Reuters-21578
  EXPECT_EQ(map->at("uk"), "gb");
  EXPECT_EQ(map->at("ussr"), "ru");
  EXPECT_EQ(map->at("west-germany"), "de");
  EXPECT_EQ(map->at("hong-kong"), "hk");
  const Analyzer analyzer;
  auto gaz = Gazetteer::load(Gazetteer::default_data_dir(), analyzer);
  ASSERT_TRUE(gaz) << gaz.status().to_string();
  for (const auto& [code, iso] : map.value())
    if (!iso.empty()) {
      EXPECT_NE(gaz->country(iso), nullptr) << code << " -> " << iso;
    }
}

TEST(SalienceRule, ParsesAndPrints) {
  auto r = SalienceRule::parse("dateline,title,lead=2,min=3,fallback");
  ASSERT_TRUE(r) << r.status().message();
  EXPECT_EQ(r->to_string(), "dateline,title,lead=2,min=3,fallback");
  EXPECT_EQ(SalienceRule::parse("title,dateline-vote,direct")->to_string(), "direct,dateline-vote,title");
  EXPECT_EQ(chosen_salience_rule().to_string(), "direct,dateline,title,min=3,fallback");
  EXPECT_EQ(SalienceRule::parse("every")->to_string(), "every");
  EXPECT_FALSE(SalienceRule::parse("title,bogus"));
  EXPECT_FALSE(SalienceRule::parse("lead=x"));
}

// Country names and one curated capital (stable whatever else the gazetteer holds).
TEST(SalienceRule, ChosenRuleKeepsDatelineTitleAndRepeatedCountries) {
  const Analyzer analyzer;
  auto gaz = Gazetteer::load(Gazetteer::default_data_dir(), analyzer);
  ASSERT_TRUE(gaz) << gaz.status().to_string();
  const Tagger tagger(gaz.value());
  ReutersDoc doc;
  doc.title = "JAPAN TRADE TALKS";
  doc.dateline = "    BEIRUT, May 4 - ";
  doc.body =
      "Chile sent a delegation on Monday.\nBrazil was named once. Germany was named here,\nGermany again "
      "and Germany a third time.\n";
  DocZones zones;
  const std::string text = reuters_text(doc, &zones);
  EXPECT_EQ(text.substr(zones.title_end, zones.dateline_place_end - zones.title_end), "    BEIRUT");
  const auto tokens = analyzer.tokenize(text);
  const auto mentions = tagger.mentions(tokens);
  const Tags tags = tagger.tag(tokens);
  auto predicted = [&](const SalienceRule& rule) {
    const auto v = predicted_countries(tags, mentions, tokens, zones, gaz.value(), rule);
    return std::set<std::string>(v.begin(), v.end());
  };
  // lb from the dateline, jp from the title, de named three times; cl and br named once.
  EXPECT_EQ(predicted(chosen_salience_rule()), (std::set<std::string>{"lb", "jp", "de"}));
  EXPECT_EQ(predicted(*SalienceRule::parse("direct,lead=1")), (std::set<std::string>{"cl"}));
  const auto every = predicted(*SalienceRule::parse("every"));
  for (const char* c : {"lb", "jp", "cl", "de", "br"}) EXPECT_TRUE(every.count(c)) << c;
  // No dateline place, a single late mention: the fallback keeps the most named country.
  doc.title = "TALKS";
  doc.dateline = "    ZZYZXQ, May 4 - ";
  doc.body = "Officials met on Monday. Brazil was named.\n";
  const std::string text2 = reuters_text(doc, &zones);
  const auto tokens2 = analyzer.tokenize(text2);
  const auto v = predicted_countries(tagger.tag(tokens2), tagger.mentions(tokens2), tokens2, zones, gaz.value(),
                                     chosen_salience_rule());
  EXPECT_EQ(v, (std::vector<std::string>{"br"}));
}

}  // namespace
}  // namespace sitrep::eval
