// sitrep-serve: request -> response, without sockets (see http_api.h).
#include "http_api.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "embedded_files.h"
#include "result_cache.h"
#include "sitrep/analyzer.h"
#include "sitrep/date.h"
#include "sitrep/facets.h"
#include "sitrep/format.h"
#include "sitrep/option_parse.h"
#include "sitrep/result_json.h"
#include "sitrep/schema.h"

namespace sitrep::server {
namespace {

using nlohmann::json;

constexpr std::string_view kJson = "application/json; charset=utf-8";
// The demo page may load its own script, style and images and talk to this server only.
constexpr std::string_view kHtmlPolicy =
    "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
// Everything else is data: nothing in it may load or run anything.
constexpr std::string_view kDataPolicy = "default-src 'none'; frame-ancestors 'none'";
// The searcher refuses offsets beyond this (SearchOptions::max_offset).
constexpr std::size_t kMaxOffset = 10000;
// /geo: the places of the match set it locates, most named first (top=, at most kMaxGeoPlaces).
constexpr std::size_t kDefaultGeoPlaces = 100;
constexpr std::size_t kMaxGeoPlaces = 200;

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::string* find_header(const Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals(k, name)) return &v;
  return nullptr;
}

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void add_security_headers(ApiResponse& r, bool html) {
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Content-Security-Policy", std::string(html ? kHtmlPolicy : kDataPolicy));
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  if (html) r.headers.emplace_back("X-Frame-Options", "SAMEORIGIN");
}

ApiResponse json_response(int status, std::string body, std::string_view cache_control) {
  ApiResponse r;
  r.status = status;
  r.content_type = kJson;
  r.body = std::move(body);
  r.headers.emplace_back("Cache-Control", std::string(cache_control));
  add_security_headers(r, false);
  return r;
}

ApiResponse from_status(const Status& s) {
  switch (s.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kParseError:
      return error_response(400, "invalid_argument", s.message());
    case ErrorCode::kLimitExceeded:
      return error_response(400, "limit_exceeded", s.message());
    case ErrorCode::kTimeBudget:
      return error_response(503, "time_budget_exceeded", s.message());
    case ErrorCode::kNotFound:
      return error_response(404, "not_found", s.message());
    default:
      return error_response(500, "internal", "the index could not be read");
  }
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  return std::tolower(static_cast<unsigned char>(c)) - 'a' + 10;
}

// A decimal number of 1 to 18 digits, else nullopt ("-1", "abc", "1e3", "").
std::optional<std::uint64_t> parse_count(std::string_view s) {
  if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  std::uint64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}
bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string shown(std::string_view s, std::size_t max = 80) {
  std::string out = "'";
  out += s.substr(0, max);
  if (s.size() > max) out += "...";
  return out + "'";
}

// The parameters one endpoint takes, and which of them may repeat.
struct ParamSpec {
  std::vector<std::string_view> names;
  std::vector<std::string_view> repeatable;
};

// /feed.atom's parameters: those of /search but format, in the order its self link gives them.
const std::vector<std::string_view> kFeedParams = {"q",    "like",         "facet", "sort", "page",       "size",
                                                   "histogram", "histogram_by", "now",   "prefer_lang"};

// The feed's own address: its parameters in one order (as its cache key reads them).
std::string feed_self(const Params& params) {
  std::string self = "/feed.atom";
  char sep = '?';
  for (auto name : kFeedParams)
    for (const auto& [k, v] : params)
      if (k == name) {
        self += sep + k + "=" + percent_encode(v);
        sep = '&';
      }
  return self;
}

std::optional<ApiResponse> check_params(const Params& params, const ParamSpec& spec, const ApiConfig& config) {
  std::size_t facets = 0;
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto& name = params[i].first;
    if (std::find(spec.names.begin(), spec.names.end(), name) == spec.names.end()) {
      std::string known;
      for (auto n : spec.names) known += (known.empty() ? "" : ", ") + std::string(n);
      return error_response(400, "invalid_argument",
                            "unknown parameter " + shown(name) +
                                (known.empty() ? " (this endpoint takes none)" : " (use " + known + ")"));
    }
    if (name == "facet" && ++facets > config.max_facet_params)
      return error_response(400, "limit_exceeded",
                            "more than " + std::to_string(config.max_facet_params) + " facet parameters");
    if (std::find(spec.repeatable.begin(), spec.repeatable.end(), name) != spec.repeatable.end()) continue;
    for (std::size_t j = 0; j < i; ++j)
      if (params[j].first == name)
        return error_response(400, "invalid_argument", "parameter '" + name + "' is given more than once");
  }
  return std::nullopt;
}

