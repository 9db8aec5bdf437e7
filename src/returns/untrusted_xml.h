// Reading return files in XML that someone else wrote (CIN census, SSDA903 XML
// form) and checking XML against a return's XSD, with libxml2, the same way for
// every return: no DOCTYPE (so no entity is ever declared: no "billion laughs",
// no external entities), no network, libxml2's own depth and size limits kept,
// errors naming the file and line. Shared by cin_reader.cpp and
// ssda903/xml_reader.cpp, and by the exports that check what they write.
//
// Thread-safety: every function may be called from any thread; libxml2 is
// initialised once, and parsed schemas are cached behind a mutex (libxml2
// schemas are read-only once parsed and may be shared by validators).
#pragma once

#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace kith::returns {

struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using XmlDocPtr = std::unique_ptr<xmlDoc, XmlDocFree>;

// The largest XML file a reader accepts (a census of a million children is far smaller).
inline constexpr std::size_t kMaxXmlBytes = std::size_t(1) << 30;

// Initialises libxml2 once and silences its stderr reporting (errors come back as values).
// Safe to call many times, from any thread.
void init_libxml();

// Parses untrusted XML into a tree. kind names the file in messages ("CIN census", "SSDA903").
// Invalid naming file and line: a DOCTYPE, malformed or truncated XML, more than kMaxXmlBytes.
Result<XmlDocPtr> parse_untrusted_xml(std::string_view xml, const std::string& name, const std::string& kind);

// The parsed XSD at path, cached for the process; io error "cannot open/read the <kind> schema <path>".
// The schema lives until the process ends.
Result<xmlSchema*> load_xsd(const std::string& path, const std::string& kind);

// Checks a parsed document against the XSD: the violations ("<name> line N: message",
// at most 1000 then "more schema errors not shown"); io error when the XSD cannot be loaded.
Result<std::vector<std::string>> validate_tree(xmlDoc* doc, const std::string& name, const std::string& schema_path,
                                               const std::string& kind);

// The same check while reading the file with libxml2's streaming (SAX) validator: no tree is built,
// so memory stays flat whatever the file's size. For files Kith wrote itself (no DOCTYPE check).
// A file that is not well-formed yields violations too; io error when it or the XSD cannot be read.
Result<std::vector<std::string>> validate_file_streaming(const std::string& path, const std::string& name,
                                                         const std::string& schema_path, const std::string& kind);

// The streaming check of XML held in memory (e.g. before encrypting it): no tree is built.
Result<std::vector<std::string>> validate_text_streaming(std::string_view xml, const std::string& name,
                                                         const std::string& schema_path, const std::string& kind);

// A libxml2 message without its trailing newline; "unknown error" for null.
std::string xml_message(const char* message);

}  // namespace kith::returns
