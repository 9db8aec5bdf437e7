#include "returns/finding.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "io/csv.h"

namespace kith::returns {
namespace {

std::string row_text(const Finding& f) { return f.row ? std::to_string(*f.row) : std::string(); }

std::string as_csv(const std::vector<Finding>& findings, ReturnKind kind) {
  std::string out = kind == ReturnKind::kSsda903 ? "rule,table,row,child\n" : "rule,table,column,row,child\n";
  out.reserve(out.size() + findings.size() * 40);  // appended field by field: no temporaries per line
  for (const Finding& f : findings) {
    out += io::csv_field(f.rule);
    out += ',';
    out += io::csv_field(f.table);
    out += ',';
    if (kind == ReturnKind::kCin) {
      out += io::csv_field(f.column);
      out += ',';
    }
    out += row_text(f);
    out += ',';
    out += io::csv_field(f.child);
    out += '\n';
  }
  return out;
}

std::string as_json(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json j = {{"rule", f.rule}, {"table", f.table}, {"child", f.child},
                        {"severity", f.severity == Severity::kError ? "error" : "query"}, {"message", f.message}};
    j["row"] = f.row ? nlohmann::json(*f.row) : nlohmann::json(nullptr);
    if (!f.column.empty()) j["column"] = f.column;
    out.push_back(std::move(j));
  }
  return out.dump(2) + "\n";
}

std::string as_table(const std::vector<Finding>& findings) {
  if (findings.empty()) return "No findings.\n";
  std::string out = fmt::format("{:<10} {:<6} {:<14} {:<16} {:>6}  {:<12} {}\n", "rule", "level", "table", "column", "row", "child", "message");
  for (const Finding& f : findings)
    out += fmt::format("{:<10} {:<6} {:<14} {:<16} {:>6}  {:<12} {}\n", f.rule, f.severity == Severity::kError ? "error" : "query",
                       f.table, f.column, row_text(f), f.child, f.message);
  long errors = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
  return out + fmt::format("{} findings: {} errors, {} queries\n", findings.size(), errors, long(findings.size()) - errors);
}

}  // namespace

std::string render_findings(const std::vector<Finding>& findings, ReturnKind kind, Format format) {
  switch (format) {
    case Format::kCsv: return as_csv(findings, kind);
    case Format::kJson: return as_json(findings);
    case Format::kTable: break;
  }
  return as_table(findings);
}

bool has_errors(const std::vector<Finding>& findings) {
  return std::any_of(findings.begin(), findings.end(), [](const Finding& f) { return f.severity == Severity::kError; });
}

}  // namespace kith::returns
