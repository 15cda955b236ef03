// sitrep command-line tools: the one way they read their options (Boost.Program_options).
// Internal to the project's binaries (not installed), so it may use Boost types.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <optional>
#include <string_view>

namespace sitrep::tools {

namespace po = boost::program_options;

// Reads argv into vm: the `visible` options (the ones --help lists; they must include "help"),
// plus the `hidden` ones filled from positional arguments by `positional`. Returns the exit status
// when the program should stop: 0 after printing --help, 2 after a usage error (one line on
// standard error: "PROG: what (see --help)"); nullopt to go on.
inline std::optional<int> parse_command_line(std::string_view prog, int argc, char** argv,
                                             const po::options_description& visible, po::variables_map& vm,
                                             const po::options_description* hidden = nullptr,
                                             const po::positional_options_description* positional = nullptr) {
  po::options_description all;
  all.add(visible);
  if (hidden) all.add(*hidden);
  try {
    po::command_line_parser parser(argc, argv);
    parser.options(all);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << prog << ": " << e.what() << " (see --help)\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return 0;
  }
  return std::nullopt;
}

}  // namespace sitrep::tools
