// sitrep-eval: small file helpers.
#pragma once

#include <string>

#include "sitrep/status.h"

namespace sitrep::eval {

// The bytes of a file; an error naming the file when it is missing, a directory or unreadable.
Result<std::string> read_file(const std::string& path);

}  // namespace sitrep::eval
