#include "io/csv.h"

#include <fstream>
#include <sstream>

namespace kith::io {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Line number (1-based) of a byte offset, for messages.
std::int64_t line_of(std::string_view text, std::size_t offset) {
  std::int64_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

class Parser {
 public:
  Parser(std::string_view text, const std::string& name, const CsvOptions& o) : t_(text), name_(name), o_(o) {}

  // Reads one record into fields; false at end of input.
  Result<bool> record(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= t_.size()) return false;
    for (;;) {
      std::string field;
      KITH_RETURN_IF_ERROR(read_field(field, fields.size()));
      fields.push_back(std::move(field));
      if (pos_ >= t_.size()) return true;
      char c = t_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      if (c == '\r') ++pos_;
      if (pos_ < t_.size() && t_[pos_] == '\n') ++pos_;
      ++line_;
      return true;
    }
  }

  std::int64_t line() const { return line_; }

 private:
  Status error(const std::string& what, std::size_t column) const {
    return Status::invalid(name_ + " line " + std::to_string(line_) + ", column " + std::to_string(column + 1) + ": " + what);
  }

  Status read_field(std::string& out, std::size_t column) {
    if (pos_ < t_.size() && t_[pos_] == '"') return read_quoted(out, column);
    std::size_t start = pos_;
    while (pos_ < t_.size() && t_[pos_] != ',' && t_[pos_] != '\n' && t_[pos_] != '\r') {
      if (t_[pos_] == '"') return error("a quote inside an unquoted field", column);
      ++pos_;
    }
    if (pos_ - start > o_.max_field_bytes) return error("field longer than " + std::to_string(o_.max_field_bytes) + " bytes", column);
    out.assign(t_.substr(start, pos_ - start));
    return Status::ok();
  }

  Status read_quoted(std::string& out, std::size_t column) {
    std::int64_t start_line = line_;
    ++pos_;
    for (;;) {
      if (pos_ >= t_.size()) {
        line_ = start_line;
        return error("a quoted field is never closed", column);
      }
      char c = t_[pos_++];
      if (c == '"') {
        if (pos_ >= t_.size() || t_[pos_] != '"') break;
        ++pos_;  // a doubled quote is one quote, and counts towards the field's size
      } else if (c == '\n') {
        ++line_;
      }
      out += c;
      if (out.size() > o_.max_field_bytes) return error("field longer than " + std::to_string(o_.max_field_bytes) + " bytes", column);
    }
    if (pos_ < t_.size() && t_[pos_] != ',' && t_[pos_] != '\n' && t_[pos_] != '\r')
      return error("text after the closing quote of a field", column);
    return Status::ok();
  }

  std::string_view t_;
  const std::string& name_;
  const CsvOptions& o_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1;
};

}  // namespace

std::optional<std::size_t> CsvFile::column(std::string_view n) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == n) return i;
  return std::nullopt;
}

bool is_utf8(std::string_view s, std::size_t* bad_offset) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = byte(i);
    // Continuation bytes expected after a lead byte; 0xC0, 0xC1 and 0xF5+ never start a character.
    std::size_t n = c < 0x80 ? 0 : (c >= 0xC2 && c <= 0xDF) ? 1 : (c >> 4) == 0xE ? 2 : (c >= 0xF0 && c <= 0xF4) ? 3 : 4;
    bool ok = n < 4 && i + n < s.size();
    // RFC 3629: the second byte's range excludes overlong forms (E0, F0), surrogates (ED) and code points above U+10FFFF (F4).
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80, hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (ok && n > 0) ok = byte(i + 1) >= lo && byte(i + 1) <= hi;
    for (std::size_t k = 2; ok && k <= n; ++k) ok = (byte(i + k) >> 6) == 0x2;
    if (!ok) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += n + 1;
  }
  return true;
}

Result<CsvFile> parse_csv(std::string_view text, const std::string& name, const CsvOptions& options) {
  CsvFile file;
  file.name = name;
  if (text.substr(0, kBom.size()) == kBom) {
    file.had_bom = true;
    text.remove_prefix(kBom.size());
  }
  if (text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF")
    return Status::invalid(name + ": the file is UTF-16; save it as UTF-8 CSV");
  std::size_t bad = 0;
  if (!is_utf8(text, &bad))
    return Status::invalid(name + " line " + std::to_string(line_of(text, bad)) +
                           ": the text is not UTF-8 (perhaps Windows-1252); save the file as UTF-8 CSV");
  Parser parser(text, name, options);
  auto got = parser.record(file.header);
  if (!got) return got.status();
  if (!*got || (file.header.size() == 1 && file.header[0].empty())) return Status::invalid(name + ": the file is empty (no header row)");
  std::vector<std::string> fields;
  for (;;) {
    std::int64_t line = parser.line();
    auto more = parser.record(fields);
    if (!more) return more.status();
    if (!*more) break;
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (!options.allow_ragged && fields.size() != file.header.size())
      return Status::invalid(name + " line " + std::to_string(line) + ": " + std::to_string(fields.size()) + " fields, but the header has " +
                             std::to_string(file.header.size()));
    file.rows.push_back(std::move(fields));
    file.lines.push_back(line);
    fields = {};
  }
  return file;
}

Result<CsvFile> read_csv(const std::string& path, const CsvOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read '" + path + "'");
  std::stringstream buf;
  buf << in.rdbuf();
  return parse_csv(buf.str(), path, options);
}

std::string csv_field(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace kith::io
