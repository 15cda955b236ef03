// sitrep-serve's transport: HTTP/1.1 with Boost.Beast on an Asio event loop (see http_server.h).
#include "http_server.h"

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sitrep/date.h"

namespace sitrep::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::chrono::milliseconds millis(double ms) { return std::chrono::milliseconds(static_cast<long long>(ms)); }

// A request target or method for the log: at most 1000 bytes, control and non-ASCII bytes as
// \xHH (so a request cannot forge log lines or garble the terminal).
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

// The status for a request whose request line and headers outgrew max_header_bytes: a request
// line over its limit 414, a header line over its limit 400 (as a malformed request), otherwise
// 431. Beast's parser has taken what it could parse (the request line, maybe some fields) out of
// the buffer into the message; the buffer holds the rest.
template <typename Request>
int oversized_header_status(const Request& req, std::string_view data, const HttpServerConfig& c) {
  bool first_is_request_line = true;
  if (!req.method_string().empty() || !req.target().empty()) {
    first_is_request_line = false;
    if (req.method_string().size() + req.target().size() + 10 > c.max_request_line) return 414;
    for (const auto& f : req)
      if (f.name_string().size() + 2 + f.value().size() > c.max_header_line) return 400;
  }
  std::size_t pos = 0;
  while (pos < data.size()) {
    const auto next = data.find('\n', pos);
    const std::size_t len = (next == std::string_view::npos ? data.size() : next) - pos;
    if (first_is_request_line && len > c.max_request_line) return 414;
    if (!first_is_request_line && len > c.max_header_line) return 400;
    first_is_request_line = false;
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  return 431;
}

std::string transport_error_message(int status, const HttpServerConfig& c) {
  switch (status) {
    case 414:
      return "the request line is longer than " + std::to_string(c.max_request_line) + " bytes";
    case 431:
      return "the request line and headers are longer than " + std::to_string(c.max_header_bytes) + " bytes";
    case 413:
      return "request bodies are not accepted";
    case 400:
      return "malformed request, or a header line longer than " + std::to_string(c.max_header_line) + " bytes";
    default:
      return "the request could not be answered";
  }
}

class Session;

}  // namespace

struct HttpServer::Impl {
  Impl(const HttpServerConfig& c, Handler h, Logger l)
      : config(c), handler(std::move(h)), logger(std::move(l)), acceptor(asio::make_strand(ioc)),
        accept_retry(acceptor.get_executor()), drain_timer(acceptor.get_executor()), pool(c.workers) {}

  void log(const std::string& line) const {
    if (logger) logger(line);
  }
  ApiResponse call(std::string_view method, std::string_view target, const Headers& headers) const {
    try {
      return handler(method, target, headers);
    } catch (const std::exception&) {
      return error_response(500, "internal", "internal error");
    }
  }
  void do_accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void reject(tcp::socket socket);
  void stop();
  void check_drained();

  HttpServerConfig config;
  Handler handler;
  Logger logger;
  std::string reject_bytes;  // the whole 503 answer for a connection over a cap
  int port = 0;

  mutable std::mutex m;  // guards what follows
  std::size_t open = 0;
  std::unordered_map<std::string, std::size_t> per_client;
  std::unordered_map<const Session*, std::weak_ptr<Session>> sessions;

  std::atomic<bool> stopping{false};
  Clock::time_point drain_deadline;

