#include "sitrep/paths.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace sitrep {

namespace fs = std::filesystem;

std::string default_index_dir() {
  if (const char* env = std::getenv("SITREP_INDEX"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/sitrep/index";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/sitrep/index";
  return "sitrep-index";
}

std::string stub_file_of(const std::string& index) {
  std::error_code ec;
  const fs::path dir(index);
  if (fs::is_regular_file(dir, ec)) return dir.string();
  if (fs::is_regular_file(dir / kStubName, ec)) return (dir / kStubName).string();
  return {};
}

Result<std::vector<StubLine>> read_stub(const std::string& stub_file) {
  std::ifstream in(stub_file);
  if (!in) return Status::io_error(stub_file + ": cannot read the stub file");
  std::vector<StubLine> out;
  std::string line;
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto sp = line.find_first_of(" \t", first);
    const auto arg = sp == std::string::npos ? std::string::npos : line.find_first_not_of(" \t", sp);
    if (arg == std::string::npos)
      return Status::index_error(stub_file + ":" + std::to_string(n) +
                                 ": expected 'TYPE TARGET' (e.g. 'auto shard-00')");
    StubLine s{line.substr(first, sp - first), line.substr(arg), n};
    if (s.local()) {
      fs::path p(s.target);
      if (p.is_relative()) p = fs::path(stub_file).parent_path() / p;
      s.target = p.string();
    }
    out.push_back(std::move(s));
  }
  if (out.empty()) return Status::index_error(stub_file + ": the stub file lists no database");
  return out;
}

}  // namespace sitrep
