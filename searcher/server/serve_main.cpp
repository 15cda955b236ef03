// sitrep-serve: a read-only HTTP JSON API over a sitrep index, with the search widget and a demo
// page. The request -> response mapping is http_api.cpp; this file wires it to cpp-httplib,
// handles signals and logs.
#include <httplib.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "http_api.h"
#include "sitrep/date.h"
#include "sitrep/paths.h"
#include "sitrep/searcher.h"
#include "cli.h"

namespace po = boost::program_options;

namespace {

using Clock = std::chrono::steady_clock;

std::mutex log_mutex;

void log_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mutex);
  std::cerr << line << std::endl;
}

// A request target for the log: at most 1000 bytes, control and non-ASCII bytes as \xHH (so a
// request cannot forge log lines or garble the terminal).
std::string printable(std::string_view s) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < s.size() && i < 1000; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f || c == '\\') {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  if (s.size() > 1000) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out;
}

// When the request being answered on this thread started (for --log-queries).
thread_local std::optional<Clock::time_point> request_start;

void copy_response(const sitrep::server::ApiResponse& a, httplib::Response& res) {
  res.status = a.status;
  for (const auto& [k, v] : a.headers) res.set_header(k, v);
  if (a.status == 204)
    res.body.clear();
  else
    res.set_content(a.body, a.content_type);
}

}  // namespace