  // Declared after what the sessions use (destroyed before it): destroying the io_context
  // destroys the handlers it still holds, and with them their sessions.
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  tcp::acceptor acceptor;          // on a strand of its own, like the timers below
  asio::steady_timer accept_retry;  // after accept() failed for want of file descriptors
  asio::steady_timer drain_timer;   // polls for the end of the requests in flight at stop()
  asio::thread_pool pool;           // the workers; joined (destroyed) before the io_context
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(HttpServer::Impl& server, tcp::socket socket, std::string client)
      : server_(server), stream_(std::move(socket)), buffer_(kBufferMax), client_(std::move(client)) {}
  ~Session() {
    std::lock_guard<std::mutex> lock(server_.m);
    server_.sessions.erase(this);
    --server_.open;
    auto it = server_.per_client.find(client_);
    if (it != server_.per_client.end() && --it->second == 0) server_.per_client.erase(it);
  }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    {
      std::lock_guard<std::mutex> lock(server_.m);
      server_.sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->wait_for_request(); });
  }
  auto executor() { return stream_.get_executor(); }

  // At stop(), on this connection's strand: a connection waiting for or reading a request is
  // closed; one being answered gets its answer, with Connection: close.
  void on_stop() {
    if (state_ == State::kIdle || state_ == State::kReading) close();
    keep_alive_ = false;
  }

 private:
  static constexpr std::size_t kBufferMax = 1 << 20;
  static constexpr std::size_t kDrainMax = 1 << 20;
  enum class State { kIdle, kReading, kAnswering, kClosing };

  const HttpServerConfig& config() const { return server_.config; }

  // Keep-alive: wait for the first byte of the next request (at most the idle timeout); the
  // whole request then has its own deadline.
  void wait_for_request() {
    state_ = State::kIdle;
    if (server_.stopping) return close();
    if (buffer_.size() > 0) return read_request();  // pipelined: already here
    if (buffer_.capacity() > 16384) buffer_.shrink_to_fit();
    stream_.expires_after(millis(config().keep_alive_timeout_ms));
    stream_.async_read_some(buffer_.prepare(1024), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->close();  // idle too long, closed by the client, or stop()
      self->buffer_.commit(n);
      self->read_request();
    });
  }

  void read_request() {
    state_ = State::kReading;
    stream_.expires_after(millis(config().request_timeout_ms));  // for the whole request
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(config().max_header_bytes));
    parser_->body_limit(static_cast<std::uint64_t>(config().max_body_bytes));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == beast::error::timeout || ec == asio::error::operation_aborted || ec == http::error::end_of_stream ||
        ec == http::error::partial_message || ec == asio::error::eof || ec == asio::error::connection_reset ||
        ec == asio::error::broken_pipe)
      return close();  // too slow, gone, or stopped: nobody to answer
    if (ec == http::error::header_limit) {
      const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
      return fail(oversized_header_status(parser_->get(), data, config()));
    }
    if (ec == http::error::body_limit) return fail(413);
    if (ec == http::error::buffer_overflow) return fail(431);
    if (ec) return fail(400);  // malformed
    auto& req = parser_->get();
    if (req.method_string().size() + req.target().size() + 10 > config().max_request_line) return fail(414);
    for (const auto& f : req)
      if (f.name_string().size() + 2 + f.value().size() > config().max_header_line) return fail(400);
    answer(req);
  }

  void answer(http::request<http::string_body>& req) {
    state_ = State::kAnswering;
    stream_.expires_never();
    answer_start_ = Clock::now();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    head_ = req.method() == http::verb::head;
    keep_alive_ = keep_alive_ && req.keep_alive();
    version_ = req.version();
    Headers headers;
    for (const auto& f : req) headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    parser_.reset();  // the body, if any, is not needed
    if (answers_quickly(method_, target_)) return write(server_.call(method_, target_, headers));
    asio::post(server_.pool, [self = shared_from_this(), headers = std::move(headers)] {
      ApiResponse a = self->server_.call(self->method_, self->target_, headers);
      asio::post(self->stream_.get_executor(),
                 [self, a = std::move(a)]() mutable { self->write(std::move(a)); });
    });
  }

  // A request the transport refuses (malformed, over a limit): the API's JSON error, then close.
  void fail(int status) {
    state_ = State::kAnswering;
    answer_start_ = Clock::now();
    keep_alive_ = false;
    if (parser_ && parser_->is_header_done()) {
      method_ = std::string(parser_->get().method_string());
      target_ = std::string(parser_->get().target());
      version_ = parser_->get().version();
    } else {
      method_ = "-";
      target_ = "-";
    }
    parser_.reset();
    write(error_response(status, error_code_for_status(status), transport_error_message(status, config())));
  }

  void write(ApiResponse a) {
    if (server_.stopping) keep_alive_ = false;
    state_ = State::kAnswering;
    log(a.status);
    res_.emplace();
    res_->version(version_);
    res_->result(static_cast<unsigned>(a.status));
    if (!a.content_type.empty() && a.status != 204) res_->set(http::field::content_type, a.content_type);
    for (const auto& [k, v] : a.headers) res_->insert(k, v);
    res_->keep_alive(keep_alive_);
    if (a.status == 204 || a.status == 304) {
      // no body, no length
    } else if (head_) {
      res_->content_length(a.body.size());  // what a GET would send, without the body
    } else {
      res_->body() = std::move(a.body);
      res_->prepare_payload();
    }
    stream_.expires_after(millis(config().write_timeout_ms));
    http::async_write(stream_, *res_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      self->res_.reset();
      if (ec) return self->close();
      if (!self->keep_alive_) return self->close_gracefully();
      self->head_ = false;
      self->wait_for_request();
    });
  }

  void log(int status) const {
    if (!config().log_queries && status < 500) return;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - answer_start_).count();
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1fms", ms);
    const std::string_view target = target_;
    server_.log(sitrep::utc_timestamp() + " " + std::to_string(status) + " " + buf + " " + printable(method_) + " " +
                printable(config().log_queries ? target : target.substr(0, target.find('?'))));
  }

  // After the last answer: stop sending, then read (and drop) what the client still sends, up
  // to a bound and for at most a second, so that closing does not reset the connection before
  // the client has read the answer.
  void close_gracefully() {
    state_ = State::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    buffer_.clear();
    stream_.expires_after(std::chrono::seconds(1));
    drain();
  }
  void drain() {
    stream_.async_read_some(buffer_.prepare(16384), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kDrainMax) return self->close();
      self->drain();
    });
  }

  void close() {
    state_ = State::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> res_;
  std::string client_;
  State state_ = State::kIdle;
  bool keep_alive_ = true;
  bool head_ = false;
  unsigned version_ = 11;
  std::string method_, target_;
  Clock::time_point answer_start_;
  std::size_t drained_ = 0;
};

}  // namespace

