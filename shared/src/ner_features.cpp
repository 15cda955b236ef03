#include "ner_features.h"

#include <algorithm>
#include <array>

namespace sitrep::ner {
namespace {

constexpr std::string_view kStart = "<s>", kEnd = "</s>";

bool is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Gazetteer kinds a word can be part of, and whether it is a name's first word or inside it.
enum GazKind { kGazActor = 0, kGazPerson, kGazPlace, kGazCountry, kGazDemonym, kGazKinds };
constexpr std::array<std::string_view, kGazKinds> kGazNames = {"actor", "person", "place", "country", "demonym"};

int gaz_kind(const NameMatch& m) {
  if (m.demonym) return kGazDemonym;
  switch (m.kind) {
    case EntityKind::kActor:
      return kGazActor;
    case EntityKind::kPerson:
      return kGazPerson;
    case EntityKind::kPlace:
      return kGazPlace;
    case EntityKind::kCountry:
      return kGazCountry;
  }
  return kGazPlace;
}

// What the features of a sentence need, computed once per sentence.
struct Context {
  const std::vector<NerWord>& words;
  std::vector<std::string> shapes, compressed;
  std::vector<std::string_view> classes;
  std::vector<std::uint16_t> gaz;  // bit 2*kind: first word of a name of that kind; 2*kind+1: inside
  bool title = false;

  Context(const std::vector<NerWord>& w, const Gazetteer* gazetteer) : words(w) {
    const std::size_t n = words.size();
    shapes.reserve(n);
    compressed.reserve(n);
    classes.reserve(n);
    bool any_letters = false, any_lower = false;
    for (const auto& word : words) {
      shapes.push_back(word_shape(word.surface));
      compressed.push_back(compress_shape(shapes.back()));
      classes.push_back(word_class(word.surface));
      for (const unsigned char c : word.surface) {
        any_letters = any_letters || is_upper(c) || is_lower(c);
        any_lower = any_lower || is_lower(c);
      }
    }
    title = any_letters && !any_lower;
    gaz.assign(n, 0);
    if (gazetteer == nullptr) return;
    std::vector<std::string> norms;
    norms.reserve(n);
    for (const auto& word : words) norms.push_back(word.norm);
    for (std::size_t i = 0; i < n; ++i) {
      // Punctuation names nothing: no gazetteer name is folded to it.
      if (std::none_of(norms[i].begin(), norms[i].end(), [](char ch) {
            const auto c = static_cast<unsigned char>(ch);
            return c >= 0x80 || is_digit(c) || is_lower(c) || is_upper(c);
          }))
        continue;
      for (const NameMatch& m : gazetteer->match_at(norms, i)) {
        const int k = gaz_kind(m);
        for (std::size_t j = i; j < i + m.length && j < n; ++j)
          gaz[j] = static_cast<std::uint16_t>(gaz[j] | (1u << (2 * k + (j == i ? 0 : 1))));
      }
    }
  }

  std::string_view norm(std::ptrdiff_t i) const {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= words.size()) return kEnd;
    return words[static_cast<std::size_t>(i)].norm.empty() ? std::string_view(words[static_cast<std::size_t>(i)].surface)
                                                             : std::string_view(words[static_cast<std::size_t>(i)].norm);
  }
  std::string_view cshape(std::ptrdiff_t i) const {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= words.size()) return kEnd;
    return compressed[static_cast<std::size_t>(i)];
  }
  std::string_view cls(std::ptrdiff_t i) const {
    if (i < 0) return kStart;
    if (static_cast<std::size_t>(i) >= words.size()) return kEnd;
    return classes[static_cast<std::size_t>(i)];
  }
};

