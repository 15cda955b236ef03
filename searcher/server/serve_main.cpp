// sitrep-serve: a read-only HTTP JSON API over a sitrep index, with the search widget and a demo
// page. The request -> response mapping is http_api.cpp, the HTTP transport (an event loop with
// Boost.Beast) http_server.cpp; this file parses the options, handles signals and wires them.
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_api.h"
#include "http_server.h"
#include "sitrep/paths.h"
#include "sitrep/searcher.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {

std::mutex log_mutex;

void log_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mutex);
  std::cerr << line << std::endl;
}

// The open-file limit bounds the connections: raised now, so that the limits shown (/health) are
// those applied.
void apply_transport_limits(sitrep::server::ApiConfig& config, sitrep::server::HttpServerConfig& http) {
  const std::size_t files = sitrep::server::raise_open_file_limit();
  http.max_connections = std::min(http.max_connections, sitrep::server::max_connections_for(files, http.workers));
  config.transport_limits = {{"max_connections", static_cast<double>(http.max_connections)},
                             {"max_connections_per_client", static_cast<double>(http.max_connections_per_client)},
                             {"request_timeout_ms", http.request_timeout_ms},
                             {"keep_alive_timeout_ms", http.keep_alive_timeout_ms},
                             {"write_timeout_ms", http.write_timeout_ms},
                             {"max_request_line_bytes", static_cast<double>(http.max_request_line)},
                             {"max_header_line_bytes", static_cast<double>(http.max_header_line)},
                             {"max_header_bytes", static_cast<double>(http.max_header_bytes)},
                             {"max_body_bytes", static_cast<double>(http.max_body_bytes)}};
}

// glibc gives each thread that allocates concurrently an arena of its own (up to 8 per core) and
// keeps an arena's freed memory for reuse: with many worker threads, every arena would end up
// holding the peak of a large search (tens of MB on a 100,000-article index). A few arenas
// suffice for the searches that run at once. MALLOC_ARENA_MAX in the environment still wins.
void limit_malloc_arenas(std::size_t searches) {
  if (!std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, static_cast<int>(std::clamp<std::size_t>(searches, 2, 8)));
}

// Signals go to one thread only (sigwait in serve_until_stopped): blocked before any thread starts.
sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return stop_signals;
}

