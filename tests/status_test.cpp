// Tests of status.h: the named constructors of the common errors.
#include "sitrep/status.h"

#include <gtest/gtest.h>

namespace sitrep {
namespace {

TEST(Status, NamedConstructorsCarryTheirCodeAndMessage) {
  const std::pair<Status, ErrorCode> cases[] = {
      {Status::invalid_argument("m"), ErrorCode::kInvalidArgument},
      {Status::parse_error("m"), ErrorCode::kParseError},
      {Status::not_found("m"), ErrorCode::kNotFound},
      {Status::io_error("m"), ErrorCode::kIOError},
      {Status::index_error("m"), ErrorCode::kIndexError},
      {Status::limit_exceeded("m"), ErrorCode::kLimitExceeded},
      {Status::time_budget("m"), ErrorCode::kTimeBudget},
  };
  for (const auto& [status, code] : cases) {
    EXPECT_FALSE(status.is_ok());
    EXPECT_EQ(status.code(), code);
    EXPECT_EQ(status.message(), "m");
  }
  EXPECT_TRUE(Status::ok().is_ok());
}

TEST(Status, ToStringNamesTheCode) {
  EXPECT_EQ(Status::parse_error("file.txt:1: missing date line").to_string(),
            "parse error: file.txt:1: missing date line");
  const Result<int> r = Status::not_found("x");
  EXPECT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace sitrep
