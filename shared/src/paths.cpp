#include "sitrep/paths.h"

#include <cstdlib>

namespace sitrep {

std::string default_index_dir() {
  if (const char* env = std::getenv("SITREP_INDEX"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return std::string(xdg) + "/sitrep/index";
  if (const char* home = std::getenv("HOME"); home && *home) return std::string(home) + "/.local/share/sitrep/index";
  return "sitrep-index";
}

}  // namespace sitrep
