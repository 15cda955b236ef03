// Tests: an XML document read by a real parser (expat, strict XML 1.0 well-formedness) into a
// small tree, for checking the Atom feeds (sitrep-search --format atom, sitrep-serve /feed.atom).
#pragma once

#include <expat.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace sitrep::test {

struct XmlNode {
  std::string name;  // with namespace processing: "URI NAME" (expat's separator ' ')
  std::vector<std::pair<std::string, std::string>> attrs;
  std::string text;  // the character data directly inside, entities resolved
  std::vector<std::unique_ptr<XmlNode>> children;

  const std::string* attr(const std::string& n) const {
    for (const auto& [k, v] : attrs)
      if (k == n) return &v;
    return nullptr;
  }
  // The children named NAME (namespace URI and local name).
  std::vector<const XmlNode*> all(const std::string& n) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children)
      if (c->name == n) out.push_back(c.get());
    return out;
  }
  const XmlNode* first(const std::string& n) const {
    auto a = all(n);
    return a.empty() ? nullptr : a.front();
  }
};

struct XmlParse {
  std::unique_ptr<XmlNode> root;  // null when the text is not well-formed
  std::string error;              // expat's message and line
};

inline XmlParse parse_xml(const std::string& text) {
  struct State {
    std::unique_ptr<XmlNode> root;
    std::vector<XmlNode*> open;
  } st;
  std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> p(XML_ParserCreateNS("UTF-8", ' '), &XML_ParserFree);
  XML_SetUserData(p.get(), &st);
  XML_SetElementHandler(
      p.get(),
      [](void* u, const XML_Char* name, const XML_Char** atts) {
        auto& s = *static_cast<State*>(u);
        auto node = std::make_unique<XmlNode>();
        node->name = name;
        for (int i = 0; atts[i]; i += 2) node->attrs.emplace_back(atts[i], atts[i + 1]);
        XmlNode* raw = node.get();
        if (s.open.empty())
          s.root = std::move(node);
        else
          s.open.back()->children.push_back(std::move(node));
        s.open.push_back(raw);
      },
      [](void* u, const XML_Char*) { static_cast<State*>(u)->open.pop_back(); });
  XML_SetCharacterDataHandler(p.get(), [](void* u, const XML_Char* s, int len) {
    auto& st = *static_cast<State*>(u);
    if (!st.open.empty()) st.open.back()->text.append(s, static_cast<std::size_t>(len));
  });
  XmlParse out;
  if (XML_Parse(p.get(), text.data(), static_cast<int>(text.size()), 1) == XML_STATUS_ERROR) {
    out.error = std::string(XML_ErrorString(XML_GetErrorCode(p.get()))) + " at line " +
                std::to_string(XML_GetCurrentLineNumber(p.get()));
    return out;
  }
  out.root = std::move(st.root);
  return out;
}

inline const std::string kAtomNs = "http://www.w3.org/2005/Atom ";

}  // namespace sitrep::test
