#include "sitrep/quarantine.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "sitrep/date.h"

namespace sitrep {

struct Quarantine::Impl {
  std::string path;
  std::mutex mu;
  int fd = -1;
  std::size_t count = 0;
  std::string run;
  std::set<std::uint64_t> recorded;  // of this run, found in the file
  ~Impl() {
    if (fd >= 0) ::close(fd);
  }
};

Quarantine::Quarantine(std::string path) : impl_(std::make_unique<Impl>()) { impl_->path = std::move(path); }
Quarantine::Quarantine(Quarantine&&) noexcept = default;
Quarantine& Quarantine::operator=(Quarantine&&) noexcept = default;
Quarantine::~Quarantine() = default;

const std::string& Quarantine::path() const noexcept { return impl_->path; }

std::size_t Quarantine::count() const noexcept {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->count;
}

void Quarantine::set_run(std::string run_key, bool resuming) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->run = std::move(run_key);
  impl_->recorded.clear();
  if (!resuming || impl_->run.empty()) return;
  std::ifstream in(impl_->path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(impl_->run) == std::string::npos) continue;  // cheap filter before parsing
    try {
      const auto j = nlohmann::json::parse(line);
      if (j.value("run", std::string()) == impl_->run && j.contains("seq") && j["seq"].is_number_unsigned())
        impl_->recorded.insert(j["seq"].get<std::uint64_t>());
    } catch (const nlohmann::json::exception&) {
      // a torn last line of a killed run: ignored
    }
  }
}

bool Quarantine::has(std::uint64_t sequence) const noexcept {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return sequence > 0 && impl_->recorded.count(sequence) > 0;
}

Status Quarantine::add(std::string_view origin, std::string_view reason, std::string_view id,
                       std::uint64_t sequence) {
  nlohmann::ordered_json rec;  // time, file, line, reason, id
  rec["time"] = utc_timestamp();
  // "file:line" or "file": the line is the digits after the last colon.
  std::string_view file = origin;
  rec["file"] = nullptr;
  rec["line"] = nullptr;
  if (const auto colon = origin.rfind(':'); colon != std::string_view::npos && colon + 1 < origin.size() &&
                                            origin.find_first_not_of("0123456789", colon + 1) == std::string_view::npos &&
                                            origin.size() - colon - 1 <= 18) {
    file = origin.substr(0, colon);
    rec["line"] = std::stoull(std::string(origin.substr(colon + 1)));
  }
  rec["file"] = std::string(file);
  rec["reason"] = std::string(reason);
  if (!id.empty()) rec["id"] = std::string(id);
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (!impl_->run.empty() && sequence > 0) {
      rec["run"] = impl_->run;
      rec["seq"] = sequence;
    }
  }
  const std::string line = rec.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";

  std::lock_guard<std::mutex> lock(impl_->mu);
  ++impl_->count;
  if (impl_->fd < 0) {
    std::error_code ec;
    if (const auto parent = std::filesystem::path(impl_->path).parent_path(); !parent.empty())
      std::filesystem::create_directories(parent, ec);
    impl_->fd = ::open(impl_->path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (impl_->fd < 0)
      return Status::io_error(impl_->path + ": cannot open the quarantine report: " + std::strerror(errno));
  }
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(impl_->fd, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::io_error(impl_->path + ": cannot write the quarantine report: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
  return Status::ok();
}

}  // namespace sitrep
