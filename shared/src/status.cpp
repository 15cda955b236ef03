#include "sitrep/status.h"

namespace sitrep {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::kOk:
      return "ok";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kParseError:
      return "parse error";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kIOError:
      return "I/O error";
    case ErrorCode::kIndexError:
      return "index error";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
    case ErrorCode::kTimeBudget:
      return "time budget exceeded";
  }
  return "error";
}

std::string Status::to_string() const {
  if (is_ok()) return "ok";
  return std::string(sitrep::to_string(code_)) + ": " + message_;
}

}  // namespace sitrep
