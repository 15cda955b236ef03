#include "reuters.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "io.h"

namespace sitrep::eval {
namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The first element <tag ...>...</tag> inside [from, to) of s: returns where it starts (npos when
// absent) and sets [*content_begin, *content_end) to its content.
std::size_t find_element(std::string_view s, std::string_view tag, std::size_t from, std::size_t to,
                         std::size_t* content_begin, std::size_t* content_end) {
  // (Appended piece by piece: GCC 12 warns wrongly about "</" + std::string(tag) + ">".)
  std::string open = "<", close = "</";
  open.append(tag);
  close.append(tag);
  close.push_back('>');
  std::size_t p = from;
  while (true) {
    p = s.find(open, p);
    if (p == std::string_view::npos || p >= to) return std::string_view::npos;
    const std::size_t after = p + open.size();
    // "<TEXT>" or "<TEXT TYPE=...>", not "<TEXTX>".
    if (after < s.size() && (s[after] == '>' || s[after] == ' ')) break;
    p = after;
  }
  const std::size_t gt = s.find('>', p);
  if (gt == std::string_view::npos || gt >= to) return std::string_view::npos;
  const std::size_t c = s.find(close, gt + 1);
  if (c == std::string_view::npos || c > to) return std::string_view::npos;
  *content_begin = gt + 1;
  *content_end = c;
  return p;
}

std::string attribute(std::string_view start_tag, std::string_view name) {
  const std::string key = std::string(name) + "=\"";
  std::size_t p = 0;
  while ((p = start_tag.find(key, p)) != std::string_view::npos) {
    if (p == 0 || start_tag[p - 1] == ' ') {
      const std::size_t b = p + key.size();
      const std::size_t e = start_tag.find('"', b);
      if (e == std::string_view::npos) return {};
      return std::string(start_tag.substr(b, e - b));
    }
    p += key.size();
  }
  return {};
}

std::string strip_tags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    if (!in_tag) out.push_back(c);
    if (c == '>') in_tag = false;
  }
  return out;
}

}  // namespace

std::string latin1_to_utf8(std::string_view latin1) {
  std::string out;
  out.reserve(latin1.size());
  for (char c : latin1) append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

std::string decode_sgml_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    const std::size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back(text[i++]);
      continue;
    }
    const std::string_view ref = text.substr(i + 1, semi - i - 1);
    bool decoded = true;
    if (ref == "lt") {
      out.push_back('<');
    } else if (ref == "gt") {
      out.push_back('>');
    } else if (ref == "amp") {
      out.push_back('&');
    } else if (ref == "quot") {
      out.push_back('"');
    } else if (ref == "apos") {
      out.push_back('\'');
    } else if (ref.size() >= 2 && ref[0] == '#') {
      const bool hex = ref[1] == 'x' || ref[1] == 'X';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      bool ok = !digits.empty();
      for (char d : digits) {
        const int v = std::isdigit(static_cast<unsigned char>(d))           ? d - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(d)) ? std::tolower(d) - 'a' + 10
                                                                            : -1;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v);
      }
      if (ok && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F)
          out.push_back(' ');
        else
          append_utf8(out, cp);
      } else {
        decoded = false;
      }
    } else {
      decoded = false;
    }
    if (decoded) {
      i = semi + 1;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

Result<std::vector<ReutersDoc>> parse_reuters_sgml(std::string_view s, std::string_view name) {
  std::vector<ReutersDoc> docs;
  std::size_t p = 0;
  while ((p = s.find("<REUTERS", p)) != std::string_view::npos) {
    const std::size_t gt = s.find('>', p);
    const std::size_t end = s.find("</REUTERS>", p);
    if (gt == std::string_view::npos || end == std::string_view::npos) {
      std::size_t line = 1 + static_cast<std::size_t>(std::count(s.begin(), s.begin() + static_cast<long>(p), '\n'));
      return Status::parse_error(std::string(name) + ":" + std::to_string(line) + ": <REUTERS> without </REUTERS>");
    }
    ReutersDoc d;
    const std::string_view start_tag = s.substr(p, gt - p);
    d.newid = attribute(start_tag, "NEWID");
    d.split = attribute(start_tag, "LEWISSPLIT");
    std::size_t b = 0, e = 0;
    if (find_element(s, "DATE", gt, end, &b, &e) != std::string_view::npos)
      d.date = decode_sgml_entities(s.substr(b, e - b));
    if (find_element(s, "PLACES", gt, end, &b, &e) != std::string_view::npos) {
      std::size_t q = b;
      std::size_t db = 0, de = 0;
      while (find_element(s, "D", q, e, &db, &de) != std::string_view::npos) {
        d.places.push_back(decode_sgml_entities(s.substr(db, de - db)));
        q = de;
      }
    }
    std::size_t tb = 0, te = 0;
    if (find_element(s, "TEXT", gt, end, &tb, &te) != std::string_view::npos) {
      if (find_element(s, "TITLE", tb, te, &b, &e) != std::string_view::npos)
        d.title = decode_sgml_entities(s.substr(b, e - b));
      if (find_element(s, "DATELINE", tb, te, &b, &e) != std::string_view::npos)
        d.dateline = decode_sgml_entities(s.substr(b, e - b));
      if (find_element(s, "BODY", tb, te, &b, &e) != std::string_view::npos)
        d.body = decode_sgml_entities(s.substr(b, e - b));
      else if (d.title.empty())
        d.body = decode_sgml_entities(strip_tags(s.substr(tb, te - tb)));
    }
    docs.push_back(std::move(d));
    p = end + 1;
  }
  return docs;
}

Result<std::vector<ReutersDoc>> read_reuters_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::not_found(dir + ": not a readable directory");
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".sgm") files.push_back(it->path());
  if (ec) return Status::io_error(dir + ": " + ec.message());
  if (files.empty()) return Status::not_found(dir + ": no .sgm file");
  // 0.sgm, 1.sgm, ..., 10.sgm (or reut2-000.sgm, ...): numeric stems in numeric order.
  auto key = [](const fs::path& f) {
    const std::string stem = f.stem().string();
    const bool numeric =
        !stem.empty() && std::all_of(stem.begin(), stem.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
    return std::make_pair(numeric ? std::stoul(stem) : 0UL, stem);
  };
  std::sort(files.begin(), files.end(), [&](const fs::path& a, const fs::path& b) { return key(a) < key(b); });
  std::vector<ReutersDoc> all;
  for (const auto& f : files) {
    auto bytes = read_file(f.string());
    if (!bytes) return bytes.status();
    auto docs = parse_reuters_sgml(latin1_to_utf8(bytes.value()), f.string());
    if (!docs) return docs.status();
    for (auto& d : docs.value()) all.push_back(std::move(d));
  }
  return all;
}

}  // namespace sitrep::eval
