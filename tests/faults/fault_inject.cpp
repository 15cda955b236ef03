// sitrep tests: fault injection without root. Preloaded into a program (LD_PRELOAD), it makes
// writes to the files under one directory fail the way a full disk or a failing disk does:
//
//   SITREP_FAULT_DIR     the directory (its files and those of its subdirectories); unset: no fault
//   SITREP_FAULT_BYTES   bytes written there before the fault (unset: no fault); a write crossing
//                        the limit writes the part that fits (a short write, as a full disk does)
//   SITREP_FAULT_ERRNO   ENOSPC (default) or EIO
//   SITREP_FAULT_ON      write (default): once the bytes are used up, every write, pwrite,
//                        pwrite64, writev and every fsync/fdatasync of such a file fails;
//                        sync: writes succeed, and every fsync/fdatasync after the limit fails
//                        (a disk that reports its errors when data is flushed);
//                        kill: the process kills itself (SIGKILL) at the write that crosses the
//                        limit, after writing the part that fits (a torn write);
//                        killsync: ... at the first fsync/fdatasync after the limit (a crash
//                        in the middle of a commit)
//   SITREP_FAULT_COUNT   a file that receives, at exit, the number of bytes written there (to
//                        place the faults of later runs)
//
// The first injected fault is reported on standard error ("sitrep-faults: ...").
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using write_fn = ssize_t (*)(int, const void*, size_t);
using pwrite_fn = ssize_t (*)(int, const void*, size_t, off_t);
using pwrite64_fn = ssize_t (*)(int, const void*, size_t, off64_t);
using writev_fn = ssize_t (*)(int, const struct iovec*, int);
using sync_fn = int (*)(int);

struct Config {
  bool active = false;
  std::string dir;  // with a trailing '/'
  int err = ENOSPC;
  bool on_sync = false;
  bool kill = false;  // SIGKILL instead of an error
};

const Config& config() {
  static const Config c = [] {
    Config c;
    const char* dir = std::getenv("SITREP_FAULT_DIR");
    if (!dir || !*dir) return c;
    char real[PATH_MAX];
    c.dir = realpath(dir, real) ? real : dir;
    if (c.dir.back() != '/') c.dir.push_back('/');
    const char* e = std::getenv("SITREP_FAULT_ERRNO");
    c.err = e && std::strcmp(e, "EIO") == 0 ? EIO : ENOSPC;
    const char* on = std::getenv("SITREP_FAULT_ON");
    c.on_sync = on && (std::strcmp(on, "sync") == 0 || std::strcmp(on, "killsync") == 0);
    c.kill = on && (std::strcmp(on, "kill") == 0 || std::strcmp(on, "killsync") == 0);
    c.active = true;
    return c;
  }();
  return c;
}

std::atomic<long long>& budget() {
  static std::atomic<long long> b = [] {
    const char* v = std::getenv("SITREP_FAULT_BYTES");
    return v && *v ? std::atoll(v) : LLONG_MAX;
  }();
  return b;
}

std::atomic<long long> written{0};

// SITREP_FAULT_COUNT: the bytes written, at exit.
struct CountAtExit {
  ~CountAtExit() {
    const char* file = std::getenv("SITREP_FAULT_COUNT");
    if (!file || !*file) return;
    if (FILE* f = std::fopen(file, "w")) {
      std::fprintf(f, "%lld\n", written.load());
      std::fclose(f);
    }
  }
} count_at_exit;

std::atomic<bool> reported{false};

template <typename F>
F real(const char* name) {
  return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}

// True when fd is a file under the fault directory.
bool watched(int fd) {
  const Config& c = config();
  if (!c.active || fd < 0) return false;
  char link[64], path[PATH_MAX];
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  return std::strncmp(path, c.dir.c_str(), c.dir.size()) == 0;
}

