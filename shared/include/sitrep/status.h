// sitrep: typed errors for library code (after LevelDB's Status).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace sitrep {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,  // bad query, option or value given by the caller
  kParseError,       // bad input data (article, date, JSON line)
  kNotFound,         // missing file, index or entity
  kIOError,          // read or write failure
  kIndexError,       // the index is unusable (schema, corruption, lock)
  kLimitExceeded,    // a configured bound was hit (query length, clauses, page depth)
  kTimeBudget,       // the work took longer than its time budget and was stopped
};

const char* to_string(ErrorCode code) noexcept;

class Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status ok() { return {}; }
  // The common errors by name (after LevelDB's Status::NotFound(...)).
  static Status invalid_argument(std::string message) { return {ErrorCode::kInvalidArgument, std::move(message)}; }
  static Status parse_error(std::string message) { return {ErrorCode::kParseError, std::move(message)}; }
  static Status not_found(std::string message) { return {ErrorCode::kNotFound, std::move(message)}; }
  static Status io_error(std::string message) { return {ErrorCode::kIOError, std::move(message)}; }
  static Status index_error(std::string message) { return {ErrorCode::kIndexError, std::move(message)}; }
  static Status limit_exceeded(std::string message) { return {ErrorCode::kLimitExceeded, std::move(message)}; }
  static Status time_budget(std::string message) { return {ErrorCode::kTimeBudget, std::move(message)}; }

  bool is_ok() const noexcept { return code_ == ErrorCode::kOk; }
  explicit operator bool() const noexcept { return is_ok(); }
  ErrorCode code() const noexcept { return code_; }
  const std::string& message() const noexcept { return message_; }
  // "parse error: file.txt:1: missing date line"
  std::string to_string() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

// A value or a Status describing why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT
  Result(ErrorCode code, std::string message) : v_(Status(code, std::move(message))) {}

  bool is_ok() const noexcept { return std::holds_alternative<T>(v_); }
  explicit operator bool() const noexcept { return is_ok(); }
  const T& value() const& { return std::get<T>(v_); }
  T& value() & { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  Status status() const { return is_ok() ? Status() : std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace sitrep