void HttpServer::Impl::do_accept() {
  acceptor.async_accept(asio::make_strand(ioc),
                        [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping || ec == asio::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors (or kernel memory): try again shortly rather than spin.
    accept_retry.expires_after(std::chrono::milliseconds(50));
    accept_retry.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && !stopping) do_accept();
    });
    return;
  }
  beast::error_code opt_ec;
  socket.set_option(tcp::no_delay(true), opt_ec);
  auto remote = socket.remote_endpoint(opt_ec);
  const std::string client = opt_ec ? std::string("?") : remote.address().to_string();
  bool admitted = false;
  {
    std::lock_guard<std::mutex> lock(m);
    auto& mine = per_client[client];
    if (open < config.max_connections && mine < config.max_connections_per_client) {
      ++open;
      ++mine;
      admitted = true;
    } else if (mine == 0) {
      per_client.erase(client);
    }
  }
  if (admitted)
    std::make_shared<Session>(*this, std::move(socket), client)->start();
  else
    reject(std::move(socket));
  do_accept();
}

namespace {
// A connection over a cap: the 503 is written, then what the client still sends is read (a
// little, for at most a second) before closing, so that the answer is not lost to a reset.
struct Rejected {
  explicit Rejected(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::array<char, 2048> buf{};
  std::size_t drained = 0;
};
void drain_rejected(const std::shared_ptr<Rejected>& r) {
  r->stream.async_read_some(asio::buffer(r->buf), [r](beast::error_code ec, std::size_t n) {
    r->drained += n;
    if (ec || r->drained > 64 * 1024) {
      r->stream.close();
      return;
    }
    drain_rejected(r);
  });
}
}  // namespace

void HttpServer::Impl::reject(tcp::socket socket) {
  auto r = std::make_shared<Rejected>(std::move(socket));
  r->stream.expires_after(std::chrono::seconds(1));
  asio::async_write(r->stream, asio::buffer(reject_bytes), [r](beast::error_code ec, std::size_t) {
    if (!ec) r->stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) {
      r->stream.close();
      return;
    }
    drain_rejected(r);
  });
}

void HttpServer::Impl::stop() {
  asio::post(acceptor.get_executor(), [this] {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    accept_retry.cancel();
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard<std::mutex> lock(m);
      for (const auto& [p, w] : sessions)
        if (auto s = w.lock()) live.push_back(std::move(s));
    }
    for (auto& s : live) asio::post(s->executor(), [s] { s->on_stop(); });
    live.clear();
    // Requests being answered finish (a search is bounded by its time budget); past this, the
    // loop stops regardless.
    drain_deadline = Clock::now() + millis(config.write_timeout_ms) + std::chrono::seconds(20);
    check_drained();
  });
}

void HttpServer::Impl::check_drained() {
  bool done = false;
  {
    std::lock_guard<std::mutex> lock(m);
    done = open == 0;
  }
  if (done || Clock::now() > drain_deadline) {
    if (!done) log("sitrep-serve: requests still in flight at the shutdown deadline; closing them");
    work.reset();
    ioc.stop();
    return;
  }
  drain_timer.expires_after(std::chrono::milliseconds(20));
  drain_timer.async_wait([this](beast::error_code) { check_drained(); });
}