// Calls emit(name, a, b, c) for every feature of word i: the feature is the template name and up
// to three values.
template <typename Emit>
void for_each_feature(const Context& cx, std::size_t i, Emit&& emit) {
  const auto si = static_cast<std::ptrdiff_t>(i);
  const NerWord& word = cx.words[i];
  const std::string_view w = cx.norm(si);
  const std::string_view cl = cx.classes[i];
  emit("b", {}, {}, {});
  emit("w", w, {}, {});
  emit("s", word.surface, {}, {});
  emit("sh", cx.shapes[i], {}, {});
  emit("sc", cx.compressed[i], {}, {});
  emit("cl", cl, {}, {});
  static constexpr std::array<std::string_view, 4> kPre = {"p1", "p2", "p3", "p4"};
  static constexpr std::array<std::string_view, 4> kSuf = {"s1", "s2", "s3", "s4"};
  for (std::size_t k = 1; k <= 4 && k <= w.size(); ++k) {
    emit(kPre[k - 1], w.substr(0, k), {}, {});
    emit(kSuf[k - 1], w.substr(w.size() - k), {}, {});
  }
  emit("w-1", cx.norm(si - 1), {}, {});
  emit("w-2", cx.norm(si - 2), {}, {});
  emit("w+1", cx.norm(si + 1), {}, {});
  emit("w+2", cx.norm(si + 2), {}, {});
  emit("sc-1", cx.cshape(si - 1), {}, {});
  emit("sc-2", cx.cshape(si - 2), {}, {});
  emit("sc+1", cx.cshape(si + 1), {}, {});
  emit("sc+2", cx.cshape(si + 2), {}, {});
  emit("w-1w", cx.norm(si - 1), w, {});
  emit("ww+1", w, cx.norm(si + 1), {});
  emit("cl3", cx.cls(si - 1), cl, cx.cls(si + 1));
  static constexpr std::array<std::string_view, 4> kPos = {"0", "1", "2", "3+"};
  const std::string_view pos = kPos[std::min<std::size_t>(i, 3)];
  emit("pos", pos, cl, {});
  if (i + 1 == cx.words.size()) emit("last", cl, {}, {});
  if (cx.title) emit("title", cl, {}, {});
  const std::uint16_t g = cx.gaz[i];
  for (int k = 0; k < kGazKinds; ++k) {
    for (int inside = 0; inside < 2; ++inside) {
      if ((g & (1u << (2 * k + inside))) == 0) continue;
      const std::string_view where = inside ? "I" : "B";
      emit("g", kGazNames[static_cast<std::size_t>(k)], where, {});
      emit("gc", kGazNames[static_cast<std::size_t>(k)], where, cl);
    }
  }
  if (g == 0 && (cl == "Xx" || cl == "XX")) emit("g0", cl, {}, {});
  const auto neighbour_gaz = [&](std::ptrdiff_t j, std::string_view name) {
    if (j < 0 || static_cast<std::size_t>(j) >= cx.words.size()) return;
    const std::uint16_t gj = cx.gaz[static_cast<std::size_t>(j)];
    for (int k = 0; k < kGazKinds; ++k)
      if ((gj & (3u << (2 * k))) != 0) emit(name, kGazNames[static_cast<std::size_t>(k)], {}, {});
  };
  neighbour_gaz(si - 1, "g-1");
  neighbour_gaz(si + 1, "g+1");
}

// The feature hash: eight bytes at a time (read little-endian, byte by byte, so every platform
// gives the same rows), a multiply and a shift per step; the length ends each part, so "ab"+"c"
// and "a"+"bc" differ.
std::uint64_t mix_bytes(std::string_view bytes, std::uint64_t h) noexcept {
  constexpr std::uint64_t kMul = 0x9E3779B97F4A7C15ull;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  const auto step = [&](std::uint64_t v) {
    h = (h ^ v) * kMul;
    h ^= h >> 29;
  };
  for (; i + 8 <= n; i += 8) {
    std::uint64_t v = 0;
    for (int k = 7; k >= 0; --k) v = (v << 8) | p[i + static_cast<std::size_t>(k)];
    step(v);
  }
  std::uint64_t v = static_cast<std::uint64_t>(n) << 56;
  for (std::size_t k = 0; i + k < n; ++k) v |= static_cast<std::uint64_t>(p[i + k]) << (8 * k);
  step(v);
  return h;
}

}  // namespace

