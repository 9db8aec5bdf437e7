#include "returns/untrusted_xml.h"

#include <libxml/parser.h>
#include <libxml/xmlIO.h>
#include <libxml/xmlschemas.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>

namespace kith::returns {
namespace {

struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct SchemaFree {
  void operator()(xmlSchema* s) const { xmlSchemaFree(s); }
};
struct ValidCtxtFree {
  void operator()(xmlSchemaValidCtxt* c) const { xmlSchemaFreeValidCtxt(c); }
};

void ignore_errors(void*, const char*, ...) {}

// What the parse saw, kept in the parser's _private: a DOCTYPE, and the first error
// (libxml2 keeps only the last, often a consequence such as "premature end of data").
struct ParseWatch {
  bool doctype = false;
  bool failed = false;
  int line = 0;
  std::string message;
};

// A return file never has a DOCTYPE; stopping at one means no entity is ever
// declared, so entity bombs ("billion laughs") and external entities cannot start.
void refuse_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  static_cast<ParseWatch*>(ctxt->_private)->doctype = true;
  xmlStopParser(ctxt);
}

void keep_first_error(void* ctx, xmlErrorPtr err) {
  auto* watch = static_cast<ParseWatch*>(static_cast<xmlParserCtxt*>(ctx)->_private);
  if (watch->failed || !err || err->level < XML_ERR_ERROR) return;
  watch->failed = true;
  watch->line = err->line;
  watch->message = xml_message(err->message);
}

struct SchemaErrors {
  std::string file;
  std::vector<std::string> messages;
};

void collect_schema_error(void* ctx, xmlErrorPtr err) {
  auto* sink = static_cast<SchemaErrors*>(ctx);
  constexpr std::size_t kMaxMessages = 1000;  // a wholly wrong file should not produce gigabytes of messages
  if (sink->messages.size() == kMaxMessages) sink->messages.push_back(sink->file + ": more schema errors not shown");
  if (sink->messages.size() > kMaxMessages) return;
  sink->messages.push_back(sink->file + " line " + std::to_string(err->line) + ": " + xml_message(err->message));
}

// Runs one validation with a fresh validator context; run gets the context and returns libxml2's code.
template <typename Run>
Result<std::vector<std::string>> validate_with(const std::string& name, const std::string& schema_path, const std::string& kind,
                                               Run&& run) {
  init_libxml();
  auto schema = load_xsd(schema_path, kind);
  if (!schema) return schema.status();
  SchemaErrors sink{name, {}};
  std::unique_ptr<xmlSchemaValidCtxt, ValidCtxtFree> vctxt(xmlSchemaNewValidCtxt(*schema));
  if (!vctxt) return Status::io("cannot create a schema validator");
  xmlSchemaSetValidStructuredErrors(vctxt.get(), collect_schema_error, &sink);
  int code = run(vctxt.get());
  // The streaming validator reports a parse error (not well-formed, truncated) through its return code only.
  if (code < 0 || (code > 0 && sink.messages.empty()))
    sink.messages.push_back(name + ": not well-formed XML or not readable (libxml2 code " + std::to_string(code) + ")");
  return std::move(sink.messages);
}

// Input callbacks over a string_view (the context), consumed from the front.
int read_from_view(void* context, char* buffer, int length) {
  auto* rest = static_cast<std::string_view*>(context);
  std::size_t n = std::min(rest->size(), std::size_t(length));
  std::memcpy(buffer, rest->data(), n);
  rest->remove_prefix(n);
  return int(n);
}
int close_view(void*) { return 0; }

}  // namespace

