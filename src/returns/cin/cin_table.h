// The CIN census as the rules see it: the flattened tables of
// shared/spec/cin/elements.md (Header, ChildIdentifiers, CINdetails, ...),
// stored column by column so a rule scans only the fields it reads.
//
// A cell is text or null (absent or empty element). Columns whose name
// contains "date" also hold the parsed date, null when the text is not a
// date. AssessmentFactors cells are lists of codes. Rows keep the 0-based
// position the DfE vectors and the findings use.
//
// Thread-safety: a CinReturn is a value; reading it from many threads is safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/date.h"

namespace kith::returns::cin {

class Column {
 public:
  // A date column parses its cells; a list column holds lists of codes.
  enum class Kind { kText, kDate, kList };
  explicit Column(Kind kind = Kind::kText) : kind_(kind) {}

  void push(std::optional<std::string> cell);
  void push_list(std::vector<std::string> codes);

  // Cells beyond the end read as null, so a missing column is all null.
  std::optional<std::string_view> text(std::size_t row) const;
  std::optional<Date> date(std::size_t row) const;
  bool is_null(std::size_t row) const { return !text(row) && list(row).empty(); }
  // The codes of a list cell; a text cell reads as a one-code list.
  const std::vector<std::string>& list(std::size_t row) const;

  std::size_t size() const { return present_.size(); }
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
  std::vector<std::string> text_;
  std::vector<bool> present_;
  std::vector<std::optional<Date>> dates_;
  std::vector<std::vector<std::string>> lists_;
};

// The kind a column of this name has in the census tables.
Column::Kind column_kind(std::string_view name);

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<std::string> column_names);

  // The named column; an all-null column when the table has no such column.
  const Column& col(std::string_view name) const;
  bool has(std::string_view name) const { return index_.find(name) != index_.end(); }
  // Columns by position, in the order given to the constructor (for loaders).
  std::size_t width() const { return columns_.size(); }
  const std::string& name_at(std::size_t i) const { return names_[i]; }
  Column& at(std::size_t i) { return columns_[i]; }
  // Call after filling the columns of a row, to count it.
  void end_row() { ++rows_; }
  std::size_t rows() const { return rows_; }

 private:
  std::vector<Column> columns_;
  std::vector<std::string> names_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::size_t rows_ = 0;
};

// The flattened tables by name; a table the return lacks reads as empty.
class CinReturn {
 public:
  const Table& table(std::string_view name) const;
  Table& add_table(const std::string& name, std::vector<std::string> column_names);

  // The census reference date: Header.ReferenceDate when it is a date,
  // else the given default (31 March of the collection year).
  Date reference_date(Date fallback) const;

 private:
  std::map<std::string, Table, std::less<>> tables_;
};

// The columns of each flattened table, in elements.md order.
const std::vector<std::pair<std::string, std::vector<std::string>>>& census_tables();

}  // namespace kith::returns::cin
