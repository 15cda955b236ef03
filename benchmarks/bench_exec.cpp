// sitrep-bench-exec: runs a command and reports its wall time, CPU time and peak resident memory
// (ru_maxrss of the child and its waited-for descendants, from wait4), without GNU time.
//
//   sitrep-bench-exec [--json FILE] [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]
//
// The command inherits standard input and, unless redirected, standard output and error. The
// figures go to FILE as one JSON object (else to standard error as one line):
//   {"wall_s": 12.3, "user_s": 20.1, "sys_s": 1.2, "max_rss_kb": 345678, "exit_status": 0}
// exit_status is the command's own (128 + N when killed by signal N); the tool exits with it, or
// with 127 when the command cannot be started.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr const char* kProg = "sitrep-bench-exec";

void usage() {
  std::fprintf(stderr, "usage: %s [--json FILE] [--stdout FILE] [--stderr FILE] -- COMMAND [ARGS...]\n", kProg);
}

double seconds(const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; }

}  // namespace

int main(int argc, char** argv) {
  std::string json_path, out_path, err_path;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if ((a == "--json" || a == "--stdout" || a == "--stderr") && i + 1 < argc) {
      (a == "--json" ? json_path : a == "--stdout" ? out_path : err_path) = argv[++i];
    } else {
      usage();
      return 2;
    }
  }
  if (i >= argc) {
    usage();
    return 2;
  }
  std::vector<char*> args(argv + i, argv + argc);
  args.push_back(nullptr);

  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) {
    std::fprintf(stderr, "%s: fork: %s\n", kProg, std::strerror(errno));
    return 127;
  }
  if (pid == 0) {
    auto redirect = [](const std::string& path, int fd) {
      if (path.empty()) return true;
      const int f = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (f < 0 || dup2(f, fd) < 0) return false;
      return true;
    };
    if (!redirect(out_path, STDOUT_FILENO) || !redirect(err_path, STDERR_FILENO)) {
      std::fprintf(stderr, "%s: cannot redirect output: %s\n", kProg, std::strerror(errno));
      _exit(127);
    }
    execvp(args[0], args.data());
    std::fprintf(stderr, "%s: %s: %s\n", kProg, args[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "%s: wait4: %s\n", kProg, std::strerror(errno));
      return 127;
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 127;

  char line[256];
  std::snprintf(line, sizeof line,
                "{\"wall_s\": %.3f, \"user_s\": %.3f, \"sys_s\": %.3f, \"max_rss_kb\": %ld, \"exit_status\": %d}\n", wall,
                seconds(ru.ru_utime), seconds(ru.ru_stime), ru.ru_maxrss, code);
  if (json_path.empty()) {
    std::fputs(line, stderr);
  } else {
    std::FILE* f = std::fopen(json_path.c_str(), "w");
    bool written = f && std::fputs(line, f) >= 0;
    if (f && std::fclose(f) != 0) written = false;
    if (!written) {
      std::fprintf(stderr, "%s: %s: cannot write\n", kProg, json_path.c_str());
      return 127;
    }
  }
  return code;
}