const std::string* param(const Params& params, std::string_view name) {
  for (const auto& [k, v] : params)
    if (k == name) return &v;
  return nullptr;
}

// A count parameter from 1 to `max` (size=, top=): `out` when given, else an error response.
std::optional<ApiResponse> read_count(const Params& params, const std::string& name, std::size_t max,
                                      std::size_t& out) {
  const auto* v = param(params, name);
  if (!v) return std::nullopt;
  auto n = parse_count(*v);
  if (!n && !all_digits(*v))
    return error_response(400, "invalid_argument", name + "=" + shown(*v) + " is not a positive whole number");
  if (n && *n == 0) return error_response(400, "invalid_argument", name + " must be at least 1");
  if (!n || *n > max)
    return error_response(400, "limit_exceeded",
                          name + " " + shown(*v, 20) + " is over the limit of " + std::to_string(max));
  out = *n;
  return std::nullopt;
}

// q, like=, facet= and now= into SearchOptions (shared by /search and /facets); an error response
// when one of them is bad. like=ID is the query's like:"ID" (more like this).
std::optional<ApiResponse> read_query(const Params& params, const ApiConfig& config, std::string& q,
                                      SearchOptions& options) {
  if (const auto* v = param(params, "q")) q = *v;
  if (const auto* v = param(params, "like")) {
    auto field = like_field(*v);
    if (!field) return error_response(400, "invalid_argument", "like=" + shown(*v) + ": " + field.status().message());
    q = *field + (q.empty() ? "" : " " + q);
  }
  options.time_budget_ms = config.time_budget_ms;
  if (q.size() > config.max_query_bytes)
    return error_response(414, "limit_exceeded",
                          "the query is " + std::to_string(q.size()) + " bytes long; the limit is " +
                              std::to_string(config.max_query_bytes));
  for (const auto& [k, v] : params) {
    if (k != "facet") continue;
    auto facet = parse_facet(v, ':');
    if (!facet)
      return error_response(400, "invalid_argument",
                            "facet " + shown(v) + " must be NAME:ID (e.g. actor:hezbollah, month:2024-12)");
    const auto* known = facets::find(facet->first);
    if (!known || !facets::drillable(*known))
      return error_response(400, "invalid_argument",
                            "unknown facet " + shown(facet->first) + " (use " + facets::drillable_names() + ")");
    if (facet->second.size() > schema::kMaxIdBytes)
      return error_response(400, "limit_exceeded",
                            "facet value is longer than " + std::to_string(schema::kMaxIdBytes) + " bytes");
    options.drill_down.push_back(std::move(*facet));
  }
  if (const auto* v = param(params, "now")) {
    auto d = parse_iso_date(*v);
    if (!d || v->size() != 10)
      return error_response(400, "invalid_argument", "now=" + shown(*v) + " is not YYYY-MM-DD");
    options.now = *d;
  }
  return std::nullopt;
}

// The facet registry as the API document (x-facets) and the widget read it: every facet in the
// order answers show them, with the widget's words.
json facets_json() {
  json out = json::array();
  for (const auto& f : facets::all())
    out.push_back({{"name", f.name},       {"drill_down", facets::drillable(f)}, {"on_hits", f.on_hits},
                   {"label", f.label},     {"heading", f.heading},               {"hit_chip", f.hit_chip}});
  return out;
}

// The widget's facet table is written in when it is served, in place of its empty list.
constexpr std::string_view kWidgetFacets = "/*sitrep:facets*/[]";
void write_widget_facets(std::string& script) {
  if (const auto at = script.find(kWidgetFacets); at != std::string::npos)
    script.replace(at, kWidgetFacets.size(), "/*sitrep:facets*/" + dump(facets_json()));
}

