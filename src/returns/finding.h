// A validation finding: which DfE rule a return breaks, and where. Shared by
// the SSDA903 and CIN census validators and written in the formats the CLI
// offers (table, csv, json), so other tools can read them.
//
//   903 CSV:  rule,table,row,child          (row = 0-based data row in its file)
//   CIN CSV:  rule,table,column,row,child   (row may be empty for return-level findings)
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kith::returns {

enum class Severity { kError, kQuery };

struct Finding {
  std::string rule;                 // as in the DfE catalogue, e.g. "103", "SW01aSTG1", "8500"
  std::string table;                // e.g. "Episodes", "Header"
  std::string column;               // the field at fault when known (CIN output needs it)
  std::optional<long long> row;     // 0-based data row; nullopt for return-level findings
  std::string child;                // CHILD (903) or LAchildID (CIN)
  Severity severity = Severity::kError;
  // The rule's message: a view into the rule catalogue the validator was given, which must
  // outlive the findings (a return of 30,000 children can yield 300,000 findings; one copy
  // of each message per finding would cost tens of megabytes).
  std::string_view message;
};

enum class ReturnKind { kSsda903, kCin };
enum class Format { kTable, kCsv, kJson };

// Renders findings in a format; kind decides the CSV columns.
std::string render_findings(const std::vector<Finding>& findings, ReturnKind kind, Format format);

// True when any finding is an error (queries do not fail a return).
bool has_errors(const std::vector<Finding>& findings);

}  // namespace kith::returns
