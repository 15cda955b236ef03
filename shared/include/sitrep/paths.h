// sitrep: where an index lives, and how a sharded one is laid out.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sitrep/status.h"

namespace sitrep {

// $SITREP_INDEX, else $XDG_DATA_HOME/sitrep/index, else ~/.local/share/sitrep/index.
std::string default_index_dir();

// A sharded index DIR holds its shards and the stub DIR/XAPIANDB, a Xapian stub file listing
// them, which Xapian opens as one database of all the shards. A stub file can also be named as
// the index itself.
inline constexpr const char* kStubName = "XAPIANDB";

// The stub file of `index` (the index itself when it is a file, else DIR/XAPIANDB when that
// exists), or "" for an index of one database.
std::string stub_file_of(const std::string& index);

// One line of a stub file: "TYPE TARGET" (auto, glass, remote, ...).
struct StubLine {
  std::string type;
  std::string target;  // for a local database: its path, made absolute against the stub's folder
  std::size_t line = 0;
  bool local() const { return type == "auto" || type == "glass" || type == "chert" || type == "honey"; }
};

// The databases a stub file lists ('#' starts a comment; blank lines are skipped). An error names
// the file and line of what cannot be read.
Result<std::vector<StubLine>> read_stub(const std::string& stub_file);

}  // namespace sitrep