std::uint64_t fnv1a(std::string_view bytes, std::uint64_t h) noexcept {
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string tag_name(int tag) {
  if (tag == kOutside) return "O";
  std::string name = is_inside(tag) ? "I-" : "B-";
  name.append(to_string(type_of(tag)));
  return name;
}

std::vector<int> tags_of(const std::vector<NerSpan>& names, std::size_t n) {
  std::vector<int> tags(n, kOutside);
  for (const auto& s : names) {
    for (std::size_t i = s.begin; i < s.end && i < n; ++i)
      tags[i] = i == s.begin ? begin_tag(s.type) : inside_tag(s.type);
  }
  return tags;
}

std::vector<NerSpan> spans_of(const std::vector<int>& tags) {
  std::vector<NerSpan> out;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const int t = tags[i];
    if (t == kOutside) continue;
    const bool continues = is_inside(t) && !out.empty() && out.back().end == i && out.back().type == type_of(t);
    if (continues) {
      out.back().end = i + 1;
    } else {
      out.push_back(NerSpan{i, i + 1, type_of(t), 1.0});
    }
  }
  return out;
}

std::string word_shape(std::string_view surface) {
  std::string shape;
  for (std::size_t i = 0; i < surface.size() && shape.size() < 12; ++i) {
    const auto c = static_cast<unsigned char>(surface[i]);
    if (is_upper(c)) {
      shape.push_back('X');
    } else if (is_lower(c)) {
      shape.push_back('x');
    } else if (is_digit(c)) {
      shape.push_back('d');
    } else if (c >= 0xC0) {
      shape.push_back('x');  // the lead byte of a non-ASCII character; its continuation bytes are skipped
    } else if (c < 0x80) {
      shape.push_back(static_cast<char>(c));
    }
  }
  return shape;
}

std::string compress_shape(std::string_view shape) {
  std::string out;
  for (const char c : shape)
    if (out.empty() || out.back() != c) out.push_back(c);
  return out;
}

std::string_view word_class(std::string_view surface) {
  std::size_t upper = 0, lower = 0, digit = 0, other_letters = 0;
  bool inner_upper = false;
  for (std::size_t i = 0; i < surface.size(); ++i) {
    const auto c = static_cast<unsigned char>(surface[i]);
    if (is_upper(c)) {
      ++upper;
      if (i > 0 && lower > 0) inner_upper = true;
    } else if (is_lower(c)) {
      ++lower;
    } else if (is_digit(c)) {
      ++digit;
    } else if (c >= 0xC0) {
      ++other_letters;
    }
  }
  const std::size_t letters = upper + lower + other_letters;
  if (letters == 0) return digit > 0 ? "d" : "p";
  if (digit > 0 || inner_upper) return "mixed";
  if (upper == 0) return "x";
  if (lower == 0 && other_letters == 0) return upper == 1 ? "Xx" : "XX";
  return is_upper(static_cast<unsigned char>(surface[0])) ? "Xx" : "mixed";
}

SentenceFeatures extract_features(const std::vector<NerWord>& words, const Gazetteer* gazetteer, unsigned hash_bits) {
  SentenceFeatures f;
  const Context cx(words, gazetteer);
  f.offsets.reserve(words.size() + 1);
  f.rows.reserve(words.size() * 48);
  f.offsets.push_back(0);
  const unsigned shift = 64 - hash_bits;
  for (std::size_t i = 0; i < words.size(); ++i) {
    for_each_feature(cx, i, [&](std::string_view name, std::string_view a, std::string_view b, std::string_view c) {
      std::uint64_t h = mix_bytes(name, 0x243F6A8885A308D3ull);
      h = mix_bytes(a, h);
      if (!b.empty()) h = mix_bytes(b, h);
      if (!c.empty()) h = mix_bytes(c, h);
      f.rows.push_back(static_cast<std::uint32_t>(h >> shift));
    });
    f.offsets.push_back(static_cast<std::uint32_t>(f.rows.size()));
  }
  return f;
}

std::vector<std::string> feature_names(const std::vector<NerWord>& words, std::size_t i, const Gazetteer* gazetteer) {
  std::vector<std::string> out;
  if (i >= words.size()) return out;
  const Context cx(words, gazetteer);
  for_each_feature(cx, i, [&](std::string_view name, std::string_view a, std::string_view b, std::string_view c) {
    std::string s(name);
    s += '=';
    s += a;
    if (!b.empty()) (s += '|') += b;
    if (!c.empty()) (s += '|') += c;
    out.push_back(std::move(s));
  });
  return out;
}

}  // namespace sitrep::ner
