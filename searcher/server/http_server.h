// sitrep-serve's transport: HTTP/1.1 on an event loop (Boost.Beast on Asio), independent of what
// the requests mean. A few I/O threads hold every connection (reading, writing, waiting on idle
// keep-alive ones) and never wait on a search: requests that may search (/search, /facets, /doc)
// are handed to a bounded pool of worker threads, whose answer is written back by the loop.
//
// Protection against slow and idle clients: a deadline for a whole request (request line,
// headers and body together, from its first byte), an idle timeout for keep-alive connections,
// a deadline for writing an answer, a cap on open connections in total and per client address
// (over it: 503 with Retry-After, then close), and the request line, header and body limits of
// README.md's "HTTP server" section (414, 400, 431, 413, each with the API's JSON error body).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "http_api.h"
#include "sitrep/status.h"

namespace sitrep::server {

struct HttpServerConfig {
  std::string bind = "127.0.0.1";
  int port = 0;                             // 0: any free port (HttpServer::port() names it)
  std::size_t io_threads = 2;               // threads running the event loop
  std::size_t workers = 64;                 // threads answering requests that may search
  std::size_t max_connections = 10000;      // open connections in all; more: 503 and close
  std::size_t max_connections_per_client = 256;  // open connections from one address
  double request_timeout_ms = 10000;        // a whole request, from its first byte
  double keep_alive_timeout_ms = 15000;     // idle between requests (and before the first)
  double write_timeout_ms = 10000;          // writing one answer
  int listen_backlog = 4096;                // pending connections the kernel may queue
  std::size_t max_request_line = 8192;      // longer: 414
  std::size_t max_header_line = 8192;       // a longer header line: 400
  std::size_t max_header_bytes = 64 * 1024;  // request line and headers in all; more: 431
  std::size_t max_body_bytes = 64 * 1024;   // longer body: 413
  bool log_queries = false;                 // log every request, not only 5xx answers
};

class HttpServer {
 public:
  // One request as received -> its answer. Called on a worker thread for requests that may
  // search and on an I/O thread for the others (method not GET/HEAD, /, /health, /openapi.json,
  // the widget files), so it must be safe to call from several threads at once.
  using Handler = std::function<ApiResponse(std::string_view method, std::string_view target, const Headers&)>;
  // Receives each log line (start-up, shutdown, and requests as HttpServerConfig::log_queries says).
  using Logger = std::function<void(const std::string&)>;

  // Binds and listens (nothing is served until run()). Fails with a message when the address
  // cannot be used.
  static Result<std::unique_ptr<HttpServer>> listen(const HttpServerConfig& config, Handler handler, Logger logger);

  int port() const;
  // Limits as applied (max_connections may be lowered to fit the open-file limit).
  const HttpServerConfig& config() const;
  // Serves until stop(): then no new connections are taken, idle and half-read ones are closed,
  // requests being answered finish (with Connection: close), and run() returns.
  void run();
  // Safe from any thread (not from a signal handler).
  void stop();

  // Connections open now (for tests and logs).
  std::size_t connections() const;

  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Raises the soft open-file limit (RLIMIT_NOFILE) to the hard one; returns the soft limit now.
std::size_t raise_open_file_limit();
// The connections that fit in that many open files, leaving room for the index and the workers.
std::size_t max_connections_for(std::size_t open_files, std::size_t workers);

}  // namespace sitrep::server
