// sitrep-eval: the Reuters-21578 SGML files (latin-1, <REUTERS> documents with <PLACES> codes).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::eval {

struct ReutersDoc {
  std::string newid;                  // NEWID attribute
  std::string date;                   // <DATE> as written (entities decoded)
  std::string split;                  // LEWISSPLIT attribute: TRAIN, TEST or NOT-USED
  std::vector<std::string> places;    // <PLACES><D>code</D>...</PLACES>, in order
  std::string title, dateline, body;  // UTF-8, entities decoded; body is the whole <TEXT> when it has no <BODY>
};

// Latin-1 bytes to UTF-8.
std::string latin1_to_utf8(std::string_view latin1);
// Decodes &lt; &gt; &amp; &quot; &apos; and &#N; / &#xN; (other text, unknown or malformed
// references kept as written). C0 control characters other than tab and line feed, which
// Reuters writes as &#2; &#3; &#5; ..., become spaces.
std::string decode_sgml_entities(std::string_view text);

// Every <REUTERS> document of one SGML file already converted to UTF-8. Fails, naming the
// file, on a <REUTERS> without its </REUTERS>.
Result<std::vector<ReutersDoc>> parse_reuters_sgml(std::string_view utf8, std::string_view name = "sgml");

// Every document of every *.sgm file of a directory (files in numeric-then-name order), read as
// latin-1. Fails when the directory cannot be read, holds no .sgm file, or a file cannot be parsed.
Result<std::vector<ReutersDoc>> read_reuters_dir(const std::string& dir);

}  // namespace sitrep::eval
