// sitrep: a search's time budget (SearchOptions::time_budget_ms) and the error it ends with.
//
// Internal header (Xapian types): not installed.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>

#include "sitrep/status.h"

namespace sitrep {

// The error of a search stopped by its budget.
inline Status over_budget(double budget_ms) {
  char ms[32];
  std::snprintf(ms, sizeof ms, "%g", budget_ms);
  std::string m = "the search took longer than its time budget of ";
  m += ms;
  m += " ms and was stopped; narrow it (a filter, a date range, rarer words)";
  return Status::time_budget(std::move(m));
}

// What is left of a search's time budget (0 ms: none).
class Budget {
 public:
  explicit Budget(double ms) : ms_(ms), start_(std::chrono::steady_clock::now()) {}
  double ms() const { return ms_; }
  bool over() const { return ms_ > 0 && elapsed_ms() >= ms_; }
  // Xapian's match stops when the budget is spent (the search then fails on over()).
  void limit(Xapian::Enquire& e) const {
    if (ms_ > 0) e.set_time_limit(std::max(ms_ - elapsed_ms(), 0.001) / 1000.0);
  }

 private:
  double elapsed_ms() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }
  double ms_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace sitrep
