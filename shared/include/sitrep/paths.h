// sitrep: default locations.
#pragma once

#include <string>

namespace sitrep {

// $SITREP_INDEX, else $XDG_DATA_HOME/sitrep/index, else ~/.local/share/sitrep/index.
std::string default_index_dir();

}  // namespace sitrep