std::string xml_message(const char* message) {
  std::string s = message ? message : "unknown error";
  // Some libxml2 messages go on with the offending text on further lines (a CDATA section's
  // content, say): the first line says what is wrong, and file text stays out of messages.
  if (auto nl = s.find('\n'); nl != std::string::npos && nl > 0) s.resize(nl);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void init_libxml() {
  static std::once_flag once;
  std::call_once(once, [] {
    xmlInitParser();
    xmlSetGenericErrorFunc(nullptr, ignore_errors);  // errors are reported through the context, not stderr
  });
}

Result<XmlDocPtr> parse_untrusted_xml(std::string_view xml, const std::string& name, const std::string& kind) {
  init_libxml();
  if (xml.size() > kMaxXmlBytes) return Status::invalid(name + ": file is larger than 1 GiB; not a " + kind + " file");
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Status::io("cannot create an XML parser");
  ParseWatch watch;
  ctxt->_private = &watch;
  ctxt->sax->internalSubset = refuse_doctype;
  ctxt->sax->serror = keep_first_error;
  // NONET: no network fetches; no NOENT/DTDLOAD: entities are never substituted
  // or loaded; no HUGE: libxml2 keeps its limits on depth and text size.
  int options = XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
  XmlDocPtr doc(xmlCtxtReadMemory(ctxt.get(), xml.data(), int(xml.size()), name.c_str(), nullptr, options));
  if (watch.doctype) {
    return Status::invalid(name + " line " + std::to_string(xmlSAX2GetLineNumber(ctxt.get())) + ": a DOCTYPE is not allowed in " + kind +
                           " files (entity declarations are refused)");
  }
  if (!doc || !ctxt->wellFormed) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    int line = watch.failed ? watch.line : err ? err->line : 0;
    std::string what = watch.failed ? watch.message : xml_message(err ? err->message : nullptr);
    return Status::invalid(name + " line " + std::to_string(line) + ": not well-formed XML: " + what);
  }
  return doc;
}

// Parsed schemas are kept: parsing the XSD costs more than validating a small file.
Result<xmlSchema*> load_xsd(const std::string& path, const std::string& kind) {
  init_libxml();
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<xmlSchema, SchemaFree>> cache;
  std::lock_guard lock(mutex);
  if (auto it = cache.find(path); it != cache.end()) return it->second.get();
  xmlSchemaParserCtxt* pctxt = xmlSchemaNewParserCtxt(path.c_str());
  if (!pctxt) return Status::io("cannot open the " + kind + " schema " + path);
  xmlSchemaSetParserStructuredErrors(pctxt, [](void*, xmlErrorPtr) {}, nullptr);
  xmlSchema* schema = xmlSchemaParse(pctxt);
  xmlSchemaFreeParserCtxt(pctxt);
  if (!schema) return Status::io("cannot read the " + kind + " schema " + path);
  return cache.emplace(path, schema).first->second.get();
}

Result<std::vector<std::string>> validate_tree(xmlDoc* doc, const std::string& name, const std::string& schema_path,
                                               const std::string& kind) {
  return validate_with(name, schema_path, kind, [&](xmlSchemaValidCtxt* v) {
    int code = xmlSchemaValidateDoc(v, doc);
    return code < 0 ? code : 0;  // violations come through the sink; only an internal error counts here
  });
}

Result<std::vector<std::string>> validate_file_streaming(const std::string& path, const std::string& name,
                                                         const std::string& schema_path, const std::string& kind) {
  return validate_with(name, schema_path, kind, [&](xmlSchemaValidCtxt* v) { return xmlSchemaValidateFile(v, path.c_str(), 0); });
}

Result<std::vector<std::string>> validate_text_streaming(std::string_view xml, const std::string& name,
                                                         const std::string& schema_path, const std::string& kind) {
  if (xml.size() > kMaxXmlBytes) return Status::invalid(name + ": larger than 1 GiB; not a " + kind + " file");
  return validate_with(name, schema_path, kind, [&](xmlSchemaValidCtxt* v) {
    // The parser pulls the text through a read callback, chunk by chunk, where it is: no copy of
    // it (CreateMem copies; CreateStatic fails with the streaming validator in libxml2 2.9).
    // The parser that xmlSchemaValidateStream creates frees the buffer with itself.
    std::string_view rest = xml;
    xmlParserInputBufferPtr input = xmlParserInputBufferCreateIO(read_from_view, close_view, &rest, XML_CHAR_ENCODING_NONE);
    if (!input) return -1;
    return xmlSchemaValidateStream(v, input, XML_CHAR_ENCODING_NONE, nullptr, nullptr);
  });
}

}  // namespace kith::returns
