// The in-memory SSDA903 return: columnar tables of normalised text cells
// (string_views into the table's arena; "" is null), with dates and numbers
// parsed lazily per column on first use, so each rule pays only for what it reads.
//
// Thread-safety: once built, a Return903 may be read by several threads at once
// (validate() runs the rules on two): the lazy caches (a column's dates, a
// table's rows by child) are filled under a lock on first read. Building
// (add_table, add_column, append_row) is single-threaded.
#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/date.h"

namespace kith::returns::ssda903 {

// Days since 1970-01-01; kNoDate for a null cell or text that is not dd/mm/YYYY.
using Day = std::int32_t;
inline constexpr Day kNoDate = std::numeric_limits<Day>::min();

// Parses "dd/mm/YYYY" as the reference validator does (strptime: one- or two-digit
// day and month, four-digit year); kNoDate when it is not a real date.
Day parse_day(std::string_view text);
// The Date of a Day (which must not be kNoDate), and back.
Date to_date(Day d);
Day to_day(Date d);

class Column {
 public:
  Column() = default;
  // A copy has the cells; its date cache is filled again on first use.
  Column(const Column& other) : cells_(other.cells_) {}
  Column& operator=(const Column& other) {
    cells_ = other.cells_;
    dates_.clear();
    dates_ready_.store(false, std::memory_order_relaxed);
    return *this;
  }

  std::size_t size() const { return cells_.size(); }
  // The cell's text; empty when null (the importer turns "" into null).
  std::string_view operator[](std::size_t row) const { return cells_[row]; }
  bool null(std::size_t row) const { return cells_[row].empty(); }
  // The cell as a date; kNoDate when null or not a valid dd/mm/YYYY date.
  Day date(std::size_t row) const { return dates()[row]; }
  const std::vector<Day>& dates() const;
  // The cell as a number; nullopt when null or not numeric.
  std::optional<double> number(std::size_t row) const;

  void push_back(std::string_view cell) { cells_.push_back(cell); }

 private:
  std::vector<std::string_view> cells_;
  mutable std::vector<Day> dates_;
  mutable std::atomic<bool> dates_ready_{false};  // set (release) once dates_ is filled
};

// Rows grouped by CHILD: child id -> row numbers.
using ChildRows = std::unordered_map<std::string_view, std::vector<std::size_t>>;

class Table {
 public:
  explicit Table(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  std::size_t rows() const { return rows_; }
  // The column, or nullptr when the table has no such column.
  const Column* column(std::string_view name) const;
  const std::vector<std::string>& column_names() const { return names_; }
  // The file line (1-based) where a row starts, when read from a file; 0 otherwise.
  std::int64_t line(std::size_t row) const { return row < lines_.size() ? lines_[row] : 0; }

  // Rows grouped by CHILD, in row order; empty when the table has no CHILD column.
  // Computed on first use and shared by every rule (most rules look at a child's rows together).
  const ChildRows& rows_by_child() const;
  // The same groups, each ordered by a date column (null or invalid dates last, ties in row
  // order, as pandas sorts NaT); row order when the table lacks the column. Cached per column.
  const ChildRows& rows_by_child_ordered_by(std::string_view date_column) const;

  // Building: add the columns, then append rows (one cell per column, already normalised).
  Column& add_column(const std::string& name);
  void append_row(const std::vector<std::string_view>& cells, std::int64_t line = 0);
  // Copies text into the table's arena; the view lives as long as the table.
  std::string_view keep(std::string_view text);

 private:
  std::string name_;
  std::size_t rows_ = 0;
  std::vector<std::string> names_;
  std::vector<std::unique_ptr<Column>> columns_;
  std::vector<std::int64_t> lines_;
  std::vector<std::unique_ptr<char[]>> arena_;
  std::size_t arena_left_ = 0;
  char* arena_next_ = nullptr;
  const ChildRows& rows_by_child_locked() const;
  mutable std::mutex cache_mutex_;  // guards the two caches below
  mutable std::unique_ptr<ChildRows> by_child_;
  mutable std::map<std::string, ChildRows, std::less<>> by_child_ordered_;
};

// Upper-cases ASCII letters, as the reference importer upper-cases every value.
std::string upper(std::string_view text);

// How the return reached the rules. CSV files: the importer derives Header.UASC from the
// UASC table. The XML form: Header.UASC is what the LA entered (rules 105, 205A-D differ).
enum class ReturnFormat { kCsv, kXml };

// What the rules know besides the tables (collection year, LA, providers, the file format).
struct Metadata {
  std::optional<int> collection_year;  // e.g. 2026 for 2025/26
  std::optional<Day> collection_start;  // 01/04/<year-1>
  std::optional<Day> collection_end;    // 31/03/<year>
  std::string local_authority;          // the submitting LA's E-code
  std::shared_ptr<const Table> provider_info;  // Ofsted providers (URN, ...), when supplied
  ReturnFormat format = ReturnFormat::kCsv;     // the current year's form; set by add_csv / add_xml
};

// Metadata for a collection year ending in March of `year`.
Metadata metadata_for_year(int year, std::string local_authority);

// A return: the current year's tables and, suffixed "_last", the previous year's.
class Return903 {
 public:
  // The table, or nullptr when the return has none of that name.
  const Table* table(std::string_view name) const;
  Table* table(std::string_view name);
  Table& add_table(const std::string& name);
  std::vector<std::string> table_names() const;

  Metadata metadata;

 private:
  std::map<std::string, std::unique_ptr<Table>, std::less<>> tables_;
};

}  // namespace kith::returns::ssda903