std::string_view mime_type(std::string_view name) {
  const auto dot = name.rfind('.');
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (ext == "html") return "text/html; charset=utf-8";
  if (ext == "js") return "text/javascript; charset=utf-8";
  if (ext == "css") return "text/css; charset=utf-8";
  if (ext == "json") return "application/json; charset=utf-8";
  if (ext == "svg") return "image/svg+xml";
  if (ext == "png") return "image/png";
  if (ext == "ico") return "image/x-icon";
  if (ext == "woff2") return "font/woff2";
  return "text/plain; charset=utf-8";
}

// A file name the static handler may serve: letters, digits, '_', '-', '.', no leading dot.
bool safe_file_name(std::string_view name) {
  if (name.empty() || name.size() > 100 || name.front() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

}  // namespace

std::string ApiResponse::header(std::string_view name) const {
  const auto* v = find_header(headers, name);
  return v ? *v : std::string();
}

std::string percent_encode(std::string_view s) { return sitrep::percent_encode(s); }

Result<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]))
        return Status::invalid_argument("malformed percent-encoding " + shown(s.substr(i, 3)) +
                                        " (use %XX with two hex digits)");
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  std::size_t bad = 0;
  if (!is_valid_utf8(out, &bad))
    return Status::invalid_argument("invalid UTF-8 at byte " + std::to_string(bad) + " after decoding");
  if (out.find('\0') != std::string::npos) return Status::invalid_argument("NUL byte (%00) not allowed");
  return out;
}

Result<Target> split_target(std::string_view target, std::size_t max_params) {
  if (target.empty() || target.front() != '/')
    return Status::invalid_argument("the request target must be a path starting with '/'");
  Target t;
  const auto q = target.find('?');
  t.path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return t;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view piece = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (piece.empty()) continue;
    if (t.params.size() == max_params)
      return Status::limit_exceeded("more than " + std::to_string(max_params) + " parameters");
    const auto eq = piece.find('=');
    auto key = percent_decode(piece.substr(0, eq), true);
    if (!key) return Status::invalid_argument("parameter name: " + key.status().message());
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1), true);
    if (!value) return Status::invalid_argument("parameter '" + *key + "': " + value.status().message());
    t.params.emplace_back(std::move(*key), std::move(*value));
  }
  return t;
}

std::string_view error_code_for_status(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
    case 414:
    case 431:
      return "limit_exceeded";
    case 503:
      return "overloaded";
    default:
      return status >= 500 ? "internal" : "bad_request";
  }
}

ApiResponse error_response(int status, std::string_view code, std::string_view message) {
  json j = {{"error", {{"status", status}, {"code", code}, {"message", message}}}};
  return json_response(status, dump(j), "no-store");
}

bool answers_quickly(std::string_view method, std::string_view target) {
  if (method != "GET" && method != "HEAD") return true;
  const std::string_view path = target.substr(0, target.find('?'));
  if (path == "/" || path == "/health" || path == "/openapi.json") return true;
  if (path.size() < 2 || path.front() != '/' || path == "/search" || path == "/facets" || path == "/geo" ||
      path == "/feed.atom")
    return false;
  return std::all_of(path.begin() + 1, path.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
  });
}

std::optional<ConcurrencyGate::Ticket> ConcurrencyGate::enter() {
  std::size_t n = in_flight_.load();
  do {
    if (n >= limit_) return std::nullopt;
  } while (!in_flight_.compare_exchange_weak(n, n + 1));
  return Ticket(this);
}

void FifoSemaphore::acquire() {
  std::unique_lock<std::mutex> lock(m_);
  if (free_ > 0 && waiters_.empty()) {
    --free_;
    return;
  }
  Waiter w;
  waiters_.push_back(&w);
  w.cv.wait(lock, [&w] { return w.granted; });
}

void FifoSemaphore::release() {
  std::lock_guard<std::mutex> lock(m_);
  if (waiters_.empty()) {
    ++free_;
    return;
  }
  // Hand the unit straight to the first waiter (it leaves acquire() only once it has the lock,
  // so its Waiter outlives this call).
  Waiter* w = waiters_.front();
  waiters_.pop_front();
  w->granted = true;
  w->cv.notify_one();
}

std::size_t FifoSemaphore::waiting() const {
  std::lock_guard<std::mutex> lock(m_);
  return waiters_.size();
}

