// sitrep-eval: small file helpers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

// The bytes of a file; an error naming the file when it is missing, a directory or unreadable.
Result<std::string> read_file(const std::string& path);

// The words of a line separated by spaces, tabs or carriage returns.
std::vector<std::string_view> split_ws(std::string_view line);

}  // namespace sitrep::eval
