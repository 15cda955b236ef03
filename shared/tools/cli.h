// sitrep command-line tools: the one way they read their options (Boost.Program_options).
// Internal to the project's binaries (not installed), so it may use Boost types.
#pragma once

#include <boost/program_options.hpp>
#include <fstream>
#include <initializer_list>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/status.h"

// The project version (CMake's PROJECT_VERSION, set on the sitrep_cli target).
#ifndef SITREP_VERSION
#define SITREP_VERSION "unknown"
#endif

namespace sitrep::tools {

namespace po = boost::program_options;

// What --version prints: "PROG (sitrep) VERSION", the GNU form help2man reads.
inline std::string version_line(std::string_view prog) {
  return std::string(prog) + " (sitrep) " + SITREP_VERSION;
}

// Reads an options file into vm (sitrep-serve --config FILE): one "name = value" a line, where
// name is a long option of `options` without its "--" ("port = 8080", "log-queries = true");
// blank lines and lines starting with # are skipped. Values already in vm (the command line,
// stored first) win; a composing (repeatable) option adds to them and may be on several lines.
// Errors name the file, and the line and option: kNotFound when the file cannot be opened,
// kInvalidArgument for a line that is not "name = value", an unknown option, an option of the
// command line only (`command_line_only`), an option given twice or a bad value.
inline Status read_config_file(const std::string& path, const po::options_description& options,
                               po::variables_map& vm,
                               std::initializer_list<std::string_view> command_line_only = {"help", "version",
                                                                                           "config"}) {
  std::ifstream in(path);
  if (!in) return Status::not_found(path + ": cannot read the configuration file");
  std::map<std::string, std::size_t> seen;  // option -> line
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    const std::string where = path + ":" + std::to_string(n) + ": ";
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto eq = line.find('=', first);
    if (eq == std::string::npos)
      return Status::invalid_argument(where + "expected 'name = value' (e.g. 'port = 8080'), not '" + line + "'");
    auto trim = [](std::string s) {
      const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
      return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    std::string name = trim(line.substr(first, eq - first));
    const std::string value = trim(line.substr(eq + 1));
    if (name.starts_with("--")) name.erase(0, 2);
    const po::option_description* option = nullptr;
    try {
      if (!name.empty()) option = options.find_nothrow(name, false);
    } catch (const po::error&) {  // ambiguous: not one option's exact name
    }
    if (!option) return Status::invalid_argument(where + "unknown option '" + name + "'");
    for (const auto only : command_line_only)
      if (name == only) return Status::invalid_argument(where + "'" + name + "' belongs on the command line only");
    const bool composing = option->semantic()->is_composing();
    if (const auto it = seen.find(name); it != seen.end() && !composing)
      return Status::invalid_argument(where + "option '" + name + "' was already set on line " +
                                      std::to_string(it->second));
    seen.emplace(name, n);
    po::parsed_options parsed(&options);
    po::option opt;
    opt.string_key = name;
    opt.value = {value};
    opt.original_tokens = {name, value};
    parsed.options.push_back(std::move(opt));
    try {
      po::store(parsed, vm);
    } catch (const po::error& e) {
      return Status::invalid_argument(where + e.what());  // "the argument ('x') for option 'port' is invalid"
    }
  }
  if (in.bad()) return Status::io_error(path + ": read error");
  return Status::ok();
}

// Reads argv into vm: the `visible` options (the ones --help lists; they must include "help";
// "version" is added), plus the `hidden` ones filled from positional arguments by `positional`.
// With `config_option` (e.g. "config", an option taking a file name), the file it names is read
// too (read_config_file: the command line wins). Returns the exit status when the program should
// stop: 0 after printing --help or --version, 2 after a usage error (one line on standard error:
// "PROG: what (see --help)", or "PROG: FILE:LINE: what" for the configuration file); nullopt to
// go on.
inline std::optional<int> parse_command_line(std::string_view prog, int argc, char** argv,
                                             po::options_description& visible, po::variables_map& vm,
                                             const po::options_description* hidden = nullptr,
                                             const po::positional_options_description* positional = nullptr,
                                             const char* config_option = nullptr) {
  if (!visible.find_nothrow("version", false)) visible.add_options()("version", "print the version and exit");
  po::options_description all;
  all.add(visible);
  if (hidden) all.add(*hidden);
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(all);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << visible << "\n";
      return 0;
    }
    if (vm.count("version")) {
      // "sitrep-eval entities" -> "sitrep-eval": the program's name.
      std::cout << version_line(prog.substr(0, prog.find(' '))) << "\n";
      return 0;
    }
    if (config_option && vm.count(config_option)) {
      if (const Status st = read_config_file(vm[config_option].as<std::string>(), all, vm,
                                                 {"help", "version", config_option});
          !st) {
        std::cerr << prog << ": " << st.message() << "\n";
        return 2;
      }
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << prog << ": " << e.what() << " (see --help)\n";
    return 2;
  }
  return std::nullopt;
}

}  // namespace sitrep::tools