Api::Api(const Searcher& searcher, ApiConfig config)
    : searcher_(searcher), config_(std::move(config)), gate_(config_.max_concurrent) {
  if (config_.parallel_searches > 0) search_slots_ = std::make_unique<FifoSemaphore>(config_.parallel_searches);
  if (config_.cache_bytes > 0) cache_ = std::make_unique<ResultCache>(config_.cache_bytes);
}
Api::~Api() = default;

Result<std::unique_ptr<Api>> Api::create(const Searcher& searcher, ApiConfig config) {
  if (config.max_concurrent == 0) return Status::invalid_argument("max-concurrent must be at least 1");
  if (config.max_page_size == 0 || config.max_page_size > 1000)
    return Status::invalid_argument("max-page-size must be 1 to 1000");
  if (config.max_page == 0) return Status::invalid_argument("max-page must be at least 1");
  if (!(config.time_budget_ms >= 0))
    return Status::invalid_argument("time-budget-ms must be 0 (none) or a positive number");
  if (config.max_query_bytes == 0 || config.max_query_bytes > 8000)
    return Status::invalid_argument("max-query-bytes must be 1 to 8000");
  for (const auto& o : config.cors_origins)
    if (o != "*" && (o.find("://") == std::string::npos || o.back() == '/' ||
                     std::any_of(o.begin(), o.end(), [](char c) { return c <= ' ' || c == 0x7f; })))
      return Status::invalid_argument("CORS origin '" + o + "' must be scheme://host[:port] with no path (or *)");
  if (!config.web_dir.empty() && !std::filesystem::is_directory(config.web_dir))
    return Status::not_found("web directory '" + config.web_dir + "' does not exist");
  std::unique_ptr<Api> api(new Api(searcher, std::move(config)));  // private constructor

  // The OpenAPI document, with the limits this server applies.
  std::string_view doc;
  for (const auto& f : embedded_files())
    if (f.name == "openapi.json") doc = f.data;
  json j = json::parse(doc, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::invalid_argument("the embedded openapi.json is not valid JSON");
  const ApiConfig& c = api->config_;
  auto& params = j["components"]["parameters"];
  if (params.contains("size")) params["size"]["schema"]["maximum"] = c.max_page_size;
  if (params.contains("page")) params["page"]["schema"]["maximum"] = std::min(c.max_page, kMaxOffset + 1);
  if (params.contains("q")) params["q"]["x-max-bytes"] = c.max_query_bytes;
  if (params.contains("facet")) {
    params["facet"]["x-max-count"] = c.max_facet_params;
    std::string names;
    for (const auto& f : facets::all())
      if (facets::drillable(f)) names += (names.empty() ? "" : "|") + std::string(f.name);
    params["facet"]["schema"]["items"]["pattern"] = "^(" + names + "):.+$";
  }
  j["x-facets"] = facets_json();
  j["info"]["x-limits"] = {{"max_query_bytes", c.max_query_bytes},
                           {"max_page_size", c.max_page_size},
                           {"max_page", c.max_page},
                           {"max_offset", kMaxOffset},
                           {"max_facet_params", c.max_facet_params},
                           {"max_geo_places", kMaxGeoPlaces},
                           {"max_params", c.max_params},
                           {"max_concurrent", c.max_concurrent},
                           {"time_budget_ms", c.time_budget_ms},
                           {"parallel_searches", c.parallel_searches},
                           {"cache_bytes", c.cache_bytes}};
  for (const auto& [name, value] : c.transport_limits) {
    if (value >= 0 && value < 1e15 && value == static_cast<double>(static_cast<std::uint64_t>(value)))
      j["info"]["x-limits"][name] = static_cast<std::uint64_t>(value);
    else
      j["info"]["x-limits"][name] = value;
  }
  api->openapi_ = j.dump(2, ' ', false, json::error_handler_t::replace);
  return api;
}

std::optional<std::string> Api::allowed_origin(const Headers& headers) const {
  const auto* origin = find_header(headers, "Origin");
  if (!origin) return std::nullopt;
  for (const auto& o : config_.cors_origins) {
    if (o == "*") return std::string("*");
    if (o == *origin) return *origin;
  }
  return std::nullopt;
}

void Api::add_cors(ApiResponse& r, const Headers& headers) const {
  const bool any =
      std::find(config_.cors_origins.begin(), config_.cors_origins.end(), "*") != config_.cors_origins.end();
  // Answers differ by Origin when only some origins are allowed: caches must know.
  if (!config_.cors_origins.empty() && !any) r.headers.emplace_back("Vary", "Origin");
  if (auto origin = allowed_origin(headers)) r.headers.emplace_back("Access-Control-Allow-Origin", *origin);
}

ApiResponse Api::handle_target(std::string_view method, std::string_view target, const Headers& headers) const {
  auto t = split_target(target, config_.max_params);
  if (!t) {
    ApiResponse r = from_status(t.status());
    add_cors(r, headers);
    return r;
  }
  return handle(method, t->path, t->params, headers);
}

ApiResponse Api::handle(std::string_view method, std::string_view path, const Params& params,
                        const Headers& headers) const {
  ApiResponse r;
  try {
    r = route(method, path, params, headers);
  } catch (const std::exception&) {
    r = error_response(500, "internal", "internal error");
  }
  add_cors(r, headers);
  return r;
}

ApiResponse Api::route(std::string_view method, std::string_view path, const Params& params,
                       const Headers& headers) const {
  if (method == "OPTIONS") {
    // CORS preflight: only for allowed origins; the API takes simple GET requests only.
    if (!find_header(headers, "Origin")) {
      ApiResponse r = error_response(405, "method_not_allowed", "OPTIONS is only answered as a CORS preflight");
      r.headers.emplace_back("Allow", "GET, HEAD");
      return r;
    }
    if (!allowed_origin(headers)) return error_response(403, "forbidden", "this origin is not allowed (--cors-origin)");
    ApiResponse r;
    r.status = 204;
    r.headers.emplace_back("Access-Control-Allow-Methods", "GET, HEAD");
    r.headers.emplace_back("Access-Control-Allow-Headers", "Accept, Content-Type");
    r.headers.emplace_back("Access-Control-Max-Age", "600");
    r.headers.emplace_back("Cache-Control", "no-store");
    add_security_headers(r, false);
    return r;
  }
  if (method != "GET" && method != "HEAD") {
    ApiResponse r =
        error_response(405, "method_not_allowed", "method " + shown(method, 20) + " is not allowed (use GET or HEAD)");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }

  // Path segments, each decoded strictly (so an id may hold an encoded '/').
  if (path.empty() || path.front() != '/')
    return error_response(400, "invalid_argument", "the path must start with '/'");
  std::vector<std::string> seg;
  std::string_view rest = path.substr(1);
  for (;;) {
    const auto slash = rest.find('/');
    auto s = percent_decode(rest.substr(0, slash), false);
    if (!s) return error_response(400, "invalid_argument", "path: " + s.status().message());
    seg.push_back(std::move(*s));
    if (slash == std::string_view::npos) break;
    rest = rest.substr(slash + 1);
  }
  const ParamSpec none{};
  auto not_found = [&] {
    return error_response(
        404, "not_found",
        "no such endpoint (use /search, /facets, /geo, /feed.atom, /doc/{id}, /health, /openapi.json, / or "
        "/widget.js)");
  };

  if (seg.size() == 2 && seg[0] == "doc") {
    if (auto e = check_params(params, none, config_)) return *e;
    return document(seg[1]);
  }
  if (seg.size() != 1) return not_found();
  const std::string& name = seg[0];
  if (name == "search" || name == "facets" || name == "feed.atom") {
    const ParamSpec spec =
        name == "search"      ? ParamSpec{{"q", "like", "facet", "sort", "page", "size", "histogram", "histogram_by",
                                           "now", "format", "prefer_lang"},
                                          {"facet"}}
        : name == "feed.atom" ? ParamSpec{kFeedParams, {"facet"}}
                              : ParamSpec{{"q", "like", "facet", "now"}, {"facet"}};
    if (auto e = check_params(params, spec, config_)) return *e;
    return name == "facets" ? facets(params) : search(params, name == "feed.atom");
  }
  if (name == "geo") {
    if (auto e = check_params(params, ParamSpec{{"q", "like", "facet", "now", "top"}, {"facet"}}, config_)) return *e;
    return geo(params);
  }
  if (name == "health") {
    if (auto e = check_params(params, none, config_)) return *e;
    return health();
  }
  if (name == "openapi.json") {
    if (auto e = check_params(params, none, config_)) return *e;
    return json_response(200, openapi_, "public, max-age=300");
  }
  // Static files take no parameters but ignore any (cache-busting "?v=2" on a script tag).
  if (name.empty()) return static_file("index.html");
  if (safe_file_name(name)) return static_file(name);
  return not_found();
}

namespace {
// Requests are checked in full before they are admitted: a bad one gets its 4xx even when the
// server is saturated, and never holds a place.
ApiResponse overloaded() {
  ApiResponse r = error_response(503, "overloaded", "too many requests in flight; retry shortly");
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

// The result cache's key of a /search or /facets request as read: the endpoint, the query and
// every option that shapes the answer, and the date relative dates are read against (now=, or
// today). Each piece is length-prefixed, so no two requests share a key.
std::string cache_key(std::string_view endpoint, const std::string& q, const SearchOptions& o, int output) {
  std::string k;
  auto add = [&k](std::string_view s) {
    k += std::to_string(s.size());
    k += ':';
    k += s;
  };
  auto num = [&add](std::uint64_t n) { add(std::to_string(n)); };
  add(endpoint);
  add(q);
  num(o.drill_down.size());
  for (const auto& [name, id] : o.drill_down) {
    add(name);
    add(id);
  }
  const Date now = o.now ? *o.now : today_utc();
  add(now.iso());
  add(o.prefer_lang);
  for (std::uint64_t n : {std::uint64_t(o.offset), std::uint64_t(o.limit), std::uint64_t(o.sort),
                          std::uint64_t(o.collapse_duplicates), std::uint64_t(o.facet_top),
                          std::uint64_t(o.histogram), std::uint64_t(o.histogram_field), std::uint64_t(o.max_buckets),
                          std::uint64_t(o.snippet_words), std::uint64_t(o.facets), std::uint64_t(o.max_limit),
                          std::uint64_t(o.max_offset), std::uint64_t(output)})
    num(n);
  return k;
}

// A search answer from the cache, or computed by make() (admitted by the gate) and cached when
// it is a 200. The index revision is read before the search: the answer may be newer than its
// key (a commit in between), never older. Without a cache, or when the index has no revision
// (remote shards), every answer is computed.
template <typename Make>
ApiResponse cached(ResultCache* cache, const Searcher& searcher, const std::string& key, Make make) {
  const std::uint64_t revision = cache ? searcher.revision() : 0;
  if (revision == 0) return make();
  if (auto hit = cache->get(key, revision)) return *hit;
  ApiResponse r = make();
  if (r.status == 200) cache->put(key, revision, r);
  return r;
}
}  // namespace

ApiResponse Api::search(const Params& params, bool feed) const {
  std::string q;
  SearchOptions options;
  if (auto e = read_query(params, config_, q, options)) return *e;
  if (feed) options.sort = SearchOptions::Sort::kNewest;  // a feed is newest first unless sort= says otherwise

  if (const auto* v = param(params, "sort")) {
    auto sort = parse_sort(*v);
    if (!sort) return error_response(400, "invalid_argument", "sort=" + shown(*v) + " (use " + sort_choices() + ")");
    options.sort = *sort;
  }
  std::size_t size = 10, page = 1;
  if (auto e = read_count(params, "size", config_.max_page_size, size)) return *e;
  // Pages reachable with this size: the configured depth, and the searcher's offset bound.
  const std::size_t max_page = std::min(config_.max_page, kMaxOffset / size + 1);
  if (const auto* v = param(params, "page")) {
    auto n = parse_count(*v);
    if (!n && !all_digits(*v))
      return error_response(400, "invalid_argument", "page=" + shown(*v) + " is not a positive whole number");
    if (n && *n == 0) return error_response(400, "invalid_argument", "page numbers start at 1");
    if (!n || *n > max_page)
      return error_response(400, "limit_exceeded",
                            "page " + shown(*v, 20) + " is beyond the limit of " + std::to_string(max_page) +
                                " pages of " + std::to_string(size));
    page = *n;
  }
  if (const auto* v = param(params, "histogram")) {
    auto interval = parse_interval(*v);
    if (!interval)
      return error_response(400, "invalid_argument", "histogram=" + shown(*v) + " (use " + interval_choices() + ")");
    options.histogram = *interval;
  }
  if (const auto* v = param(params, "histogram_by")) {
    auto field = parse_histogram_field(*v);
    if (!field)
      return error_response(400, "invalid_argument",
                            "histogram_by=" + shown(*v) + " (use " + histogram_field_choices() + ")");
    options.histogram_field = *field;
  }
  if (const auto* v = param(params, "prefer_lang")) {
    auto lang = parse_prefer_lang(*v);
    if (!lang)
      return error_response(400, "invalid_argument",
                            "prefer_lang=" + shown(*v) + " is not a language sitrep knows (use " + prefer_lang_choices() + ")");
    options.prefer_lang = *lang == "auto" ? std::string() : *lang;  // one cache key for auto and absent
  }
  Output output = feed ? Output::kAtom : Output::kJson;
  if (const auto* v = param(params, "format")) {
    if (*v == "csv")
      output = Output::kCsv;
    else if (*v != "json")
      return error_response(400, "invalid_argument", "format=" + shown(*v) + " (use json or csv)");
  }
  options.limit = size;
  options.offset = (page - 1) * size;
  options.max_limit = config_.max_page_size;
  options.max_offset = kMaxOffset;
  const std::string self = feed ? feed_self(params) : std::string();
  return cached(cache_.get(), searcher_, cache_key(feed ? "feed.atom" : "search", q, options, int(output)),
                [&] { return run_search(q, options, output, page, size, max_page, self); });
}

ApiResponse Api::run_search(const std::string& q, const SearchOptions& options, Output output, std::size_t page,
                            std::size_t size, std::size_t max_page, const std::string& self) const {
  auto ticket = gate_.enter();
  if (!ticket) return overloaded();
  FifoSemaphore::Hold slot(search_slots_.get());
  auto result = searcher_.search(q, options);
  if (!result) return from_status(result.status());
  if (output != Output::kJson) {
    ApiResponse r;
    if (output == Output::kCsv) {
      r.content_type = "text/csv; charset=utf-8";
      r.body = to_csv(*result);
    } else {
      AtomOptions a;
      a.query = q;
      a.drill_down = options.drill_down;
      a.self = self;
      r.content_type = "application/atom+xml; charset=utf-8";
      r.body = to_atom(*result, a);
    }
    r.headers.emplace_back("Cache-Control", "no-cache");
    add_security_headers(r, false);
    return r;
  }
  const std::size_t pages = std::min<std::uint64_t>((result->total + size - 1) / size, max_page);
  std::string body = to_json(*result, false);  // "{...}": the CLI's object, with the paging in front
  body.insert(1, "\"page\":" + std::to_string(page) + ",\"size\":" + std::to_string(size) +
                     ",\"pages\":" + std::to_string(pages) + ",");
  return json_response(200, std::move(body), "no-cache");
}

ApiResponse Api::facets(const Params& params) const {
  std::string q;
  SearchOptions options;
  if (auto e = read_query(params, config_, q, options)) return *e;
  options.limit = 0;
  options.histogram = SearchOptions::Interval::kNone;
  return cached(cache_.get(), searcher_, cache_key("facets", q, options, 0), [&] {
    auto ticket = gate_.enter();
    if (!ticket) return overloaded();
    FifoSemaphore::Hold slot(search_slots_.get());
    auto result = searcher_.search(q, options);
    if (!result) return from_status(result.status());
    // The facets exactly as /search renders them.
    const json out = {
        {"total", result->total}, {"total_exact", result->total_exact}, {"facets", result_json(*result).at("facets")}};
    return json_response(200, dump(out), "no-cache");
  });
}

namespace {
double round4(double v) { return std::round(v * 1e4) / 1e4; }

// The near-border filters of a query and of its groups' alternatives, each with the border lines
// its places were measured to (as interpretation.filters gives them).
void border_filters(const ParsedQuery& q, json& out) {
  for (const auto& g : q.geo()) {
    if (g.kind != GeoFilter::Kind::kNearBorder) continue;
    json lines = json::array();
    for (const auto& line : g.border) {
      json points = json::array();
      for (const auto& p : line) points.push_back({round4(p.lat), round4(p.lon)});
      lines.push_back(std::move(points));
    }
    out.push_back({{"country", g.target},
                   {"name", g.target_name},
                   {"km", g.km},
                   {"negated", g.negated},
                   {"lines", std::move(lines)}});
  }
  for (const auto& group : q.any_of())
    for (const auto& alternative : group.alternatives) border_filters(alternative, out);
}
}  // namespace

// The place facet of the whole match set with the gazetteer's coordinates: what a map draws.
ApiResponse Api::geo(const Params& params) const {
  std::string q;
  SearchOptions options;
  if (auto e = read_query(params, config_, q, options)) return *e;
  std::size_t top = kDefaultGeoPlaces;
  if (auto e = read_count(params, "top", kMaxGeoPlaces, top)) return *e;
  options.limit = 0;
  options.histogram = SearchOptions::Interval::kNone;
  options.facet_top = top;
  return cached(cache_.get(), searcher_, cache_key("geo", q, options, 0), [&] {
    auto ticket = gate_.enter();
    if (!ticket) return overloaded();
    FifoSemaphore::Hold slot(search_slots_.get());
    auto result = searcher_.search(q, options);
    if (!result) return from_status(result.status());
    const Gazetteer& gaz = searcher_.gazetteer();
    json places = json::array();
    std::uint64_t unlocated = 0;
    for (const auto& f : result->facets) {
      if (f.name != "place") continue;
      for (const auto& v : f.values) {
        const Place* p = gaz.place(v.id);
        if (!p) {
          unlocated += v.count > 0;
          continue;
        }
        places.push_back({{"id", v.id},
                          {"name", v.name},
                          {"country", p->country},
                          {"lat", round4(p->lat)},
                          {"lon", round4(p->lon)},
                          {"count", v.count}});
      }
    }
    json borders = json::array();
    border_filters(result->query, borders);
    const json out = {{"total", result->total},       {"total_exact", result->total_exact},
                      {"relaxed", result->relaxed},   {"top", top},
                      {"places", std::move(places)},  {"unlocated", unlocated},
                      {"borders", std::move(borders)}};
    return json_response(200, dump(out), "no-cache");
  });
}

ApiResponse Api::document(std::string_view id) const {
  if (id.empty() || id.size() > schema::kMaxIdBytes ||
      std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
    return error_response(400, "invalid_argument", "not an article id: " + shown(id));
  auto ticket = gate_.enter();
  if (!ticket) return overloaded();
  auto a = searcher_.document(id);
  if (!a) return from_status(a.status());
  return json_response(200, dump(article_json(*a)), "no-cache");
}

ApiResponse Api::health() const {
  const json j = {{"status", "ok"}, {"documents", searcher_.document_count()}, {"revision", searcher_.revision()}};
  return json_response(200, dump(j), "no-store");
}

ApiResponse Api::static_file(std::string_view name) const {
  ApiResponse r;
  r.content_type = mime_type(name);
  const bool html = name.size() > 5 && name.substr(name.size() - 5) == ".html";
  if (!config_.web_dir.empty()) {
    // Development: the file as it is on disk now (the name has no '/' and no leading '.').
    const auto p = std::filesystem::path(config_.web_dir) / std::string(name);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(p, ec))
      return error_response(404, "not_found", "no file " + shown(name) + " in the web directory");
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    if (!in) return error_response(500, "internal", "cannot read " + shown(name));
    r.body = s.str();
    r.headers.emplace_back("Cache-Control", "no-cache");
  } else {
    const std::string key = "web/" + std::string(name);
    const auto& files = embedded_files();
    auto f = std::find_if(files.begin(), files.end(), [&](const EmbeddedFile& e) { return e.name == key; });
    if (f == files.end()) return error_response(404, "not_found", "no file " + shown(name));
    r.body = std::string(f->data);
    r.headers.emplace_back("Cache-Control", "public, max-age=300");
    if (f->placeholder) r.headers.emplace_back("X-Sitrep-Placeholder", "1");
  }
  if (name == "widget.js") write_widget_facets(r.body);
  add_security_headers(r, html);
  return r;
}

}  // namespace sitrep::server
