// Unit tests of the UCDP importer on invented fixtures (no UCDP data).
#include "sitrep/tools/ucdp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sitrep::ucdp {
namespace {

using Names = std::vector<std::string>;

std::filesystem::path tmp_dir() {
  auto dir = std::filesystem::path(SITREP_TEST_TMP_DIR) / "ucdp_test";
  std::filesystem::create_directories(dir);
  return dir;
}

// Files are named after the running test: ctest runs tests in parallel.
std::string write_file(const std::string& name, const std::string& text) {
  const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const auto path = (tmp_dir() / (std::string(test->test_suite_name()) + "." + test->name() + "." + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

const Analyzer& analyzer() {
  static const Analyzer a;
  return a;
}

// A small countries.tsv in the gazetteer's format.
const char* kCountries =
    "# code\tname\taliases\tdemonyms\tlat\tlon\n"
    "cd\tDemocratic Republic of the Congo\tDR Congo|Zaire\tCongolese\t-2.9\t23.6\n"
    "cg\tRepublic of the Congo\tCongo|Congo-Brazzaville\tCongolese\t-0.2\t15.8\n"
    "ci\tCôte d'Ivoire\tIvory Coast|Cote d'Ivoire\tIvorian\t7.5\t-5.5\n"
    "kh\tCambodia\tKampuchea\tCambodian\t12.6\t105.0\n"
    "lb\tLebanon\tLebanese Republic\tLebanese\t33.9\t35.9\n"
    "mk\tNorth Macedonia\tMacedonia|FYROM\tMacedonian\t41.6\t21.7\n"
    "rs\tSerbia\tRepublic of Serbia\tSerbian|Serbs\t44.0\t21.0\n"
    "vn\tVietnam\tViet Nam\tVietnamese\t14.1\t108.3\n"
    "ye\tYemen\tRepublic of Yemen\tYemeni\t15.6\t48.5\n";

// A small curated actors.tsv: invented actors.
const char* kCurated =
    "# id\tname\taliases\tkind\tcountries\n"
    "crimson-hand\tCrimson Hand\tRed Hand Brigade|Liwa al-Yad al-Hamra\tarmed-group\trs\n"
    "blue-lanterns\tBlue Lanterns\tLanterns Movement|VF\tmilitia\tlb\n"
    "sun-guard\tSun Guard\tNSLF\tmilitia\tye\n"
    "lemuria-gov\tLemurian government\tGovernment of Lemuria\tgovernment\t\n";

CountryMapper countries() {
  auto m = CountryMapper::load(write_file("countries.tsv", kCountries), analyzer());
  EXPECT_TRUE(m) << m.status().to_string();
  return std::move(m).value();
}

CuratedNames curated() {
  auto c = CuratedNames::load(write_file("actors.tsv", kCurated), analyzer());
  EXPECT_TRUE(c) << c.status().to_string();
  return std::move(c).value();
}

// --- names ------------------------------------------------------------------------------------

TEST(UcdpNamesTest, CleanName) {
  EXPECT_EQ(clean_name("  Front of the Owls   "), "Front of the Owls");
  EXPECT_EQ(clean_name("Alliance for the Congo-\nKinshasa Hills"), "Alliance for the Congo-Kinshasa Hills");
  EXPECT_EQ(clean_name("Young Patriots\n "), "Young Patriots");
  EXPECT_EQ(clean_name("Two\t\tspaces\xC2\xA0here"), "Two spaces here");
  EXPECT_EQ(clean_name("A|B"), "A/B");
}

TEST(UcdpNamesTest, StartsLikeName) {
  EXPECT_TRUE(starts_like_name("Sun Front"));
  EXPECT_TRUE(starts_like_name("SLF"));
  EXPECT_TRUE(starts_like_name("12th of March Movement"));
  EXPECT_TRUE(starts_like_name("al-Jabha al-Shamsiyya"));
  EXPECT_TRUE(starts_like_name("ex-Owls"));
  EXPECT_TRUE(starts_like_name("’Union’ Front"));
  EXPECT_TRUE(starts_like_name("جبهة الشمس"));
  EXPECT_TRUE(starts_like_name("Élan Front"));
  EXPECT_FALSE(starts_like_name("de Marzo"));
  EXPECT_FALSE(starts_like_name("'the Keepers' (FK-Abarinzi)"));
  EXPECT_FALSE(starts_like_name("and others"));
  EXPECT_FALSE(starts_like_name(""));
  EXPECT_FALSE(starts_like_name("--"));
}

TEST(UcdpNamesTest, SplitNameListSplitsSuccessiveNames) {
  EXPECT_EQ(split_name_list("OWF, SLF, NSLF, SF"), (Names{"OWF", "SLF", "NSLF", "SF"}));
  EXPECT_EQ(split_name_list("KADAK, SOL-GEL , SLF"), (Names{"KADAK", "SOL-GEL", "SLF"}));
  EXPECT_EQ(split_name_list("Frente Sol, al-Jabha al-Shamsiyya"), (Names{"Frente Sol", "al-Jabha al-Shamsiyya"}));
  EXPECT_EQ(split_name_list("Owl Front "), (Names{"Owl Front"}));
  EXPECT_TRUE(split_name_list("").empty());
  EXPECT_TRUE(split_name_list(" , ").empty());
}

TEST(UcdpNamesTest, SplitNameListKeepsCommasInsideNames) {
  // The second piece does not start like a name: it is part of the first.
  EXPECT_EQ(split_name_list("Movimiento 12, de Marzo"), (Names{"Movimiento 12, de Marzo"}));
  EXPECT_EQ(split_name_list("Hill People's Front, 'the Keepers' (FK-Abarinzi) , Resistance for Hill Law "),
            (Names{"Hill People's Front, 'the Keepers' (FK-Abarinzi)", "Resistance for Hill Law"}));
  // A comma without a space is not a separator.
  EXPECT_EQ(split_name_list("Brigade 1,000"), (Names{"Brigade 1,000"}));
}

TEST(UcdpNamesTest, NamesOfRow) {
  NameColumns row;
  row.name_data = "SLF  ";
  row.name_orig = "SLF";
  row.name_orig_full = "Frente Sol";
  row.name_orig_full_eng = "Sun Liberation Front";
  row.new_name = "SLF, NSLF";
  row.new_name_mother_tongue = "Frente Sol, Nuevo Frente Sol";
  row.new_name_eng = "Sun Liberation Front, New Sun Liberation Front";
  auto n = names_of_row(row, analyzer());
  EXPECT_EQ(n.display, "Sun Liberation Front");
  EXPECT_EQ(n.all, (Names{"Sun Liberation Front", "SLF", "Frente Sol", "NSLF", "Nuevo Frente Sol",
                          "New Sun Liberation Front"}));

  // A renamed actor is shown under its present name.
  row.name_changed = true;
  n = names_of_row(row, analyzer());
  EXPECT_EQ(n.display, "New Sun Liberation Front");
  EXPECT_EQ(n.all, (Names{"New Sun Liberation Front", "SLF", "Frente Sol", "Sun Liberation Front", "NSLF",
                          "Nuevo Frente Sol"}));
  // ... unless that name is an ordinary word.
  row.new_name_eng = "Sun Liberation Front, Union";
  row.new_name = "SLF, UN";
  EXPECT_EQ(names_of_row(row, analyzer()).display, "Sun Liberation Front");
}

TEST(UcdpNamesTest, FullNamesSplitOnlyWhenTheyMatchNewName) {
  NameColumns row;
  row.name_data = "M-12";
  row.name_orig_full = "n/a";
  row.name_orig_full_eng = "N/A";
  row.new_name = "M-12";  // one name: the full names are not split
  row.new_name_mother_tongue = "Movimiento 12, de Marzo";
  row.new_name_eng = "Twelfth, March Movement";
  auto n = names_of_row(row, analyzer());
  EXPECT_EQ(n.display, "M-12");  // NameOrigFullEng is not a real name
  EXPECT_EQ(n.all, (Names{"M-12", "Movimiento 12, de Marzo", "Twelfth, March Movement"}));

  NameColumns two;
  two.name_data = "AB";
  two.name_orig_full_eng = "Alpha Bravo";
  two.new_name = "AF, AB";
  two.new_name_mother_tongue = "Alfa, Frente, Bravo";  // three pieces for two names: kept whole
  two.new_name_eng = "Alpha Front, Alpha Bravo";
  auto m = names_of_row(two, analyzer());
  EXPECT_EQ(m.all, (Names{"Alpha Bravo", "AB", "AF", "Alfa, Frente, Bravo", "Alpha Front"}));
}

TEST(UcdpNamesTest, DuplicatesAreCaseAndAccentInsensitive) {
  NameColumns row;
  row.name_data = "Élan Front";
  row.name_orig = "ELAN FRONT";
  row.name_orig_full = "Elan-Front";
  row.name_orig_full_eng = "élan front";
  auto n = names_of_row(row, analyzer());
  EXPECT_EQ(n.all, (Names{"élan front"}));
}

TEST(UcdpNamesTest, NoUsableName) {
  NameColumns row;
  row.name_data = " ";
  row.name_orig_full_eng = "n/a";
  EXPECT_TRUE(names_of_row(row, analyzer()).display.empty());
}

TEST(UcdpNamesTest, OrdinaryWords) {
  EXPECT_TRUE(is_ordinary_word("Union", analyzer()));
  EXPECT_TRUE(is_ordinary_word("spiders", analyzer()));
  EXPECT_TRUE(is_ordinary_word("Return", analyzer()));
  EXPECT_TRUE(is_ordinary_word("IS", analyzer()));  // a stop word in capitals
  EXPECT_TRUE(is_ordinary_word("the", analyzer()));
  EXPECT_FALSE(is_ordinary_word("UNION", analyzer()));  // an acronym
  EXPECT_FALSE(is_ordinary_word("Zorblaks", analyzer()));
  EXPECT_FALSE(is_ordinary_word("Spider Front", analyzer()));
  EXPECT_FALSE(is_ordinary_word("al-Union", analyzer()));
  EXPECT_EQ(without_brackets("Government of Lemuria (Mu)"), "Government of Lemuria");
  EXPECT_EQ(without_brackets("Lemuria (Mu) Front"), "Lemuria (Mu) Front");
  EXPECT_EQ(without_brackets("(Mu)"), "(Mu)");
  EXPECT_TRUE(is_acronym("NDF"));
  EXPECT_TRUE(is_acronym("SLM/A - MM"));
  EXPECT_FALSE(is_acronym("HuM"));
  EXPECT_FALSE(is_acronym("حزب"));
  EXPECT_TRUE(is_too_short("X"));
  EXPECT_TRUE(is_too_short("7"));
  EXPECT_TRUE(is_too_short("--"));
  EXPECT_TRUE(is_too_short("12"));
  EXPECT_FALSE(is_too_short("M-12"));
  EXPECT_FALSE(is_too_short("3R"));
  EXPECT_FALSE(is_too_short("حز"));
  EXPECT_EQ(letter_count("M-12"), 1u);
  EXPECT_EQ(letter_count("Élan 2"), 4u);
  EXPECT_EQ(letter_count("حزب"), 3u);
}

// --- countries --------------------------------------------------------------------------------

TEST(UcdpCountriesTest, NamesAndAliasesCaseInsensitive) {
  const auto m = countries();
  EXPECT_EQ(m.code_of("Lebanon"), "lb");
  EXPECT_EQ(m.code_of("LEBANON"), "lb");
  EXPECT_EQ(m.code_of(" viet nam "), "vn");
  EXPECT_EQ(m.code_of("Cote d'Ivoire"), "ci");
  EXPECT_EQ(m.code_of("Ivory Coast"), "ci");
  EXPECT_EQ(m.code_of("Congo"), "cg");
  EXPECT_FALSE(m.code_of("Lebanese"));  // a demonym is not a location
  EXPECT_FALSE(m.code_of("Atlantis"));
}

TEST(UcdpCountriesTest, FormerNamesInBrackets) {
  const auto m = countries();
  EXPECT_EQ(m.code_of("Vietnam (North Vietnam)"), "vn");
  EXPECT_EQ(m.code_of("Yemen (North Yemen)"), "ye");
  EXPECT_EQ(m.code_of("Serbia (Yugoslavia)"), "rs");
  EXPECT_EQ(m.code_of("Cambodia (Kampuchea)"), "kh");
  EXPECT_EQ(m.code_of("DR Congo (Zaire)"), "cd");
  EXPECT_EQ(m.code_of("Atlantis (Kampuchea)"), "kh");  // the name in brackets when the first is unknown
  EXPECT_FALSE(m.code_of("Atlantis (Lemuria)"));
  // Former states listed by UCDP without a present name.
  EXPECT_EQ(m.code_of("South Vietnam"), "vn");
  EXPECT_EQ(m.code_of("South Yemen"), "ye");
}

TEST(UcdpCountriesTest, MapLocation) {
  const auto m = countries();
  std::vector<std::string> unknown;
  EXPECT_EQ(m.map_location("Lebanon, Vietnam (North Vietnam), lebanon, Atlantis, Serbia (Yugoslavia)", &unknown),
            (Names{"lb", "vn", "rs"}));
  EXPECT_EQ(unknown, (Names{"Atlantis"}));
  unknown.clear();
  EXPECT_EQ(m.map_location("Macedonia, FYR, Yemen", &unknown), (Names{"mk", "ye"}));
  EXPECT_TRUE(unknown.empty());
  EXPECT_TRUE(m.map_location("", &unknown).empty());
}

TEST(UcdpCountriesTest, CountryWords) {
  const auto m = countries();
  EXPECT_TRUE(m.is_country_word("Lebanese"));
  EXPECT_TRUE(m.is_country_word("ivory coast"));
  EXPECT_FALSE(m.is_country_word("Lebanese Front"));
}

TEST(UcdpCountriesTest, LoadErrors) {
  auto missing = CountryMapper::load((tmp_dir() / "none.tsv").string(), analyzer());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  auto bad = CountryMapper::load(write_file("bad-countries.tsv", "lbn\tLebanon\t\t\t0\t0\n"), analyzer());
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.status().message().find(":1:"), std::string::npos);
}

// --- curated names ----------------------------------------------------------------------------

TEST(UcdpCuratedTest, OwnerOfAnyNameOrAlias) {
  const auto c = curated();
  EXPECT_EQ(c.actor_count(), 4u);
  EXPECT_EQ(c.countries("blue-lanterns"), (Names{"lb"}));
  EXPECT_TRUE(c.countries("lemuria-gov").empty());
  ASSERT_NE(c.owner("red hand brigade"), nullptr);
  EXPECT_EQ(*c.owner("RED HAND BRIGADE"), "crimson-hand");
  EXPECT_EQ(*c.owner("Crimson Hand"), "crimson-hand");
  EXPECT_EQ(*c.owner("Liwa al Yad al Hamra"), "crimson-hand");
  EXPECT_EQ(*c.owner("Blue Lanterns"), "blue-lanterns");
  EXPECT_EQ(c.owner("Red Hand"), nullptr);
  EXPECT_EQ(c.owner("Blue Lanterns Front"), nullptr);
}

// --- the whole import -------------------------------------------------------------------------

// Invented actors in the UCDP column layout (only the columns the importer reads, plus one more).
const char* kUcdpCsv =
    "\xEF\xBB\xBF"
    "ActorId,NameData,NameOrig,NameOrigFull,NameOrigFullEng,NameChange,NewName,NewNameFullMotherTongue,"
    "NewNameFullEng,Org,Location,Version\n"
    "9001,OWLS ,OWLS,Jabhat al-Bum,Front of the Owls,0,,,,1,\"Lebanon, Vietnam (North Vietnam)\",22.1\n"
    "9002,RHB,RHB,n/a,Red hand brigade,0,,,,1,Serbia (Yugoslavia),22.1\n"
    "9003,SLF,SLF,Frente Sol,Sun Liberation Front,1,\"SLF, NSLF\",\"Frente Sol, Nuevo Frente Sol\","
    "\"Sun Liberation Front, New Sun Liberation Front\",1,\"Cambodia (Kampuchea), Macedonia, FYR\",22.1\n"
    "9004,M-12,M-12,n/a,n/a,1,M-12,\"Movimiento 12, de Marzo\",Twelfth of March Movement,1,"
    "\"Atlantis, Yemen (North Yemen)\",22.1\n"
    "9005,Valley Herders,Valley Herders,n/a,Valley Herders,0,,,,3,Lebanon,22.1\n"
    "9006,Government of Atlantis,Government of Atlantis,n/a,n/a,0,,,,4,Atlantis,22.1\n"
    "9007,IC Front,IC Front,n/a,Ivory Coast,0,,,,1,Ivory Coast,22.1\n"
    "9008,UNA  ,X,n/a,United Northern Army,1,\"UNA, IS\",\"Union, Lebanese\",\"United Northern Army, Spiders\",1,"
    "Congo,22.1\n"
    "9001,Again,Again,n/a,Again,0,,,,1,Lebanon,22.1\n"
    "9009,Bad Org,Bad Org,n/a,Bad Org,0,,,,one,Lebanon,22.1\n"
    "9010,AFCKH,M-9,n/a,\"Alliance for the Congo-\nKinshasa Hills\",0,,,,1,DR Congo (Zaire),22.1\n"
    "9011,LM,LM,n/a,Lanterns movement,0,,,,2,Lebanon,22.1\n"
    "9012,short,row\n"
    "9013,Government of Lemuria (Mu),Government of Lemuria (Mu),n/a,n/a,0,,,,4,Lebanon,22.1\n"
    "9014,VF,VF,n/a,Valley Front,0,,,,1,Lebanon,22.1\n";

Result<ImportResult> run_import(const ImportOptions& options = {}) {
  auto records = csv::parse(kUcdpCsv);
  EXPECT_TRUE(records) << records.status().to_string();
  return import_actors(*records, countries(), curated(), analyzer(), options);
}

const Actor* find(const std::vector<Actor>& actors, const std::string& id) {
  auto it = std::find_if(actors.begin(), actors.end(), [&](const Actor& a) { return a.id == id; });
  return it == actors.end() ? nullptr : &*it;
}

TEST(UcdpImportTest, WritesActorsInTheCuratedFormat) {
  auto r = run_import();
  ASSERT_TRUE(r) << r.status().to_string();
  const auto& a = r->actors;
  const Actor* owls = find(a, "ucdp-9001");
  ASSERT_NE(owls, nullptr);
  EXPECT_EQ(owls->name, "Front of the Owls");
  EXPECT_EQ(owls->aliases, (Names{"OWLS", "Jabhat al-Bum"}));
  EXPECT_EQ(owls->kind, "armed-group");
  EXPECT_EQ(owls->countries, (Names{"lb", "vn"}));

  const Actor* sun = find(a, "ucdp-9003");
  ASSERT_NE(sun, nullptr);
  EXPECT_EQ(sun->name, "New Sun Liberation Front");  // renamed: the present name
  // NSLF is dropped: the curated sun-guard, of another country, has it.
  EXPECT_EQ(sun->aliases, (Names{"SLF", "Frente Sol", "Sun Liberation Front", "Nuevo Frente Sol"}));
  EXPECT_EQ(sun->countries, (Names{"kh", "mk"}));

  const Actor* m12 = find(a, "ucdp-9004");
  ASSERT_NE(m12, nullptr);
  EXPECT_EQ(m12->name, "Twelfth of March Movement");
  EXPECT_EQ(m12->aliases, (Names{"M-12", "Movimiento 12, de Marzo"}));
  EXPECT_EQ(m12->countries, (Names{"ye"}));

  const Actor* gov = find(a, "ucdp-9006");
  ASSERT_NE(gov, nullptr);
  EXPECT_EQ(gov->kind, "government");
  EXPECT_TRUE(gov->countries.empty());

  const Actor* hills = find(a, "ucdp-9010");
  ASSERT_NE(hills, nullptr);
  EXPECT_EQ(hills->name, "Alliance for the Congo-Kinshasa Hills");
  EXPECT_EQ(hills->aliases, (Names{"AFCKH", "M-9"}));  // short, but a name
  EXPECT_EQ(hills->countries, (Names{"cd"}));
}

TEST(UcdpImportTest, AliasFilters) {
  auto r = run_import();
  ASSERT_TRUE(r);
  const Actor* una = find(r->actors, "ucdp-9008");
  ASSERT_NE(una, nullptr);
  EXPECT_EQ(una->name, "United Northern Army");
  // Dropped: X (one letter), IS (stop word), Union and Spiders (ordinary words), Lebanese (demonym).
  EXPECT_EQ(una->aliases, (Names{"UNA"}));
  EXPECT_EQ(una->countries, (Names{"cg"}));
  EXPECT_EQ(r->report.aliases_dropped, 5u);
}

TEST(UcdpImportTest, CuratedActorsWin) {
  auto r = run_import();
  ASSERT_TRUE(r);
  EXPECT_EQ(find(r->actors, "ucdp-9002"), nullptr);  // "Red hand brigade" = curated crimson-hand
  EXPECT_EQ(r->report.curated_duplicates, 3u);
  ASSERT_FALSE(r->report.skipped.empty());
  EXPECT_EQ(r->report.skipped[0].actor_id, "9002");
  EXPECT_NE(r->report.skipped[0].reason.find("crimson-hand"), std::string::npos);
  // Without its final bracket, "Government of Lemuria (Mu)" is a curated name.
  EXPECT_EQ(find(r->actors, "ucdp-9013"), nullptr);
  // An acronym shared with a curated actor of the same country makes a duplicate; of other
  // countries, only the acronym is dropped (9003 keeps its other names).
  EXPECT_EQ(find(r->actors, "ucdp-9014"), nullptr);
  EXPECT_NE(find(r->actors, "ucdp-9003"), nullptr);
  EXPECT_EQ(r->report.acronym_clashes, 1u);
  // An actor named like a country is left out too.
  EXPECT_EQ(find(r->actors, "ucdp-9007"), nullptr);
  EXPECT_EQ(r->report.country_names, 1u);
}

TEST(UcdpImportTest, ReportCounts) {
  auto r = run_import();
  ASSERT_TRUE(r);
  const auto& rep = r->report;
  EXPECT_EQ(rep.version, "22.1");
  EXPECT_EQ(rep.read, 15u);
  EXPECT_EQ(rep.written, 6u);    // 9001 9003 9004 9006 9008 9010
  EXPECT_EQ(rep.other_org, 2u);  // 9005 (Org 3), 9011 (Org 2)
  EXPECT_EQ(rep.invalid, 3u);    // repeated 9001, Org "one", short row
  ASSERT_EQ(rep.warnings.size(), 3u);
  EXPECT_NE(rep.warnings[0].find("ActorId 9001 seen before"), std::string::npos);
  EXPECT_EQ(rep.warnings[2].rfind("line 15: expected 12 fields, found 3", 0), 0u) << rep.warnings[2];
  ASSERT_EQ(rep.unknown_locations.size(), 1u);
  EXPECT_EQ(rep.unknown_locations[0].first, "Atlantis");
  EXPECT_EQ(rep.unknown_locations[0].second, 2u);  // reported once, for two actors
}

TEST(UcdpImportTest, IncludeOrg) {
  ImportOptions options;
  options.orgs = {2, 3};
  auto r = run_import(options);
  ASSERT_TRUE(r);
  const Actor* herders = find(r->actors, "ucdp-9005");
  ASSERT_NE(herders, nullptr);
  EXPECT_EQ(herders->kind, "identity-group");
  EXPECT_EQ(find(r->actors, "ucdp-9001"), nullptr);
  // Org 2 "Lanterns movement" is a curated alias.
  EXPECT_EQ(find(r->actors, "ucdp-9011"), nullptr);
  EXPECT_EQ(r->report.curated_duplicates, 1u);
  EXPECT_EQ(kind_of_org(2), "party-supporters");
  EXPECT_EQ(kind_of_org(5), "");
}

TEST(UcdpImportTest, MissingColumn) {
  auto records = csv::parse("ActorId,NameData\n1,A\n");
  ASSERT_TRUE(records);
  auto r = import_actors(*records, countries(), curated(), analyzer());
  ASSERT_FALSE(r);
  EXPECT_NE(r.status().message().find("missing column 'NameOrig'"), std::string::npos);
}

TEST(UcdpImportTest, WriteTsv) {
  auto r = run_import();
  ASSERT_TRUE(r);
  std::ostringstream out;
  write_tsv(out, r->actors, "ucdp-actor-221.csv", r->report.version);
  std::istringstream in(out.str());
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line.rfind("# UCDP Actor Dataset version 22.1", 0), 0u);
  EXPECT_NE(line.find("Davies, Pettersson & Öberg (2022)"), std::string::npos);
  EXPECT_NE(line.find("Codebook v22.1"), std::string::npos);
  EXPECT_NE(line.find("ucdp-actor-221.csv"), std::string::npos);
  std::size_t rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    ++rows;
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 4) << line;
  }
  EXPECT_EQ(rows, r->actors.size());
  EXPECT_NE(out.str().find("ucdp-9003\tNew Sun Liberation Front\tSLF|Frente Sol|Sun Liberation Front|Nuevo Frente "
                           "Sol\tarmed-group\tkh|mk\n"),
            std::string::npos);
}

}  // namespace
}  // namespace sitrep::ucdp
