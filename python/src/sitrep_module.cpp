// sitrep._sitrep: the Python binding (pybind11) of the searcher and the indexer, through their
// public headers only. Answers are the JSON values of sitrep/result_json.h converted to dicts and
// lists in C++ (no text in between), so their keys are those of sitrep-search --format json and
// sitrep-serve's /search and /doc/{id}. A failed call raises the exception class of its typed
// error code (sitrep/errors.py). The GIL is released while the libraries work: Python threads
// search in parallel (Searcher::search is safe from several threads; an Indexer takes one change
// at a time).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "sitrep/date.h"
#include "sitrep/facets.h"
#include "sitrep/indexer.h"
#include "sitrep/option_parse.h"
#include "sitrep/result_json.h"
#include "sitrep/searcher.h"
#include "sitrep/sources.h"
#include "sitrep/status.h"

namespace py = pybind11;
using nlohmann::json;

namespace {

// A Status on its way to Python: the translator registered below raises its exception class.
struct StatusError : std::exception {
  explicit StatusError(sitrep::Status s) : status(std::move(s)) {}
  const char* what() const noexcept override { return status.message().c_str(); }
  sitrep::Status status;
};

[[noreturn]] void fail(sitrep::Status status) { throw StatusError(std::move(status)); }
[[noreturn]] void invalid(std::string message) { fail(sitrep::Status::invalid_argument(std::move(message))); }

// The Python name of a code: the class sitrep.errors.error_class() maps it to, and Error.code.
const char* code_name(sitrep::ErrorCode code) {
  switch (code) {
    case sitrep::ErrorCode::kOk:
      return "ok";
    case sitrep::ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case sitrep::ErrorCode::kParseError:
      return "parse_error";
    case sitrep::ErrorCode::kNotFound:
      return "not_found";
    case sitrep::ErrorCode::kIOError:
      return "io_error";
    case sitrep::ErrorCode::kIndexError:
      return "index_error";
    case sitrep::ErrorCode::kLimitExceeded:
      return "limit_exceeded";
    case sitrep::ErrorCode::kTimeBudget:
      return "time_budget";
  }
  return "error";
}

// A JSON value as Python objects: object -> dict, array -> list, string -> str (bytes that are not
// UTF-8 replaced, as to_json writes them), integers -> int, numbers -> float, true/false -> bool,
// null -> None.
py::object to_python(const json& j) {
  switch (j.type()) {
    case json::value_t::null:
    case json::value_t::discarded:
    case json::value_t::binary:
      return py::none();
    case json::value_t::boolean:
      return py::bool_(j.get<bool>());
    case json::value_t::number_integer:
      return py::int_(j.get<std::int64_t>());
    case json::value_t::number_unsigned:
      return py::int_(j.get<std::uint64_t>());
    case json::value_t::number_float:
      return py::float_(j.get<double>());
    case json::value_t::string: {
      const auto& s = j.get_ref<const std::string&>();
      PyObject* str = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
      if (!str) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(str);
    }
    case json::value_t::array: {
      py::list list;
      for (const auto& v : j) list.append(to_python(v));
      return py::object(std::move(list));
    }
    case json::value_t::object: {
      py::dict dict;
      for (const auto& [k, v] : j.items()) dict[py::str(k)] = to_python(v);
      return py::object(std::move(dict));
    }
  }
  return py::none();
}

// A Python value as JSON (a record for Indexer.add): dict, list or tuple, str, int, float, bool,
// None; a date or datetime is its isoformat(). `what` names it in a message.
json from_python(py::handle h, const std::string& what) {
  if (h.is_none()) return nullptr;
  if (py::isinstance<py::bool_>(h)) return h.cast<bool>();
  if (py::isinstance<py::int_>(h)) {
    const auto big = h.cast<py::int_>();
    if (py::int_(0) <= big) {
      if (big <= py::int_(std::numeric_limits<std::uint64_t>::max())) return h.cast<std::uint64_t>();
    } else if (py::int_(std::numeric_limits<std::int64_t>::min()) <= big) {
      return h.cast<std::int64_t>();
    }
    invalid(what + ": the integer is too large");
  }
  if (py::isinstance<py::float_>(h)) return h.cast<double>();
  if (py::isinstance<py::str>(h)) return h.cast<std::string>();
  if (py::isinstance<py::dict>(h)) {
    json out = json::object();
    for (auto [k, v] : h.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k)) invalid(what + ": keys must be strings");
      const auto key = k.cast<std::string>();
      out[key] = from_python(v, "field '" + key + "'");
    }
    return out;
  }
  if (py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h)) {
    json out = json::array();
    for (auto v : h) out.push_back(from_python(v, what));
    return out;
  }
  if (py::hasattr(h, "isoformat")) return h.attr("isoformat")().cast<std::string>();
  invalid(what + ": a " + std::string(py::str(py::type::of(h).attr("__name__"))) + " is not a JSON value");
}

