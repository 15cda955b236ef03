// sitrep-serve's HTTP API without sockets: a request (method, request target or path and decoded
// parameters, headers) becomes a response (status, content type, body, extra headers). The
// socket side (serve_main.cpp) only copies requests in and responses out.
//
// Endpoints (GET or HEAD; the contract is README.md's "HTTP server" section and openapi.json):
//   /search?q=&facet=NAME:ID&sort=&page=&size=&histogram=&histogram_by=&now=&format=json|csv
//   /feed.atom?(the parameters of /search but format; sort=newest unless given): an Atom 1.0 feed
//   /facets?q=&facet=&now=     /doc/{id}     /health     /openapi.json
//   /, /widget.js, /widget.css and the other files of searcher/web/ (embedded, or --web-dir)
// Every error is JSON: {"error": {"status": 400, "code": "invalid_argument", "message": "..."}}.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/searcher.h"
#include "sitrep/status.h"

namespace sitrep::server {

class ResultCache;

// Header names compare case-insensitively; parameters keep their request order.
using Headers = std::vector<std::pair<std::string, std::string>>;
using Params = std::vector<std::pair<std::string, std::string>>;

struct ApiConfig {
  std::size_t max_concurrent = 32;  // /search, /facets, /geo and /doc requests in flight; more: 503
  // Searches (/search, /facets) that run at once; the other admitted ones wait their turn in
  // arrival order. Bounds CPU contention and memory (a search over a large match set holds
  // tens of MB while it counts facets). 0: no bound beyond max_concurrent.
  std::size_t parallel_searches = 0;
  std::size_t max_query_bytes = 2048;     // q longer than this: 414 limit_exceeded
  std::size_t max_page_size = 100;        // size=
  std::size_t max_page = 100;             // page= (also bounded by the searcher's offset limit, 10000)
  std::size_t max_facet_params = 16;      // facet= parameters in one request
  std::size_t max_params = 64;            // parameters in one request
  // Time budget of one search (ms, from when it starts, after any wait for a slot); over it: 503
  // time_budget_exceeded. 0: none.
  double time_budget_ms = 5000;
  std::vector<std::string> cors_origins;  // allowed Origin values; "*" allows every origin
  std::string web_dir;                    // serve the widget files from here; empty: embedded copies
  // Memory for cached answers of /search and /facets (ResultCache, result_cache.h); 0: none.
  std::size_t cache_bytes = 0;
  // Limits applied outside the API (by the transport: connections, deadlines), listed with the
  // API's own in openapi.json's info.x-limits.
  std::vector<std::pair<std::string, double>> transport_limits;
};

struct ApiResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  Headers headers;  // besides Content-Type and Content-Length

  // The first header of that name (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

// Strict percent-decoding: '%' must be followed by two hex digits; with plus_is_space (query
// strings), '+' is a space. The result must be UTF-8 without NUL bytes.
Result<std::string> percent_decode(std::string_view s, bool plus_is_space);
// The inverse, for building query strings: every byte but A-Z a-z 0-9 - _ . ~ as %XX.
std::string percent_encode(std::string_view s);

// A request target ("/search?q=a+b&page=2") split into its path (still percent-encoded) and
// its decoded parameters.
struct Target {
  std::string path;
  Params params;
};
Result<Target> split_target(std::string_view target, std::size_t max_params = 64);

// {"error": {"status": S, "code": C, "message": M}} as a complete response (JSON, no caching,
// security headers).
ApiResponse error_response(int status, std::string_view code, std::string_view message);

// Whether a request never searches, so the transport's event loop may answer it itself: methods
// the API refuses or answers at once (OPTIONS), /, /health, /openapi.json and plain file names
// (the widget files). Anything else (/search, /facets, /geo, /feed.atom, /doc/{id}, and any
// percent-encoded path, which the API decodes) goes to a worker.
bool answers_quickly(std::string_view method, std::string_view target);
// The error code of an HTTP status produced outside the API (by the HTTP library): 400
// bad_request, 404 not_found, 413/414/431 limit_exceeded, 503 overloaded, 5xx internal.
std::string_view error_code_for_status(int status);

// Bounds the requests in flight: enter() hands out a ticket while fewer than the limit are out.
class ConcurrencyGate {
 public:
  explicit ConcurrencyGate(std::size_t limit) : limit_(limit) {}
  class Ticket {
   public:
    explicit Ticket(ConcurrencyGate* gate) : gate_(gate) {}
    Ticket(Ticket&& o) noexcept : gate_(std::exchange(o.gate_, nullptr)) {}
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    ~Ticket() {
      if (gate_) gate_->in_flight_.fetch_sub(1);
    }

