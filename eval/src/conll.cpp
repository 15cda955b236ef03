#include "conll.h"

#include "io.h"

namespace sitrep::eval {

Result<std::vector<ConllDocument>> parse_conll(std::string_view text, std::string_view name) {
  std::vector<ConllDocument> docs;
  ConllDocument doc;
  ConllSentence sentence;
  auto close_sentence = [&] {
    if (!sentence.words.empty()) doc.sentences.push_back(std::move(sentence));
    sentence = {};
  };
  auto close_document = [&] {
    close_sentence();
    if (!doc.sentences.empty()) docs.push_back(std::move(doc));
    doc = {};
  };
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const auto cols = split_ws(line);
    if (cols.empty()) {
      close_sentence();
      continue;
    }
    if (cols[0] == "-DOCSTART-") {
      close_document();
      continue;
    }
    if (cols.size() < 2)
      return Status::parse_error(std::string(name) + ":" + std::to_string(line_no) + ": expected 'WORD ... NER-TAG'");
    if (doc.sentences.empty() && sentence.words.empty()) doc.line = line_no;
    sentence.words.emplace_back(cols.front());
    sentence.tags.emplace_back(cols.back());
  }
  close_document();
  return docs;
}

std::vector<EntitySpan> iob1_spans(const std::vector<std::string>& tags) {
  std::vector<EntitySpan> out;
  bool open = false;
  EntitySpan cur;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const std::string& t = tags[i];
    const bool inside = t.size() > 2 && (t[0] == 'I' || t[0] == 'B') && t[1] == '-';
    if (!inside) {
      if (open) out.push_back(cur);
      open = false;
      continue;
    }
    const std::string type = t.substr(2);
    if (open && t[0] == 'I' && type == cur.type) {
      cur.end = i + 1;
      continue;
    }
    if (open) out.push_back(cur);
    cur = EntitySpan{i, i + 1, type};
    open = true;
  }
  if (open) out.push_back(cur);
  return out;
}

ConllText document_text(const ConllDocument& doc) {
  ConllText t;
  for (std::size_t s = 0; s < doc.sentences.size(); ++s) {
    if (s > 0) t.text.push_back('\n');
    const auto& words = doc.sentences[s].words;
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (w > 0) t.text.push_back(' ');
      t.word_begin.push_back(t.text.size());
      t.text += words[w];
      t.word_end.push_back(t.text.size());
    }
  }
  return t;
}

std::vector<EntitySpan> document_entities(const ConllDocument& doc) {
  std::vector<EntitySpan> out;
  std::size_t offset = 0;
  for (const auto& s : doc.sentences) {
    for (auto e : iob1_spans(s.tags)) {
      e.begin += offset;
      e.end += offset;
      out.push_back(std::move(e));
    }
    offset += s.words.size();
  }
  return out;
}

std::vector<NerSentence> ner_sentences(const std::vector<ConllDocument>& docs, const Analyzer& analyzer) {
  std::vector<NerSentence> out;
  for (const auto& doc : docs) {
    for (const auto& s : doc.sentences) {
      NerSentence ns;
      ns.words = ner_words(s.words, analyzer);
      for (const auto& e : iob1_spans(s.tags))
        if (const auto type = ner_type_from_string(e.type)) ns.names.push_back(NerSpan{e.begin, e.end, *type, 1.0});
      out.push_back(std::move(ns));
    }
  }
  return out;
}

}  // namespace sitrep::eval