std::size_t raise_open_file_limit() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rlimit want = rl;
    want.rlim_cur = rl.rlim_max == RLIM_INFINITY ? 1 << 20 : rl.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) rl = want;
  }
  return rl.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20 : static_cast<std::size_t>(rl.rlim_cur);
}

std::size_t max_connections_for(std::size_t open_files, std::size_t workers) {
  const std::size_t reserve = 256 + workers * 16;  // database handles, logs, the listening socket
  return open_files > reserve + 16 ? open_files - reserve : 16;
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpServer::~HttpServer() = default;

Result<std::unique_ptr<HttpServer>> HttpServer::listen(const HttpServerConfig& config_in, Handler handler,
                                                       Logger logger) {
  HttpServerConfig config = config_in;
  if (config.io_threads < 1 || config.io_threads > 256) return Status::invalid_argument("io-threads must be 1 to 256");
  if (config.workers < 1 || config.workers > 1024) return Status::invalid_argument("threads must be 1 to 1024");
  if (config.max_connections < 1) return Status::invalid_argument("max-connections must be at least 1");
  if (config.max_connections_per_client < 1)
    return Status::invalid_argument("max-connections-per-client must be at least 1");
  if (!(config.request_timeout_ms > 0) || !(config.keep_alive_timeout_ms > 0) || !(config.write_timeout_ms > 0))
    return Status::invalid_argument("request-timeout-ms and keep-alive-timeout-ms must be positive");
  if (config.listen_backlog < 1) return Status::invalid_argument("listen-backlog must be at least 1");
  // Each connection holds a file descriptor; keep some for the index and the logs.
  const std::size_t files = raise_open_file_limit();
  const std::size_t fit = max_connections_for(files, config.workers);
  std::string note;
  if (config.max_connections > fit) {
    note = "sitrep-serve: --max-connections lowered from " + std::to_string(config.max_connections) + " to " +
           std::to_string(fit) + " (open-file limit " + std::to_string(files) + ")";
    config.max_connections = fit;
  }

  auto impl = std::make_unique<Impl>(config, std::move(handler), std::move(logger));
  if (!note.empty()) impl->log(note);
  beast::error_code ec;
  tcp::endpoint endpoint;
  if (const auto address = asio::ip::make_address(config.bind, ec); !ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(config.port));
  } else {  // a host name ("localhost"): its first address
    tcp::resolver resolver(impl->ioc);
    const auto found = resolver.resolve(config.bind, std::to_string(config.port), tcp::resolver::passive, ec);
    if (ec || found.empty()) return Status::invalid_argument("cannot listen on " + config.bind + ": unknown address");
    endpoint = found.begin()->endpoint();
  }
  auto& acceptor = impl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(config.listen_backlog, ec);
  if (ec)
    return Status::io_error("cannot listen on " + config.bind + ":" + std::to_string(config.port) + " (" +
                            ec.message() + ")");
  impl->port = acceptor.local_endpoint(ec).port();

  // The answer to a connection over a cap, serialised once.
  ApiResponse busy = error_response(503, "overloaded", "too many open connections; retry shortly");
  busy.headers.emplace_back("Retry-After", "1");
  http::response<http::string_body> res{http::status::service_unavailable, 11};
  res.set(http::field::content_type, busy.content_type);
  for (const auto& [k, v] : busy.headers) res.insert(k, v);
  res.keep_alive(false);
  res.body() = busy.body;
  res.prepare_payload();
  std::ostringstream os;
  os << res;
  impl->reject_bytes = os.str();

  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));  // private constructor
}

int HttpServer::port() const { return impl_->port; }
const HttpServerConfig& HttpServer::config() const { return impl_->config; }

std::size_t HttpServer::connections() const {
  std::lock_guard<std::mutex> lock(impl_->m);
  return impl_->open;
}

void HttpServer::stop() { impl_->stop(); }

void HttpServer::run() {
  Impl& im = *impl_;
  asio::post(im.acceptor.get_executor(), [&im] { im.do_accept(); });
  auto loop = [&im] {
    for (;;) {
      try {
        im.ioc.run();
        return;
      } catch (const std::exception& e) {
        im.log(std::string("sitrep-serve: internal error in the event loop: ") + e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < im.config.io_threads; ++i) threads.emplace_back(loop);
  loop();
  for (auto& t : threads) t.join();
  im.pool.join();  // searches still running finish (their answers have nowhere to go)
}

}  // namespace sitrep::server