// drill_down= as (facet, id) pairs: None; a dict {"actor": "hezbollah"} (a list of ids narrows by
// each); or a list of "facet:id" strings or (facet, id) pairs.
std::vector<std::pair<std::string, std::string>> drill_down_of(py::handle h) {
  std::vector<std::pair<std::string, std::string>> out;
  if (h.is_none()) return out;
  if (py::isinstance<py::dict>(h)) {
    for (auto [k, v] : h.cast<py::dict>()) {
      const auto name = py::str(k).cast<std::string>();
      if (py::isinstance<py::str>(v))
        out.emplace_back(name, v.cast<std::string>());
      else
        for (auto id : v) out.emplace_back(name, py::str(id).cast<std::string>());
    }
    return out;
  }
  if (py::isinstance<py::str>(h))
    invalid("drill_down must be a dict or a list, not a str (e.g. {'actor': 'hezbollah'})");
  for (auto item : h) {
    if (py::isinstance<py::str>(item)) {
      auto facet = sitrep::parse_facet(item.cast<std::string>(), ':');
      if (!facet) invalid("drill_down '" + item.cast<std::string>() + "' must be FACET:ID (e.g. actor:hezbollah)");
      out.push_back(std::move(*facet));
    } else if ((py::isinstance<py::tuple>(item) || py::isinstance<py::list>(item)) && py::len(item) == 2 &&
               py::isinstance<py::str>(item[py::int_(0)]) && py::isinstance<py::str>(item[py::int_(1)])) {
      out.emplace_back(item[py::int_(0)].cast<std::string>(), item[py::int_(1)].cast<std::string>());
    } else {
      invalid("drill_down items must be 'facet:id' strings or (facet, id) pairs");
    }
  }
  return out;
}

// now= as a date: None (today), "YYYY-MM-DD", or a date / datetime.
std::optional<sitrep::Date> now_of(py::handle h) {
  if (h.is_none()) return std::nullopt;
  const std::string text =
      py::isinstance<py::str>(h) ? h.cast<std::string>() : py::str(h.attr("isoformat")()).cast<std::string>();
  auto d = sitrep::parse_iso_date(text.substr(0, 10));
  if (!d || (py::isinstance<py::str>(h) && text.size() != 10)) invalid("now='" + text + "' is not YYYY-MM-DD");
  return *d;
}

// The histogram options of search() and histogram().
void read_histogram(sitrep::SearchOptions& o, const std::string& interval, const std::string& by,
                    std::size_t max_buckets) {
  auto i = sitrep::parse_interval(interval);
  if (!i) invalid("histogram='" + interval + "' (use " + sitrep::interval_choices() + ")");
  o.histogram = *i;
  auto f = sitrep::parse_histogram_field(by);
  if (!f) invalid("histogram_by='" + by + "' (use " + sitrep::histogram_field_choices() + ")");
  o.histogram_field = *f;
  if (max_buckets == 0) invalid("max_buckets must be at least 1");
  o.max_buckets = max_buckets;
}

// Bounds of a trusted caller (the notebook's own index): deeper than sitrep-serve's.
constexpr std::size_t kMaxLimit = 10000, kMaxOffset = 100000, kMaxBuckets = 100000;

class PySearcher {
 public:
  PySearcher(const std::string& index, const std::string& data_dir, bool facet_cache) {
    sitrep::SearcherConfig config;
    config.data_dir = data_dir;
    config.facet_cache = facet_cache;
    py::gil_scoped_release free;
    auto s = sitrep::Searcher::open(index, config);
    if (!s) fail(s.status());
    searcher_.emplace(std::move(s).value());
  }

