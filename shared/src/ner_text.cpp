// The name tagger's reading of a tokenized text (sitrep/ner_model.h: ner_text_sentences).
#include <algorithm>

#include "sitrep/ner_model.h"

namespace sitrep {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The byte length of a possessive ending the surface ("'s", "’s", a bare "'" after s), or 0.
std::size_t possessive_bytes(std::string_view s) {
  for (std::string_view e : {std::string_view("'s"), std::string_view("\xE2\x80\x99s"), std::string_view("'S")})
    if (s.size() > e.size() && s.substr(s.size() - e.size()) == e) return e.size();
  return 0;
}

struct Builder {
  std::string_view text;
  const std::vector<Token>& tokens;
  std::vector<NerTextSentence> out;

  NerTextSentence& current() {
    if (out.empty()) out.emplace_back();
    return out.back();
  }
  void close() {
    if (!out.empty() && !out.back().words.empty()) out.emplace_back();
  }
  void add(std::string surface, std::string norm, std::size_t first, std::size_t end_tok, std::size_t b, std::size_t e) {
    NerTextSentence& s = current();
    s.words.push_back(NerWord{std::move(surface), std::move(norm)});
    s.first_token.push_back(first);
    s.end_token.push_back(end_tok);
    s.begin.push_back(b);
    s.end.push_back(e);
  }
  // Punctuation between two words: each character a word of its own, a line break ending the sentence.
  void gap(std::size_t from, std::size_t to, std::size_t token_index) {
    for (std::size_t k = from; k < to;) {
      const char c = text[k];
      if (c == '\n') {
        close();
        ++k;
        continue;
      }
      if (is_space(c)) {
        ++k;
        continue;
      }
      std::size_t len = 1;
      if (static_cast<unsigned char>(c) >= 0xC0)
        while (k + len < to && (static_cast<unsigned char>(text[k + len]) & 0xC0) == 0x80) ++len;
      const std::string p(text.substr(k, len));
      add(p, p, token_index, token_index, k, k + len);
      k += len;
    }
  }
};

}  // namespace

std::vector<NerTextSentence> ner_text_sentences(std::string_view text, const std::vector<Token>& tokens) {
  Builder b{text, tokens, {}};
  std::size_t prev_end = 0;
  for (std::size_t i = 0; i < tokens.size();) {
    const Token& t = tokens[i];
    b.gap(std::min(prev_end, t.begin), t.begin, i);
    // A sentence start, unless a lower-case word follows an abbreviation ("the U.S. said").
    const bool lower = !t.surface.empty() && t.surface[0] >= 'a' && t.surface[0] <= 'z';
    if (t.sentence_start && !lower) b.close();
    // A word joined to the next by a hyphen: one word ("al-Assad").
    std::size_t j = i + 1, end = t.end;
    std::string surface = t.surface, norm = t.norm;
    while (j < tokens.size() && tokens[j].begin == end + 1 && text[end] == '-') {
      surface += '-';
      surface += tokens[j].surface;
      norm += ' ';
      norm += tokens[j].norm;
      end = tokens[j].end;
      ++j;
    }
    // The full stop of an abbreviation ("U.S" + ".").
    if (end < text.size() && text[end] == '.' && surface.find('.') != std::string::npos) {
      surface += '.';
      ++end;
    }
    if (const std::size_t pb = possessive_bytes(surface); pb > 0 && j == i + 1) {
      b.add(surface.substr(0, surface.size() - pb), norm, i, j, t.begin, end - pb);
      b.add(surface.substr(surface.size() - pb), "s", j, j, end - pb, end);
    } else {
      b.add(std::move(surface), std::move(norm), i, j, t.begin, end);
    }
    prev_end = end;
    i = j;
  }
  b.gap(std::min(prev_end, text.size()), text.size(), tokens.size());
  if (!b.out.empty() && b.out.back().words.empty()) b.out.pop_back();
  return b.out;
}

std::vector<NerMention> NerModel::mentions(std::string_view text, const std::vector<Token>& tokens,
                                           const Gazetteer* gazetteer) const {
  std::vector<NerMention> out;
  for (const auto& s : ner_text_sentences(text, tokens)) {
    for (const auto& span : tag(s.words, gazetteer)) {
      NerMention m;
      m.type = span.type;
      m.first_token = s.first_token[span.begin];
      m.end_token = std::max(m.first_token, s.end_token[span.end - 1]);
      m.begin = s.begin[span.begin];
      m.end = s.end[span.end - 1];
      m.confidence = span.confidence;
      if (m.end_token > m.first_token) out.push_back(m);
    }
  }
  return out;
}

}  // namespace sitrep
