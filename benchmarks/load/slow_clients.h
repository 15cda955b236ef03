// Slow and idle HTTP clients, for sitrep-load --slow-clients/--idle-clients and
// tests/slow_client_test.cpp: N connections to a server on loopback, each either sending half a
// request and then nothing (a "slowloris"), or sending one whole keep-alive request, reading the
// answer and then staying idle. A connection the server closes is opened again at once, so the
// server always has about N of them. One thread polls them all.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace sitrep::load {

class SlowClients {
 public:
  enum class Kind { kHalfRequest, kIdleKeepAlive };

  SlowClients(int port, std::size_t count, Kind kind, std::string host = "127.0.0.1")
      : port_(port), host_(std::move(host)), slots_(count) {
    payload_ = kind == Kind::kHalfRequest
                   ? "GET /search?q=slow+client HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sitrep-slow\r\nX-Wait: "
                   : "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: sitrep-idle\r\n\r\n";
    thread_ = std::thread([this] { run(); });
  }
  ~SlowClients() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    for (auto& s : slots_)
      if (s.fd >= 0) ::close(s.fd);
  }
  SlowClients(const SlowClients&) = delete;
  SlowClients& operator=(const SlowClients&) = delete;

  std::size_t open() const { return open_.load(); }          // connected and holding now
  std::uint64_t opened() const { return opened_.load(); }    // connections made in all
  std::uint64_t dropped() const { return dropped_.load(); }  // closed by the server (then renewed)
  std::uint64_t failed() const { return failed_.load(); }    // connects refused or failed

 private:
  using Clock = std::chrono::steady_clock;
  enum class State { kClosed, kConnecting, kHolding };
  struct Slot {
    int fd = -1;
    State state = State::kClosed;
    Clock::time_point retry_at{};
  };

  void start(Slot& s) {
    s.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s.fd < 0) {
      ++failed_;
      s.retry_at = Clock::now() + std::chrono::milliseconds(100);
      return;
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port_));
    inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
    const int r = ::connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (r == 0) {
      connected(s);
    } else if (errno == EINPROGRESS) {
      s.state = State::kConnecting;
    } else {
      fail(s);
    }
  }
  void connected(Slot& s) {
    const ssize_t n = ::send(s.fd, payload_.data(), payload_.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(payload_.size())) return fail(s);
    s.state = State::kHolding;
    ++open_;
    ++opened_;
  }
  void fail(Slot& s) {
    ++failed_;
    ::close(s.fd);
    s.fd = -1;
    s.state = State::kClosed;
    s.retry_at = Clock::now() + std::chrono::milliseconds(20);
  }
  void closed_by_server(Slot& s) {
    ++dropped_;
    --open_;
    ::close(s.fd);
    s.fd = -1;
    s.state = State::kClosed;
    s.retry_at = Clock::now() + std::chrono::milliseconds(5);  // renewed (almost) at once
  }

  void run() {
    std::vector<pollfd> fds;
    std::vector<std::size_t> which;
    char buf[16384];
    while (!stop_) {
      const auto now = Clock::now();
      fds.clear();
      which.clear();
      for (std::size_t i = 0; i < slots_.size(); ++i) {
        Slot& s = slots_[i];
        if (s.state == State::kClosed && now >= s.retry_at) start(s);
        if (s.state == State::kClosed) continue;
        fds.push_back({s.fd, static_cast<short>(s.state == State::kConnecting ? POLLOUT : POLLIN), 0});
        which.push_back(i);
      }
      if (::poll(fds.data(), fds.size(), 10) <= 0) continue;
      for (std::size_t k = 0; k < fds.size(); ++k) {
        if (!fds[k].revents) continue;
        Slot& s = slots_[which[k]];
        if (s.state == State::kConnecting) {
          int err = 0;
          socklen_t len = sizeof err;
          getsockopt(s.fd, SOL_SOCKET, SO_ERROR, &err, &len);
          if (err != 0 || (fds[k].revents & (POLLERR | POLLHUP)))
            fail(s);
          else
            connected(s);
          continue;
        }
        // Holding: an answer (read and ignored: the idle client stays), or the server closed.
        const ssize_t n = ::recv(s.fd, buf, sizeof buf, 0);
        if (n <= 0 && !(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))) closed_by_server(s);
      }
    }
  }

  int port_;
  std::string host_;
  std::string payload_;
  std::vector<Slot> slots_;
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> open_{0};
  std::atomic<std::uint64_t> opened_{0}, dropped_{0}, failed_{0};
  std::thread thread_;
};

}  // namespace sitrep::load
