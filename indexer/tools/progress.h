// sitrep-index: progress on standard error. On a terminal a bar redrawn four times a second
// (articles, docs/s, MB/s of input read, ETA when the input size is known); otherwise a line every
// 10 s ("sitrep-index: progress: ..."), so logs of long runs show it moving. Error lines go
// through print() so they do not mix with the bar.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace sitrep::tools {

class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  // total_bytes: the input's size (0: unknown). tty: draw the bar; quiet: nothing but errors.
  Progress(std::uint64_t total_bytes, bool tty, bool quiet)
      : total_(total_bytes), tty_(tty && !quiet), quiet_(quiet), start_(Clock::now()) {
    if (!quiet_) ticker_ = std::thread([this] { run(); });
  }
  ~Progress() { stop(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  std::atomic<std::uint64_t> read_bytes{0};  // input consumed
  std::atomic<std::uint64_t> written{0};     // articles indexed (new or replaced)
  std::atomic<std::uint64_t> rejected{0};

  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

  // A line on standard error (an error message), clearing the bar first.
  void print(const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
    if (tty_ && drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
    std::fputs(line.c_str(), stderr);
    std::fputc('\n', stderr);
  }

  // Stops the ticker and clears the bar.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_) return;
      stopped_ = true;
    }
    cv_.notify_all();
    if (ticker_.joinable()) ticker_.join();
    std::lock_guard<std::mutex> lock(mu_);
    if (tty_ && drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

 private:
  static std::string clock_text(double secs) {
    const auto s = static_cast<long long>(secs + 0.5);
    char buf[32];
    if (s >= 3600)
      std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
    else
      std::snprintf(buf, sizeof buf, "%lld:%02lld", s / 60, s % 60);
    return buf;
  }

  void run() {
    const auto period = tty_ ? std::chrono::milliseconds(250) : std::chrono::milliseconds(10000);
    std::unique_lock<std::mutex> lock(mu_);
    while (!cv_.wait_for(lock, period, [&] { return stopped_; })) draw();
  }

  void draw() {  // mu_ held
    const double secs = seconds();
    const double docs = static_cast<double>(written.load()), bytes = static_cast<double>(read_bytes.load());
    const double docs_s = secs > 0 ? docs / secs : 0, mb_s = secs > 0 ? bytes / 1e6 / secs : 0;
    const double frac = total_ > 0 ? std::min(1.0, bytes / static_cast<double>(total_)) : -1;
    std::string eta;
    if (frac > 0.001) eta = clock_text(secs / frac - secs);
    char line[256];
    if (tty_) {
      std::string bar;
      if (frac >= 0) {
        const int width = 24, fill = static_cast<int>(frac * width);
        bar.push_back('[');
        bar.append(static_cast<std::size_t>(fill), '#');
        bar.append(static_cast<std::size_t>(width - fill), '.');
        bar.append("] ");
        char pct[16];
        std::snprintf(pct, sizeof pct, "%3.0f%% ", frac * 100);
        bar += pct;
      }
      std::snprintf(line, sizeof line, "\r\033[K%s%llu articles, %llu rejected, %.0f docs/s, %.1f MB/s%s%s", bar.c_str(),
                    static_cast<unsigned long long>(docs), static_cast<unsigned long long>(rejected.load()), docs_s,
                    mb_s, eta.empty() ? "" : ", ETA ", eta.c_str());
      std::fputs(line, stderr);
      drawn_ = true;
    } else {
      char pct[32] = "";
      if (frac >= 0) std::snprintf(pct, sizeof pct, ", %.0f%% read", frac * 100);
      std::snprintf(line, sizeof line,
                    "sitrep-index: progress: %llu articles, %llu rejected, %.0f docs/s, %.1f MB/s%s%s%s, %s elapsed\n",
                    static_cast<unsigned long long>(docs), static_cast<unsigned long long>(rejected.load()), docs_s,
                    mb_s, pct, eta.empty() ? "" : ", ETA ", eta.c_str(), clock_text(secs).c_str());
      std::fputs(line, stderr);
    }
    std::fflush(stderr);
  }

  const std::uint64_t total_;
  const bool tty_, quiet_;
  const Clock::time_point start_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false, drawn_ = false;
  std::thread ticker_;
};

}  // namespace sitrep::tools