   private:
    ConcurrencyGate* gate_;
  };
  std::optional<Ticket> enter();
  std::size_t in_flight() const { return in_flight_.load(); }
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::atomic<std::size_t> in_flight_{0};
};

// A counting semaphore that grants in arrival order (first come, first served).
class FifoSemaphore {
 public:
  explicit FifoSemaphore(std::size_t count) : free_(count) {}
  void acquire();
  void release();
  std::size_t waiting() const;
  // acquire() now, release() at the end of the scope.
  class Hold {
   public:
    explicit Hold(FifoSemaphore* s) : s_(s) {
      if (s_) s_->acquire();
    }
    ~Hold() {
      if (s_) s_->release();
    }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

   private:
    FifoSemaphore* s_;
  };

 private:
  struct Waiter {
    std::condition_variable cv;
    bool granted = false;
  };
  mutable std::mutex m_;
  std::size_t free_;
  std::deque<Waiter*> waiters_;
};

class Api {
 public:
  // Checks the configuration and prepares the OpenAPI document (with the configured limits).
  // The searcher must outlive the Api.
  static Result<std::unique_ptr<Api>> create(const Searcher& searcher, ApiConfig config);

  // A request as received: method, raw request target, headers.
  ApiResponse handle_target(std::string_view method, std::string_view target, const Headers& headers) const;
  // A request whose target is already split: path as sent (percent-encoded; each segment is
  // decoded strictly), parameters decoded.
  ApiResponse handle(std::string_view method, std::string_view path, const Params& params,
                     const Headers& headers) const;

  const ApiConfig& config() const { return config_; }
  ConcurrencyGate& gate() const { return gate_; }
  const std::string& openapi() const { return openapi_; }
  // Null when config().cache_bytes is 0.
  const ResultCache* cache() const { return cache_.get(); }

  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;
  ~Api();

 private:
  Api(const Searcher& searcher, ApiConfig config);
  ApiResponse route(std::string_view method, std::string_view path, const Params& params, const Headers& headers) const;
  // How /search answers (format=json|csv) and /feed.atom (always atom).
  enum class Output { kJson, kCsv, kAtom };
  ApiResponse search(const Params& params, bool feed) const;
  ApiResponse run_search(const std::string& q, const SearchOptions& options, Output output, std::size_t page,
                         std::size_t size, std::size_t max_page, const std::string& self) const;
  ApiResponse facets(const Params& params) const;
  ApiResponse geo(const Params& params) const;
  ApiResponse document(std::string_view id) const;
  ApiResponse health() const;
  ApiResponse static_file(std::string_view name) const;
  void add_cors(ApiResponse& r, const Headers& headers) const;
  std::optional<std::string> allowed_origin(const Headers& headers) const;

  const Searcher& searcher_;
  ApiConfig config_;
  std::string openapi_;
  mutable ConcurrencyGate gate_;
  std::unique_ptr<FifoSemaphore> search_slots_;  // null: parallel_searches == 0
  std::unique_ptr<ResultCache> cache_;            // null: cache_bytes == 0
};

}  // namespace sitrep::server