// Serves until SIGTERM or SIGINT (a second one during shutdown exits at once); the exit status.
int serve_until_stopped(sitrep::server::HttpServer& server, const sigset_t& stop_signals) {
  std::atomic<bool> stopping{false};
  std::atomic<bool> serving_done{false};
  std::thread signal_thread([&] {
    const timespec tick{0, 200'000'000};
    while (!serving_done) {
      const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
      if (sig <= 0) continue;
      if (stopping.exchange(true)) {
        log_line("sitrep-serve: second signal, exiting now");
        std::_Exit(1);
      }
      log_line(std::string("sitrep-serve: ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
               ": shutting down (finishing requests in flight)");
      server.stop();
    }
  });
  server.run();  // returns once stop() was called and the requests in flight were answered
  serving_done = true;
  signal_thread.join();
  if (!stopping) {
    std::cerr << "sitrep-serve: the server stopped unexpectedly\n";
    return 1;
  }
  log_line("sitrep-serve: stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string index_dir, data_dir, web_dir, config_file;
  int port = -1;
  std::vector<std::string> cors;
  sitrep::server::ApiConfig config;
  sitrep::server::HttpServerConfig http;
  std::size_t cache_mb = 64;
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t default_parallel = std::max<std::size_t>(2, cores);
  const std::size_t default_io = std::clamp<std::size_t>(cores, 1, 4);
  po::options_description opts(
      "Usage: sitrep-serve --index DIR --port N [options]\n\n"
      "Serves a sitrep index over HTTP (read-only): GET /search, /facets, /geo, /feed.atom,\n"
      "/doc/{id}, /health, /openapi.json, and the search widget (/widget.js, /widget.css, with\n"
      "its map's /world.json) with a demo page at /.\n"
      "A commit by sitrep-index is visible at the next request. SIGTERM or SIGINT stops it.\n"
      "Connections are held by an event loop (--io-threads); searches and document reads run on\n"
      "--threads workers; answers of /search, /facets and /geo are cached per index revision\n"
      "(--cache-mb).\n"
      "--config FILE reads these options from a file too, one 'name = value' a line (e.g.\n"
      "'port = 8080', 'log-queries = true'; # starts a comment line); the command line wins.\n\n"
      "Options");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("config,c", po::value(&config_file), "read options from FILE too (one 'name = value' a line, the long option names; the command line wins)")
      ("index,i", po::value(&index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("port,p", po::value(&port), "TCP port (0: any free port, reported in the start-up line)")
      ("bind", po::value(&http.bind)->default_value("127.0.0.1"), "address to listen on")
      ("data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("threads", po::value(&http.workers)->default_value(64), "worker threads answering /search, /facets and /doc (the event loop never waits on them)")
      ("io-threads", po::value(&http.io_threads)->default_value(default_io), "threads running the event loop (reading, writing, holding connections)")
      ("max-connections", po::value(&http.max_connections)->default_value(10000), "open connections in all; more get 503 with Retry-After and are closed (lowered to fit the open-file limit)")
      ("max-connections-per-client", po::value(&http.max_connections_per_client)->default_value(256), "open connections from one client address; more get 503 with Retry-After and are closed")
      ("request-timeout-ms", po::value(&http.request_timeout_ms)->default_value(10000), "deadline for a whole request (request line, headers and body), from its first byte; then the connection is closed")
      ("keep-alive-timeout-ms", po::value(&http.keep_alive_timeout_ms)->default_value(15000), "an idle connection (before a request, or between keep-alive requests) is closed after this")
      ("write-timeout-ms", po::value(&http.write_timeout_ms)->default_value(10000), "deadline for writing one answer to the client")
      ("listen-backlog", po::value(&http.listen_backlog)->default_value(4096), "connections the kernel may queue before they are accepted (capped by net.core.somaxconn)")
      ("max-concurrent", po::value(&config.max_concurrent)->default_value(32), "searches and document reads in flight; more get 503 with Retry-After")
      ("parallel-searches", po::value(&config.parallel_searches)->default_value(default_parallel),
       "searches run at once; the other admitted requests wait in arrival order (0: no bound)")
      ("cache-mb", po::value(&cache_mb)->default_value(64), "memory for cached answers of /search and /facets, in MB (least recently used go first; a commit empties it; 0: no cache)")
      ("max-query-bytes", po::value(&config.max_query_bytes)->default_value(2048), "longest query q (bytes); longer: 414")
      ("max-page-size", po::value(&config.max_page_size)->default_value(100), "largest size= (hits per page)")
      ("max-page", po::value(&config.max_page)->default_value(100), "deepest page= (the offset stays within 10000 hits)")
      ("time-budget-ms", po::value(&config.time_budget_ms)->default_value(5000), "a search taking longer is stopped and answered 503 time_budget_exceeded (0: no budget)")
      ("cors-origin", po::value(&cors)->composing(), "allow this Origin (scheme://host[:port]) to read answers; repeatable; * allows any")
      ("log-queries", po::bool_switch(&http.log_queries), "log every request (time, status, ms, path and query) on standard error")
      ("web-dir", po::value(&web_dir), "serve the widget files from this directory instead of the copies built in (development)");
  // clang-format on
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-serve", argc, argv, opts, vm, nullptr, nullptr, "config"))
    return *exit;
  if (port < 0 || port > 65535) {
    std::cerr << "sitrep-serve: --port N is required, on the command line or in the --config file (0 to 65535; 0 picks a free port)\n";
    return 2;
  }
  if (http.workers < 1 || http.workers > 1024) {
    std::cerr << "sitrep-serve: --threads must be 1 to 1024\n";
    return 2;
  }
  if (cache_mb > 1024 * 1024) {
    std::cerr << "sitrep-serve: --cache-mb is too large\n";
    return 2;
  }
  http.port = port;
  const std::string& bind = http.bind;
  if (index_dir.empty()) index_dir = sitrep::default_index_dir();
  config.cors_origins = cors;
  config.web_dir = web_dir;
  config.cache_bytes = cache_mb * 1024 * 1024;
  apply_transport_limits(config, http);
  limit_malloc_arenas(config.parallel_searches ? config.parallel_searches : default_parallel);
  const sigset_t stop_signals = block_stop_signals();

  sitrep::SearcherConfig sconfig;
  sconfig.data_dir = data_dir;
  sconfig.limits.max_query_bytes = config.max_query_bytes;
  auto searcher = sitrep::Searcher::open(index_dir, sconfig);
  if (!searcher) {
    std::cerr << "sitrep-serve: " << searcher.status().message() << "\n";
    return 1;
  }
  auto api_or = sitrep::server::Api::create(*searcher, config);
  if (!api_or) {
    std::cerr << "sitrep-serve: " << api_or.status().message() << "\n";
    return 2;
  }
  const sitrep::server::Api& api = **api_or;

  // The event loop: it listens now, serves from run().
  sitrep::server::HttpServer::Handler handler = [&api](std::string_view method, std::string_view target,
                                                       const sitrep::server::Headers& headers) {
    return api.handle_target(method, target, headers);
  };
  auto server_or = sitrep::server::HttpServer::listen(http, std::move(handler), log_line);
  if (!server_or) {
    std::cerr << "sitrep-serve: " << server_or.status().message() << "\n";
    return server_or.status().code() == sitrep::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  sitrep::server::HttpServer& server = **server_or;
  const std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
  log_line("sitrep-serve: listening on http://" + host + ":" + std::to_string(server.port()) + ", index " + index_dir +
           ", " + std::to_string(searcher->document_count()) + " articles");
  return serve_until_stopped(server, stop_signals);
}
