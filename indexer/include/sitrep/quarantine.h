// sitrep: the quarantine report of an indexing run: one JSON Lines record per article (or file)
// that could not be indexed, appended as it is found, so that a bad input never stops the run and
// never goes unnoticed:
//
//   {"time":"2026-11-30T07:12:09Z","file":"in/feed.jsonl","line":2,"reason":"invalid JSON: ...",
//    "id":"a-17","run":"run-3f2a...","seq":17}
//
// "line" is null when the reason concerns the whole file (a binary file, an unreadable one);
// "id" is present when known. In a resumable run (set_run) records also carry "run" (its key) and
// "seq" (the change's number), so that a resumed run does not record a change twice. Each record
// is one write(2) on a file opened for appending (no buffering: a crash loses none of the records
// written, and two writers' lines do not mix).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep {

class Quarantine {
 public:
  // The file is created (with its directory) at the first record.
  explicit Quarantine(std::string path);
  Quarantine(Quarantine&&) noexcept;
  Quarantine& operator=(Quarantine&&) noexcept;
  ~Quarantine();

  // Appends a record. `origin` is "file:line" or "file" (as sitrep's error messages name it).
  // Thread-safe. Fails when the file cannot be written (the record is then counted all the same).
  Status add(std::string_view origin, std::string_view reason, std::string_view id = {},
             std::uint64_t sequence = 0);

  // Records carry this run key and their sequence number. `resuming`: the records the file holds
  // for this key (an interrupted run's) are read, and has() tells their sequence numbers.
  void set_run(std::string run_key, bool resuming);
  bool has(std::uint64_t sequence) const noexcept;

  const std::string& path() const noexcept;
  std::size_t count() const noexcept;  // records added

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sitrep