  // The search as the JSON contract's value, computed and built without the GIL.
  json search(std::string query, std::optional<std::string> like, const sitrep::SearchOptions& options) const {
    if (like) {
      auto field = sitrep::like_field(*like);
      if (!field) fail(field.status());
      query = *field + (query.empty() ? "" : " " + query);
    }
    py::gil_scoped_release free;
    std::shared_lock lock(mutex_);
    auto r = get().search(query, options);
    if (!r) fail(r.status());
    return sitrep::result_json(*r);
  }

  json document(const std::string& id) const {
    py::gil_scoped_release free;
    std::shared_lock lock(mutex_);
    auto a = get().document(id);
    if (!a) fail(a.status());
    return sitrep::article_json(*a);
  }

  std::uint64_t document_count() const {
    py::gil_scoped_release free;
    std::shared_lock lock(mutex_);
    return get().document_count();
  }

  // Waits for the searches under way.
  void close() {
    py::gil_scoped_release free;
    std::unique_lock lock(mutex_);
    searcher_.reset();
  }

 private:
  const sitrep::Searcher& get() const {
    if (!searcher_) invalid("the searcher is closed");
    return *searcher_;
  }

  mutable std::shared_mutex mutex_;  // searches share it; close() takes it alone
  std::optional<sitrep::Searcher> searcher_;
};

class PyIndexer {
 public:
  PyIndexer(const std::string& index, const std::string& data_dir) {
    sitrep::IndexerOptions options;
    options.data_dir = data_dir;
    py::gil_scoped_release free;
    auto i = sitrep::Indexer::open(index, options);
    if (!i) fail(i.status());
    indexer_.emplace(std::move(i).value());
  }

  // A record with the fields of a JSON Lines line (id, date, text required; title, source, url,
  // lang); an article with the same id is replaced. "added" or "replaced".
  std::string add(py::handle record) {
    if (!py::isinstance<py::dict>(record)) invalid("add() takes a dict with the fields of a JSON Lines record");
    const json j = from_python(record, "the record");
    py::gil_scoped_release free;
    std::lock_guard lock(mutex_);
    auto& indexer = get();
    const auto id = j.find("id");
    if (id == j.end() || id->is_null() || (id->is_string() && id->get_ref<const std::string&>().empty()))
      fail(sitrep::Status::parse_error("Indexer.add:" + std::to_string(adds_ + 1) + ": missing field 'id'"));
    auto article = sitrep::article_from_json(j, "Indexer.add", ++adds_);
    if (!article) fail(article.status());
    auto outcome = indexer.add(*article);
    if (!outcome) fail(outcome.status());
    return *outcome == sitrep::AddOutcome::kReplaced ? "replaced" : "added";
  }

  void remove(const std::string& id) {
    py::gil_scoped_release free;
    std::lock_guard lock(mutex_);
    if (auto st = get().remove(id); !st) fail(st);
  }

  void commit() {
    py::gil_scoped_release free;
    std::lock_guard lock(mutex_);
    if (auto st = get().commit(); !st) fail(st);
  }

  std::uint64_t document_count() {
    py::gil_scoped_release free;
    std::lock_guard lock(mutex_);
    return get().document_count();
  }

  // Commits what is pending and lets the index go (another writer may open it).
  void close() {
    py::gil_scoped_release free;
    std::lock_guard lock(mutex_);
    if (!indexer_) return;
    auto st = indexer_->commit();
    indexer_.reset();
    if (!st) fail(st);
  }

 private:
  sitrep::Indexer& get() {
    if (!indexer_) invalid("the indexer is closed");
    return *indexer_;
  }

  std::mutex mutex_;  // one change at a time
  std::optional<sitrep::Indexer> indexer_;
  std::size_t adds_ = 0;  // records given to add(): the "line" of their messages
};

}  // namespace

