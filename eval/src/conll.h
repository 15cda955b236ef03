// sitrep-eval: the CoNLL-2003 NER format (one token per line "WORD POS CHUNK NER", IOB1 tags).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/analyzer.h"
#include "sitrep/ner_model.h"
#include "sitrep/status.h"

namespace sitrep::eval {

struct ConllSentence {
  std::vector<std::string> words;
  std::vector<std::string> tags;  // the last column: O, I-PER, B-LOC, ...
};

struct ConllDocument {
  std::vector<ConllSentence> sentences;
  std::size_t line = 0;  // 1-based line of its first token
};

// An entity: tokens [begin, end) of a sentence or a document, and its type (PER, LOC, ...).
struct EntitySpan {
  std::size_t begin = 0, end = 0;
  std::string type;
  bool operator==(const EntitySpan&) const = default;
  auto operator<=>(const EntitySpan&) const = default;
};

// Documents of a CoNLL text. A "-DOCSTART-" line closes the document before it (if any), so the
// separators may come at the start of each document (the usual distribution) or at its end (the
// copy sitrep tests with). Blank lines separate sentences. A token line needs at least two
// columns: the first is the word, the last the NER tag; otherwise a parse error naming the line.
Result<std::vector<ConllDocument>> parse_conll(std::string_view text, std::string_view name = "conll");

// Entities of one tag sequence in IOB1: I-X continues an entity of type X when the previous tag
// is I-X or B-X, and starts one otherwise; B-X always starts one; O ends it. Also accepts IOB2.
std::vector<EntitySpan> iob1_spans(const std::vector<std::string>& tags);

// A document as one text: words joined by single spaces, sentences by "\n". word_begin/word_end
// hold each word's byte range, in document order (sentence by sentence).
struct ConllText {
  std::string text;
  std::vector<std::size_t> word_begin, word_end;
};
ConllText document_text(const ConllDocument& doc);

// Gold entities of a document, token indices in document order (as in ConllText).
std::vector<EntitySpan> document_entities(const ConllDocument& doc);

// Training and evaluation sentences of the name tagger (ner_model.h): every sentence of every
// document, its words folded by the analyzer, its names read from the IOB1 tags (iob1_spans);
// names of a type the model does not know are left out.
std::vector<NerSentence> ner_sentences(const std::vector<ConllDocument>& docs, const Analyzer& analyzer);

}  // namespace sitrep::eval