int main(int argc, char** argv) {
  std::string index_dir, data_dir, bind = "127.0.0.1", web_dir;
  int port = -1;
  std::size_t threads = 64;
  std::vector<std::string> cors;
  bool log_queries = false;
  sitrep::server::ApiConfig config;
  const std::size_t default_parallel = std::max(2u, std::thread::hardware_concurrency());
  po::options_description opts(
      "Usage: sitrep-serve --index DIR --port N [options]\n\n"
      "Serves a sitrep index over HTTP (read-only): GET /search, /facets, /doc/{id}, /health,\n"
      "/openapi.json, and the search widget (/widget.js, /widget.css) with a demo page at /.\n"
      "A commit by sitrep-index is visible at the next request. SIGTERM or SIGINT stops it.\n\nOptions");
  // clang-format off
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir), "index directory (default: $SITREP_INDEX, else ~/.local/share/sitrep/index)")
      ("port,p", po::value(&port), "TCP port (0: any free port, reported in the start-up line)")
      ("bind", po::value(&bind)->default_value("127.0.0.1"), "address to listen on")
      ("data", po::value(&data_dir), "gazetteer directory (default: $SITREP_DATA_DIR or the built-in one)")
      ("threads", po::value(&threads)->default_value(64), "worker threads (each serves one connection at a time)")
      ("max-concurrent", po::value(&config.max_concurrent)->default_value(32), "searches and document reads in flight; more get 503 with Retry-After")
      ("parallel-searches", po::value(&config.parallel_searches)->default_value(default_parallel),
       "searches run at once; the other admitted requests wait in arrival order (0: no bound)")
      ("max-query-bytes", po::value(&config.max_query_bytes)->default_value(2048), "longest query q (bytes); longer: 414")
      ("max-page-size", po::value(&config.max_page_size)->default_value(100), "largest size= (hits per page)")
      ("max-page", po::value(&config.max_page)->default_value(100), "deepest page= (the offset stays within 10000 hits)")
      ("time-budget-ms", po::value(&config.time_budget_ms)->default_value(5000), "a search taking longer is stopped and answered 503 time_budget_exceeded (0: no budget)")
      ("cors-origin", po::value(&cors)->composing(), "allow this Origin (scheme://host[:port]) to read answers; repeatable; * allows any")
      ("log-queries", po::bool_switch(&log_queries), "log every request (time, status, ms, path and query) on standard error")
      ("web-dir", po::value(&web_dir), "serve the widget files from this directory instead of the copies built in (development)");
  // clang-format on
  po::variables_map vm;
  if (auto exit = sitrep::tools::parse_command_line("sitrep-serve", argc, argv, opts, vm)) return *exit;
  if (port < 0 || port > 65535) {
    std::cerr << "sitrep-serve: --port N is required (0 to 65535; 0 picks a free port)\n";
    return 2;
  }
  if (threads < 1 || threads > 1024) {
    std::cerr << "sitrep-serve: --threads must be 1 to 1024\n";
    return 2;
  }
  if (index_dir.empty()) index_dir = sitrep::default_index_dir();
  config.cors_origins = cors;
  config.web_dir = web_dir;

  // glibc gives each thread that allocates concurrently an arena of its own (up to 8 per core) and
  // keeps an arena's freed memory for reuse: with one worker thread per connection, every arena
  // ends up holding the peak of a large search (tens of MB on a 100,000-article index), and the
  // resident size grows with the number of connections. A few arenas suffice for the searches
  // that run at once. MALLOC_ARENA_MAX in the environment still wins.
  if (!std::getenv("MALLOC_ARENA_MAX")) {
    const std::size_t searches = config.parallel_searches ? config.parallel_searches : default_parallel;
    mallopt(M_ARENA_MAX, static_cast<int>(std::clamp<std::size_t>(searches, 2, 8)));
  }

  // Signals go to one thread only (sigwait below): block them before any thread starts.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

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

  httplib::Server svr;
  // httplib owns the queue it gets from this factory (its interface takes a raw pointer).
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  svr.set_keep_alive_max_count(1000);
  svr.set_keep_alive_timeout(2);
  svr.set_read_timeout(5);
  svr.set_write_timeout(5);
  svr.set_payload_max_length(64 * 1024);  // bodies are refused anyway (405), after being read
  svr.set_tcp_nodelay(true);
  svr.set_default_headers({{"X-Content-Type-Options", "nosniff"}});

  auto answer = [&api](const httplib::Request& req, httplib::Response& res) {
    sitrep::server::Headers headers(req.headers.begin(), req.headers.end());
    auto a = api.handle_target(req.method, req.target, headers);
    // X-Content-Type-Options comes with the default headers.
    std::erase_if(a.headers, [](const auto& h) { return h.first == "X-Content-Type-Options"; });
    copy_response(a, res);
  };
  // Every request goes through the API here, before httplib's own routing; requests with a body
  // are answered after httplib has read it (below, up to the payload limit), so that the
  // connection stays in step.
  svr.set_pre_routing_handler([&answer](const httplib::Request& req, httplib::Response& res) {
    request_start = Clock::now();
    const bool has_body = req.has_header("Transfer-Encoding") ||
                          (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
    if (has_body && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH" || req.method == "DELETE"))
      return httplib::Server::HandlerResponse::Unhandled;
    answer(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Post(".*", answer);
  svr.Put(".*", answer);
  svr.Patch(".*", answer);
  svr.Delete(".*", answer);
  // Errors httplib finds itself (malformed request line or header, URI over 8 KB, body over the
  // limit) get the same JSON body as the API's.
  svr.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    std::string message = res.status == 414   ? "the request line is longer than 8192 bytes"
                          : res.status == 413 ? "request bodies are not accepted"
                          : res.status == 400 ? "malformed request, or a header line longer than 8192 bytes"
                                              : "the request could not be answered";
    auto a = sitrep::server::error_response(res.status, sitrep::server::error_code_for_status(res.status), message);
    std::erase_if(a.headers, [](const auto& h) { return h.first == "X-Content-Type-Options"; });
    copy_response(a, res);
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    auto a = sitrep::server::error_response(500, "internal", "internal error");
    std::erase_if(a.headers, [](const auto& h) { return h.first == "X-Content-Type-Options"; });
    copy_response(a, res);
  });
  // --log-queries: every request. Otherwise only server errors (5xx), without the query string.
  svr.set_logger([log_queries](const httplib::Request& req, const httplib::Response& res) {
    std::string ms = "-";
    if (request_start) {
      const double d = std::chrono::duration<double, std::milli>(Clock::now() - *request_start).count();
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1fms", d);
      ms = buf;
    }
    request_start.reset();
    if (!log_queries && res.status < 500) return;
    const std::string_view target = req.target;
    log_line(sitrep::utc_timestamp() + " " + std::to_string(res.status) + " " + ms + " " + printable(req.method) + " " +
             printable(log_queries ? target : target.substr(0, target.find('?'))));
  });

  int bound = port;
  if (port == 0) {
    bound = svr.bind_to_any_port(bind);
    if (bound < 0) bound = 0;
  } else if (!svr.bind_to_port(bind, port)) {
    bound = 0;
  }
  if (bound <= 0) {
    std::cerr << "sitrep-serve: cannot listen on " << bind << ":" << port << " (address in use or not local?)\n";
    return 1;
  }

  std::atomic<bool> stopping{false};
  std::atomic<bool> listening_done{false};
  std::thread signal_thread([&] {
    // Wait for SIGTERM/SIGINT; a second one during shutdown exits at once.
    const timespec tick{0, 200'000'000};
    while (!listening_done) {
      const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
      if (sig <= 0) continue;
      if (stopping.exchange(true)) {
        log_line("sitrep-serve: second signal, exiting now");
        std::_Exit(1);
      }
      log_line(std::string("sitrep-serve: ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") +
               ": shutting down (finishing requests in flight)");
      svr.stop();
    }
  });

  const std::string host = bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
  log_line("sitrep-serve: listening on http://" + host + ":" + std::to_string(bound) + ", index " + index_dir + ", " +
           std::to_string(searcher->document_count()) + " articles");
  const bool ok = svr.listen_after_bind();  // returns once stop() was called and workers finished
  listening_done = true;
  signal_thread.join();
  if (!stopping) {
    std::cerr << "sitrep-serve: the server stopped unexpectedly\n";
    return 1;
  }
  (void)ok;
  log_line("sitrep-serve: stopped");
  return 0;
}