void report(const char* what, int fd) {
  if (config().kill) {
    const char msg[] = "sitrep-faults: SIGKILL\n";
    static const write_fn w = real<write_fn>("write");
    (void)!w(2, msg, sizeof msg - 1);
    ::kill(::getpid(), SIGKILL);
  }
  if (reported.exchange(true)) return;
  char link[64], path[PATH_MAX] = "?";
  std::snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t n = readlink(link, path, sizeof path - 1);
  if (n > 0) path[n] = '\0';
  char msg[PATH_MAX + 128];
  const int len = std::snprintf(msg, sizeof msg, "sitrep-faults: %s fails with %s on %s\n", what,
                                config().err == EIO ? "EIO" : "ENOSPC", path);
  static const write_fn w = real<write_fn>("write");
  if (len > 0) (void)!w(2, msg, static_cast<size_t>(len));
}

// How many of n bytes may be written (0 and errno set: none, the fault).
ssize_t allow(int fd, size_t n, const char* what) {
  if (config().on_sync) return static_cast<ssize_t>(n);
  long long left = budget().load();
  for (;;) {
    if (left <= 0) {
      report(what, fd);
      errno = config().err;
      return -1;
    }
    const long long take = std::min<long long>(left, static_cast<long long>(n));
    if (budget().compare_exchange_weak(left, left - take)) return static_cast<ssize_t>(take);
  }
}

// A sync fails once the bytes are used up (written, or refused).
int sync_fault(int fd, const char* what) {
  if (budget().load() > 0) return 0;
  report(what, fd);
  errno = config().err;
  return -1;
}

}  // namespace

// write, pwrite and pwrite64 on a watched file: the call (given the byte count the fault allows),
// then its bytes counted.
template <typename Call>
ssize_t guarded_write(int fd, size_t n, const char* name, Call call) {
  const ssize_t ok = allow(fd, n, name);
  if (ok < 0) return -1;
  const ssize_t r = call(static_cast<size_t>(ok));
  if (r > 0) written += r;
  if (config().on_sync && r > 0) budget() -= r;
  return r;
}

extern "C" {

ssize_t write(int fd, const void* buf, size_t n) {
  static const write_fn w = real<write_fn>("write");
  if (n == 0 || !watched(fd)) return w(fd, buf, n);
  return guarded_write(fd, n, "write", [&](size_t k) { return w(fd, buf, k); });
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
  static const pwrite_fn w = real<pwrite_fn>("pwrite");
  if (n == 0 || !watched(fd)) return w(fd, buf, n, off);
  return guarded_write(fd, n, "pwrite", [&](size_t k) { return w(fd, buf, k, off); });
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off64_t off) {
  static const pwrite64_fn w = real<pwrite64_fn>("pwrite64");
  if (n == 0 || !watched(fd)) return w(fd, buf, n, off);
  return guarded_write(fd, n, "pwrite64", [&](size_t k) { return w(fd, buf, k, off); });
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
  static const writev_fn w = real<writev_fn>("writev");
  size_t n = 0;
  for (int i = 0; i < count; ++i) n += iov[i].iov_len;
  if (n == 0 || !watched(fd)) return w(fd, iov, count);
  // Simplest faithful form: all or nothing.
  if (!config().on_sync && budget().load() < static_cast<long long>(n)) {
    budget() = 0;
    report("writev", fd);
    errno = config().err;
    return -1;
  }
  const ssize_t r = w(fd, iov, count);
  if (r > 0) written += r;
  if (r > 0 && budget().load() != LLONG_MAX) budget() -= r;
  return r;
}

int fsync(int fd) {
  static const sync_fn f = real<sync_fn>("fsync");
  if (watched(fd) && sync_fault(fd, "fsync") < 0) return -1;
  return f(fd);
}

int fdatasync(int fd) {
  static const sync_fn f = real<sync_fn>("fdatasync");
  if (watched(fd) && sync_fault(fd, "fdatasync") < 0) return -1;
  return f(fd);
}

}  // extern "C"