PYBIND11_MODULE(_sitrep, m) {
  m.doc() = "sitrep's searcher and indexer (the compiled part of the package sitrep)";

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      const char* code = code_name(e.status.code());
      py::object cls = py::module_::import("sitrep.errors").attr("error_class")(code);
      py::object error = cls(code, e.status.message());
      PyErr_SetObject(cls.ptr(), error.ptr());
    }
  });

  // The facets each hit shows (actor, person, place, ...): the columns of to_pandas().
  py::list hit_facets;
  for (const auto& f : sitrep::facets::all())
    if (f.on_hits) hit_facets.append(f.name);
  m.attr("HIT_FACETS") = py::tuple(hit_facets);

  py::class_<PySearcher>(m, "Searcher")
      .def(py::init<const std::string&, const std::string&, bool>(), py::arg("index_path"), py::kw_only(),
           py::arg("data_dir") = "", py::arg("facet_cache") = true)
      .def(
          "search",
          [](const PySearcher& self, std::string query, std::size_t limit, std::size_t offset, const std::string& sort,
             py::handle facets, py::handle drill_down, std::optional<std::string> like, const std::string& histogram,
             const std::string& histogram_by, std::size_t max_buckets, const std::string& prefer_lang, py::handle now,
             std::size_t snippet_words, bool collapse_duplicates, double time_budget_ms) {
            sitrep::SearchOptions o;
            o.limit = limit;
            o.offset = offset;
            o.max_limit = kMaxLimit;
            o.max_offset = kMaxOffset;
            auto s = sitrep::parse_sort(sort);
            if (!s) invalid("sort='" + sort + "' (use " + sitrep::sort_choices() + ")");
            o.sort = *s;
            if (py::isinstance<py::bool_>(facets)) {
              o.facets = facets.cast<bool>();
            } else if (py::isinstance<py::int_>(facets) && py::int_(0) <= facets.cast<py::int_>()) {
              o.facet_top = facets.cast<std::size_t>();  // values per facet
            } else {
              invalid("facets must be True, False or a number of values per facet");
            }
            o.drill_down = drill_down_of(drill_down);
            read_histogram(o, histogram, histogram_by, max_buckets);
            auto lang = sitrep::parse_prefer_lang(prefer_lang);
            if (!lang) invalid("prefer_lang='" + prefer_lang + "' (use " + sitrep::prefer_lang_choices() + ")");
            o.prefer_lang = *lang == "auto" ? std::string() : *lang;
            o.now = now_of(now);
            o.snippet_words = snippet_words;
            o.collapse_duplicates = collapse_duplicates;
            if (!(time_budget_ms >= 0)) invalid("time_budget_ms must be 0 (none) or a positive number");
            o.time_budget_ms = time_budget_ms;
            return to_python(self.search(std::move(query), std::move(like), o));
          },
          py::arg("query") = "", py::kw_only(), py::arg("limit") = 10, py::arg("offset") = 0,
          py::arg("sort") = "relevance", py::arg("facets") = true, py::arg("drill_down") = py::none(),
          py::arg("like") = py::none(), py::arg("histogram") = "auto", py::arg("histogram_by") = "published",
          py::arg("max_buckets") = kMaxBuckets, py::arg("prefer_lang") = "auto", py::arg("now") = py::none(),
          py::arg("snippet_words") = 40, py::arg("collapse_duplicates") = true, py::arg("time_budget_ms") = 0.0,
          "The search as a dict with the keys of sitrep-search --format json.")
      .def(
          "histogram",
          [](const PySearcher& self, std::string query, const std::string& interval, const std::string& by,
             py::handle drill_down, py::handle now, std::size_t max_buckets) {
            sitrep::SearchOptions o;
            o.limit = 0;
            o.facet_top = 0;
            o.drill_down = drill_down_of(drill_down);
            read_histogram(o, interval, by, max_buckets);
            o.now = now_of(now);
            const json r = self.search(std::move(query), std::nullopt, o);
            return to_python(r.at("histogram"));
          },
          py::arg("query") = "", py::kw_only(), py::arg("interval") = "auto", py::arg("by") = "published",
          py::arg("drill_down") = py::none(), py::arg("now") = py::none(), py::arg("max_buckets") = kMaxBuckets,
          "The date histogram of every match: the \"histogram\" of search().")
      .def(
          "document", [](const PySearcher& self, const std::string& id) { return to_python(self.document(id)); },
          py::arg("id"), "The stored article with this id, as sitrep-serve's /doc/{id} answers it.")
      .def_property_readonly("document_count", &PySearcher::document_count)
      .def("close", &PySearcher::close);

  py::class_<PyIndexer>(m, "Indexer")
      .def(py::init<const std::string&, const std::string&>(), py::arg("index_path"), py::kw_only(),
           py::arg("data_dir") = "")
      .def("add", &PyIndexer::add, py::arg("record"))
      .def("delete", &PyIndexer::remove, py::arg("id"))
      .def("commit", &PyIndexer::commit)
      .def_property_readonly("document_count", &PyIndexer::document_count)
      .def("close", &PyIndexer::close);
}
