// sitrep-import-ucdp: writes the actors of the UCDP Actor Dataset CSV in the gazetteer's actor format.
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <string>

#include "sitrep/analyzer.h"
#include "sitrep/gazetteer.h"
#include "sitrep/csv.h"
#include "sitrep/tools/ucdp.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {

constexpr const char* kProg = "sitrep-import-ucdp";

// "1,4" -> {1, 4}; false on anything but Org values 1 to 4.
bool parse_orgs(const std::string& text, std::set<int>& out) {
  out.clear();
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto b = item.find_first_not_of(' '), e = item.find_last_not_of(' ');
    if (b == std::string::npos) return false;
    item = item.substr(b, e - b + 1);
    if (item.size() != 1 || item[0] < '1' || item[0] > '4') return false;
    out.insert(item[0] - '0');
  }
  return !out.empty();
}

}  // namespace

int main(int argc, char** argv) {
  std::string curated_path, countries_path, orgs_text = "1,4", output, input;
  bool verbose = false;
  po::options_description opts(
      "Usage: sitrep-import-ucdp [--curated actors.tsv] [--countries countries.tsv] [--include-org 1,4] CSV\n"
      "         > extra-actors-ucdp.tsv\n\n"
      "Reads the UCDP Actor Dataset (ucdp-actor-<version>.csv) and writes its actors in the format of\n"
      "the gazetteer's actors.tsv (id, name, aliases, kind, countries), ids 'ucdp-<ActorId>', to standard\n"
      "output. Actors that share a name or alias with a curated actor are left out (the curated entry\n"
      "wins; an acronym alone counts only when they share a country, else just the acronym is dropped).\n"
      "Locations are mapped to ISO alpha-2 codes through countries.tsv; unknown ones are reported on\n"
      "standard error and skipped. Save the output as extra-actors-ucdp.tsv in the data directory\n"
      "($SITREP_DATA_DIR): the gazetteer loads every extra-actors*.tsv there after actors.tsv.\n\n"
      "Org values: 1 formally organised groups (armed-group), 2 supporters of parties (party-supporters),\n"
      "3 identity groups (identity-group), 4 governments (government).\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "curated", po::value(&curated_path),
      "curated actors (default: actors.tsv in $SITREP_DATA_DIR or the built-in data directory)")(
      "countries", po::value(&countries_path),
      "countries with aliases (default: countries.tsv in the same data directory)")(
      "include-org", po::value(&orgs_text)->default_value("1,4"), "comma-separated Org values to import")(
      "output,o", po::value(&output), "write to this file instead of standard output")(
      "verbose,v", po::bool_switch(&verbose), "name every actor left out and every alias dropped, and why");
  po::options_description hidden;
  hidden.add_options()("input", po::value(&input), "UCDP actor CSV");
  po::positional_options_description pos;
  pos.add("input", 1);
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line(kProg, argc, argv, opts, vm, &hidden, &pos)) return *exit;
  if (input.empty()) {
    std::cerr << kProg << ": give the UCDP actor CSV file (see --help)\n";
    return 2;
  }
  sitrep::ucdp::ImportOptions options;
  if (!parse_orgs(orgs_text, options.orgs)) {
    std::cerr << kProg << ": --include-org takes Org values 1 to 4 separated by commas, e.g. 1,4\n";
    return 2;
  }
  const std::filesystem::path data_dir = sitrep::Gazetteer::default_data_dir();
  if (curated_path.empty()) curated_path = (data_dir / "actors.tsv").string();
  if (countries_path.empty()) countries_path = (data_dir / "countries.tsv").string();

  const sitrep::Analyzer analyzer;
  auto countries = sitrep::ucdp::CountryMapper::load(countries_path, analyzer);
  if (!countries) {
    std::cerr << kProg << ": " << countries.status().message() << "\n";
    return 1;
  }
  auto curated = sitrep::ucdp::CuratedNames::load(curated_path, analyzer);
  if (!curated) {
    std::cerr << kProg << ": " << curated.status().message() << "\n";
    return 1;
  }
  auto records = sitrep::csv::read_file(input);
  if (!records) {
    std::cerr << kProg << ": " << records.status().message() << "\n";
    return 1;
  }
  auto result = sitrep::ucdp::import_actors(*records, *countries, *curated, analyzer, options);
  if (!result) {
    std::cerr << kProg << ": " << input << ": " << result.status().message() << "\n";
    return 1;
  }
  const auto& rep = result->report;
  for (const auto& w : rep.warnings) std::cerr << kProg << ": " << input << ":" << w.substr(5) << "\n";
  for (const auto& [name, rows] : rep.unknown_locations)
    std::cerr << kProg << ": unknown location '" << name << "' (" << rows << (rows == 1 ? " actor" : " actors")
              << "): not a country in " << countries_path << ", skipped\n";
  if (verbose) {
    for (const auto& s : rep.skipped)
      std::cerr << kProg << ": left out ucdp-" << s.actor_id << " '" << s.name << "': " << s.reason << "\n";
    for (const auto& n : rep.notes) std::cerr << kProg << ": " << n << "\n";
  }

  const std::string source = std::filesystem::path(input).filename().string();
  if (output.empty()) {
    sitrep::ucdp::write_tsv(std::cout, result->actors, source, rep.version);
    std::cout.flush();
    if (!std::cout) {
      std::cerr << kProg << ": cannot write to standard output\n";
      return 1;
    }
  } else {
    std::ofstream out(output, std::ios::binary);
    if (out) sitrep::ucdp::write_tsv(out, result->actors, source, rep.version);
    out.close();
    if (!out) {
      std::cerr << kProg << ": cannot write " << output << "\n";
      return 1;
    }
  }
  std::cerr << kProg << ": read " << rep.read << " actors (UCDP " << (rep.version.empty() ? "?" : rep.version)
            << "), wrote " << rep.written << " (Org " << orgs_text << "); left out " << rep.curated_duplicates
            << " already in the curated list (" << curated_path << " wins), " << rep.country_names
            << " named like a country, " << rep.other_org << " of other Org values, " << rep.invalid
            << " unreadable; dropped " << rep.aliases_dropped << " aliases (short, ordinary words, country names) and "
            << rep.acronym_clashes << " acronyms of curated actors of other countries; " << rep.unknown_locations.size()
            << " unknown locations" << (verbose ? "" : " (--verbose names every actor left out)") << "\n";
  return 0;
}
