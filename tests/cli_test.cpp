// The programs' option reading (shared/tools/cli.h): the options file of sitrep-serve --config
// (read_config_file), its precedence against the command line, and --version.
#include "cli.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "test_util.h"

namespace sitrep::tools {
namespace {

struct Options {
  std::string index, bind;
  int port = -1;
  std::size_t threads = 0;
  bool log_queries = false;
  std::vector<std::string> cors;
  std::string config;
  po::options_description desc{"Usage: prog [options]\n\nOptions"};

  Options() {
    desc.add_options()("help,h", "show this help")("config,c", po::value(&config), "options file")(
        "index,i", po::value(&index), "index")("port,p", po::value(&port), "port")(
        "bind", po::value(&bind)->default_value("127.0.0.1"), "address")(
        "threads", po::value(&threads)->default_value(64), "workers")(
        "log-queries", po::bool_switch(&log_queries), "log")("cors-origin", po::value(&cors)->composing(), "origin");
  }
};

std::string write_file(const std::string& name, const std::string& text) {
  const auto path = test::scratch("cli-" + name) / "serve.conf";
  std::ofstream(path) << text;
  return path.string();
}

// Runs parse_command_line on args (the program name first); the exit status or -1 to go on.
int parse(Options& o, po::variables_map& vm, std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  const auto exit = parse_command_line("prog", static_cast<int>(argv.size()), argv.data(), o.desc, vm, nullptr,
                                       nullptr, "config");
  return exit ? *exit : -1;
}

TEST(ConfigFile, ReadsNameValueLines) {
  const std::string file = write_file("read",
                                      "# a comment\n"
                                      "\n"
                                      "index = /var/lib/sitrep/index\r\n"
                                      "  port=8080\n"
                                      "bind =  0.0.0.0  \n"
                                      "\t# an indented comment\n"
                                      "log-queries = true\n"
                                      "cors-origin = https://a.example\n"
                                      "--cors-origin = https://b.example\n");
  Options o;
  po::variables_map vm;
  ASSERT_EQ(parse(o, vm, {"prog", "--config", file}), -1);
  EXPECT_EQ(o.index, "/var/lib/sitrep/index");
  EXPECT_EQ(o.port, 8080);
  EXPECT_EQ(o.bind, "0.0.0.0");
  EXPECT_EQ(o.threads, 64u);  // the default
  EXPECT_TRUE(o.log_queries);
  EXPECT_EQ(o.cors, (std::vector<std::string>{"https://a.example", "https://b.example"}));
}

TEST(ConfigFile, TheCommandLineWins) {
  const std::string file = write_file("wins", "port = 8080\nthreads = 3\nbind = ::\ncors-origin = https://file.example\n");
  Options o;
  po::variables_map vm;
  ASSERT_EQ(parse(o, vm, {"prog", "-p", "9", "--bind", "127.0.0.2", "--config", file, "--cors-origin", "*"}), -1);
  EXPECT_EQ(o.port, 9);
  EXPECT_EQ(o.bind, "127.0.0.2");
  EXPECT_EQ(o.threads, 3u);
  // A repeatable option takes both.
  EXPECT_EQ(o.cors, (std::vector<std::string>{"*", "https://file.example"}));
}

// Each bad file: the error's code and the text its message must hold (file, line, option).
TEST(ConfigFile, ErrorsNameTheFileLineAndOption) {
  struct Case {
    std::string text;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"port = 8080\n\nprot = 8081\n", ":3: unknown option 'prot'"},
      {"# port\nport = abc\n", ":2: the argument ('abc') for option 'port' is invalid"},
      {"port = 8080\nindex = a\nport = 8081\n", ":3: option 'port' was already set on line 1"},
      {"[server]\n", ":1: expected 'name = value' (e.g. 'port = 8080'), not '[server]'"},
      {"port 8080\n", ":1: expected 'name = value'"},
      {"config = other.conf\n", ":1: 'config' belongs on the command line only"},
      {"help = true\n", ":1: 'help' belongs on the command line only"},
      {"= 1\n", ":1: unknown option ''"},
      {"log-queries = maybe\n", ":1: the argument ('maybe') for option 'log-queries' is invalid"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string file = write_file("bad-" + std::to_string(i), cases[i].text);
    Options o;
    po::variables_map vm;
    const Status st = read_config_file(file, o.desc, vm);
    ASSERT_FALSE(st) << cases[i].text;
    EXPECT_EQ(st.code(), ErrorCode::kInvalidArgument) << cases[i].text;
    EXPECT_EQ(st.message().rfind(file + cases[i].expected, 0), 0u) << st.message();
  }
}

TEST(ConfigFile, MissingFileIsNotFound) {
  Options o;
  po::variables_map vm;
  const Status st = read_config_file("/nonexistent/sitrep/serve.conf", o.desc, vm);
  EXPECT_EQ(st.code(), ErrorCode::kNotFound);
  EXPECT_EQ(st.message(), "/nonexistent/sitrep/serve.conf: cannot read the configuration file");
}

// parse_command_line: a bad file is a usage error (2) with "PROG: FILE:LINE: ..." on stderr.
TEST(ConfigFile, BadFileIsAUsageError) {
  const std::string file = write_file("usage", "port = 8080\nthreads = many\n");
  Options o;
  po::variables_map vm;
  testing::internal::CaptureStderr();
  EXPECT_EQ(parse(o, vm, {"prog", "--config", file}), 2);
  const std::string err = testing::internal::GetCapturedStderr();
  EXPECT_EQ(err, "prog: " + file + ":2: the argument ('many') for option 'threads' is invalid\n");
  EXPECT_EQ(err.find("see --help"), std::string::npos) << err;
}

TEST(CommandLine, VersionAndHelp) {
  Options o;
  po::variables_map vm;
  testing::internal::CaptureStdout();
  EXPECT_EQ(parse(o, vm, {"prog", "--version", "--config", "/nonexistent"}), 0);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), std::string("prog (sitrep) ") + SITREP_VERSION + "\n");
  EXPECT_EQ(version_line("sitrep-serve"), std::string("sitrep-serve (sitrep) ") + SITREP_VERSION);
  Options o2;
  po::variables_map vm2;
  testing::internal::CaptureStdout();
  EXPECT_EQ(parse(o2, vm2, {"prog", "--help"}), 0);
  const std::string help = testing::internal::GetCapturedStdout();
  EXPECT_NE(help.find("--version"), std::string::npos) << help;
  EXPECT_NE(help.find("--config"), std::string::npos) << help;
}

}  // namespace
}  // namespace sitrep::tools
