// sitrep-load: N keep-alive clients send a query mix to sitrep-serve for S seconds, then it reports
// requests/s, latency percentiles and the answers that were not 2xx, by status.
//
//   sitrep-load --port N [--host 127.0.0.1] [--clients 50] [--seconds 30] --queries FILE
//               [--slow-clients N] [--idle-clients N] [--new-connections]
//
// --slow-clients holds N more connections that send half a request and wait (renewed when the
// server drops them), --idle-clients N connections idle after one keep-alive request: the
// figures are then those of the measured clients beside them (slow_clients.h).
//
// The mix, per request: 55% a query of FILE, 20% the same with a facet drill-down (values taken
// from /facets at start), 10% page 2 or 3, 10% /facets, 5% /doc/{id} of a hit seen at start.
// Query lines: '#' comments and blank lines are skipped; anything up to a TAB is a class label.
#include <httplib.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>
#include "cli.h"
#include "http_api.h"
#include "slow_clients.h"

namespace po = boost::program_options;
using Clock = std::chrono::steady_clock;

namespace {

struct ThreadStats {
  std::vector<double> ms;
  std::map<int, std::uint64_t> status;  // non-2xx answers
  std::uint64_t failures = 0;           // no answer (connection error, timeout)
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1", queries_file;
  int port = 0;
  std::size_t clients = 50;
  double seconds = 30;
  bool allow_503 = false, new_connections = false;
  std::size_t slow_clients = 0, idle_clients = 0;
  po::options_description opts("Usage: sitrep-load --port N --queries FILE [options]\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("host", po::value(&host)->default_value("127.0.0.1"), "server address")
      ("port", po::value(&port), "server port")
      ("clients", po::value(&clients)->default_value(50), "concurrent keep-alive clients (threads)")
      ("seconds", po::value(&seconds)->default_value(30), "duration")
      ("queries", po::value(&queries_file), "query file (benchmarks/queries.txt)")
      ("allow-503", po::bool_switch(&allow_503), "503 (load shed by --max-concurrent) does not fail the run")
      ("slow-clients", po::value(&slow_clients)->default_value(0), "also hold this many connections that send half a request and wait")
      ("idle-clients", po::value(&idle_clients)->default_value(0), "also hold this many idle keep-alive connections")
      ("new-connections", po::bool_switch(&new_connections), "a new connection for every request (no keep-alive)");
  // clang-format on
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-load", argc, argv, opts, vm)) return *exit;
  if (port <= 0 || queries_file.empty() || clients == 0 || clients > 1000 || seconds <= 0) {
    std::cerr << "sitrep-load: --port, --queries, --clients (1-1000) and --seconds (> 0) are required\n";
    return 2;
  }
  if (rlimit rl{}; getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
    rl.rlim_cur = rl.rlim_max;  // the slow and idle clients hold a descriptor each
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  std::ifstream in(queries_file);
  if (!in) {
    std::cerr << "sitrep-load: cannot read " << queries_file << "\n";
    return 1;
  }
  std::vector<std::string> queries;
  for (std::string line; std::getline(in, line);) {
    if (const auto tab = line.find('\t'); tab != std::string::npos) line = line.substr(tab + 1);
    if (line.empty() || line[0] == '#') continue;
    queries.push_back(line);
  }
  if (queries.empty()) {
    std::cerr << "sitrep-load: no queries in " << queries_file << "\n";
    return 1;
  }

  // Drill-down values and document ids from the server itself.
  std::vector<std::string> drill, ids;
  {
    httplib::Client c(host, port);
    c.set_read_timeout(60, 0);
    auto r = c.Get("/search?size=50&histogram=none");
    if (!r || r->status != 200) {
      std::cerr << "sitrep-load: the server does not answer /search at " << host << ":" << port << "\n";
      return 1;
    }
    const auto j = nlohmann::json::parse(r->body, nullptr, false);
    if (j.is_object()) {
      for (const char* f : {"actor", "place", "region", "country", "month", "source"})
        if (j["facets"].contains(f))
          for (const auto& v : j["facets"][f]) drill.push_back(std::string(f) + ":" + v["id"].get<std::string>());
      for (const auto& h : j["hits"]) ids.push_back(h["id"].get<std::string>());
    }
  }

  // Slow and idle connections beside the measured clients, given a few seconds to build up.
  std::unique_ptr<sitrep::load::SlowClients> slow, idle;
  if (slow_clients > 0)
    slow = std::make_unique<sitrep::load::SlowClients>(port, slow_clients, sitrep::load::SlowClients::Kind::kHalfRequest, host);
  if (idle_clients > 0)
    idle = std::make_unique<sitrep::load::SlowClients>(port, idle_clients, sitrep::load::SlowClients::Kind::kIdleKeepAlive, host);
  if (slow || idle) {
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < until && (slow ? slow->open() : 0) + (idle ? idle->open() : 0) < slow_clients + idle_clients)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }

  std::vector<ThreadStats> stats(clients);
  std::atomic<bool> stop{false};
  // Every client connects first (one /health each, not counted), then all start together: the
  // figures are those of kept-alive connections, not of connection set-up.
  std::latch connected(static_cast<std::ptrdiff_t>(clients) + 1);
  Clock::time_point start, deadline;
  std::vector<std::thread> workers;
  for (std::size_t t = 0; t < clients; ++t) {
    workers.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(1234 + t));
      httplib::Client c(host, port);
      c.set_keep_alive(!new_connections);
      c.set_read_timeout(60, 0);
      c.set_connection_timeout(10, 0);
      auto& st = stats[t];
      if (!c.Get("/health")) ++st.failures;
      connected.arrive_and_wait();
      while (!stop && Clock::now() < deadline) {
        const std::string& q = queries[rng() % queries.size()];
        const unsigned pick = rng() % 100;
        std::string path;
        if (pick < 55) {
          path = "/search?q=" + sitrep::server::percent_encode(q);
        } else if (pick < 75 && !drill.empty()) {
          path = "/search?q=" + sitrep::server::percent_encode(q) + "&facet=" + sitrep::server::percent_encode(drill[rng() % drill.size()]);
        } else if (pick < 85) {
          path = "/search?q=" + sitrep::server::percent_encode(q) + "&page=" + std::to_string(2 + rng() % 2);
        } else if (pick < 95 || ids.empty()) {
          path = "/facets?q=" + sitrep::server::percent_encode(q);
        } else {
          path = "/doc/" + sitrep::server::percent_encode(ids[rng() % ids.size()]);
        }
        const auto t0 = Clock::now();
        auto r = c.Get(path.c_str());
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        if (!r) {
          ++st.failures;
          continue;
        }
        st.ms.push_back(ms);
        if (r->status < 200 || r->status > 299) ++st.status[r->status];
      }
    });
  }
  start = Clock::now();
  deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  connected.arrive_and_wait();  // start and deadline are written before the clients read them
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto* h : {slow.get(), idle.get()})
    if (h)
      std::printf("%s   %zu open at the end, %llu opened, %llu dropped by the server, %llu failed\n",
                  h == slow.get() ? "slow clients: " : "idle clients: ", h->open(),
                  static_cast<unsigned long long>(h->opened()), static_cast<unsigned long long>(h->dropped()),
                  static_cast<unsigned long long>(h->failed()));
  slow.reset();
  idle.reset();

  std::vector<double> all;
  std::map<int, std::uint64_t> status;
  std::uint64_t failures = 0;
  for (auto& s : stats) {
    all.insert(all.end(), s.ms.begin(), s.ms.end());
    for (const auto& [k, v] : s.status) status[k] += v;
    failures += s.failures;
  }
  const double mean = all.empty() ? 0 : [&] {
    double sum = 0;
    for (double v : all) sum += v;
    return sum / static_cast<double>(all.size());
  }();
  const double p50 = percentile(all, 50), p90 = percentile(all, 90), p99 = percentile(all, 99);
  const double max = all.empty() ? 0 : *std::max_element(all.begin(), all.end());
  std::uint64_t errors5xx = 0, non2xx = 0, shed = 0;
  std::string by_status;
  for (const auto& [k, v] : status) {
    non2xx += v;
    if (k >= 500) errors5xx += v;
    if (k == 503) shed += v;
    by_status += (by_status.empty() ? "" : ", ") + std::to_string(k) + ": " + std::to_string(v);
  }
  std::printf("clients:         %zu, %.1f s, %zu queries in the mix, %zu drill-down values\n", clients, elapsed,
              queries.size(), drill.size());
  const double ok = static_cast<double>(all.size() - non2xx);
  std::printf("requests:        %zu answered, %.1f requests/s (2xx: %.0f, %.1f/s)\n", all.size(),
              static_cast<double>(all.size()) / elapsed, ok, ok / elapsed);
  std::printf("latency:         p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, mean %.1f ms\n", p50, p90, p99, max,
              mean);
  std::printf("non-2xx:         %llu%s%s%s (5xx: %llu)\n", static_cast<unsigned long long>(non2xx),
              by_status.empty() ? "" : " (", by_status.c_str(), by_status.empty() ? "" : ")",
              static_cast<unsigned long long>(errors5xx));
  std::printf("no answer:       %llu\n", static_cast<unsigned long long>(failures));
  const std::uint64_t failing5xx = allow_503 ? errors5xx - shed : errors5xx;
  return failing5xx == 0 && failures == 0 ? 0 : 1;
}
