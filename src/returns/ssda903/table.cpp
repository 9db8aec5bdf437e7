#include "returns/ssda903/table.h"

#include <algorithm>

#include <charconv>
#include <cstring>

namespace kith::returns::ssda903 {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

constexpr std::size_t kArenaChunk = 1 << 20;

}  // namespace

Day parse_day(std::string_view s) {
  // strptime's %d/%m/%Y takes "1/4/2021" too; pad to Date::parse_dmy's fixed form.
  std::size_t a = s.find('/');
  std::size_t b = a == std::string_view::npos ? a : s.find('/', a + 1);
  if (b == std::string_view::npos) return kNoDate;
  std::string_view d = s.substr(0, a), m = s.substr(a + 1, b - a - 1), y = s.substr(b + 1);
  if (d.size() < 1 || d.size() > 2 || m.size() < 1 || m.size() > 2 || y.size() != 4) return kNoDate;
  if (!all_digits(d) || !all_digits(m) || !all_digits(y)) return kNoDate;
  std::string fixed = (d.size() == 1 ? "0" : "") + std::string(d) + "/" + (m.size() == 1 ? "0" : "") + std::string(m) + "/" + std::string(y);
  auto date = Date::parse_dmy(fixed);
  return date ? to_day(*date) : kNoDate;
}

Date to_date(Day d) { return Date(std::chrono::sys_days(std::chrono::days(d))); }
Day to_day(Date d) { return Day(d.days().time_since_epoch().count()); }

const std::vector<Day>& Column::dates() const {
  if (dates_ready_.load(std::memory_order_acquire)) return dates_;
  // One lock for every column: each is parsed once, and rules rarely meet on the same column first.
  static std::mutex fill;
  std::lock_guard lock(fill);
  if (!dates_ready_.load(std::memory_order_relaxed)) {
    dates_.resize(cells_.size());
    for (std::size_t i = 0; i < cells_.size(); ++i) dates_[i] = cells_[i].empty() ? kNoDate : parse_day(cells_[i]);
    dates_ready_.store(true, std::memory_order_release);
  }
  return dates_;
}

std::optional<double> Column::number(std::size_t row) const {
  std::string_view s = cells_[row];
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

const Column* Table::column(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return columns_[i].get();
  return nullptr;
}

const ChildRows& Table::rows_by_child() const {
  std::lock_guard lock(cache_mutex_);
  return rows_by_child_locked();
}

const ChildRows& Table::rows_by_child_locked() const {
  if (by_child_) return *by_child_;
  by_child_ = std::make_unique<ChildRows>();
  if (const Column* child = column("CHILD"))
    for (std::size_t i = 0; i < rows_; ++i) (*by_child_)[(*child)[i]].push_back(i);
  return *by_child_;
}

const ChildRows& Table::rows_by_child_ordered_by(std::string_view date_column) const {
  std::lock_guard lock(cache_mutex_);
  if (auto found = by_child_ordered_.find(date_column); found != by_child_ordered_.end()) return found->second;
  ChildRows groups = rows_by_child_locked();
  if (const Column* c = column(date_column)) {
    auto key = [c](std::size_t row) { return c->date(row) == kNoDate ? std::numeric_limits<Day>::max() : c->date(row); };
    for (auto& [child, rows] : groups)
      std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  }
  return by_child_ordered_.emplace(std::string(date_column), std::move(groups)).first->second;
}

Column& Table::add_column(const std::string& name) {
  names_.push_back(name);
  columns_.push_back(std::make_unique<Column>());
  for (std::size_t r = 0; r < rows_; ++r) columns_.back()->push_back({});
  return *columns_.back();
}

void Table::append_row(const std::vector<std::string_view>& cells, std::int64_t line) {
  by_child_.reset();  // the groups describe the rows as they were
  by_child_ordered_.clear();
  for (std::size_t i = 0; i < columns_.size(); ++i) columns_[i]->push_back(i < cells.size() ? keep(cells[i]) : std::string_view{});
  if (line > 0) {
    lines_.resize(rows_, 0);
    lines_.push_back(line);
  }
  ++rows_;
}

std::string_view Table::keep(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > arena_left_) {
    std::size_t size = std::max(kArenaChunk, text.size());
    // Not zero-filled: a fresh 1 MiB chunk is mmapped, and filling it faults in every page,
    // which was ~40% of a one-child projection (the return checks on a child's page).
    arena_.push_back(std::make_unique_for_overwrite<char[]>(size));
    arena_next_ = arena_.back().get();
    arena_left_ = size;
  }
  std::memcpy(arena_next_, text.data(), text.size());
  std::string_view kept(arena_next_, text.size());
  arena_next_ += text.size();
  arena_left_ -= text.size();
  return kept;
}

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

Metadata metadata_for_year(int year, std::string local_authority) {
  Metadata m;
  m.collection_year = year;
  m.collection_start = to_day(Date::ymd(year - 1, 4, 1));
  m.collection_end = to_day(Date::ymd(year, 3, 31));
  m.local_authority = std::move(local_authority);
  return m;
}

const Table* Return903::table(std::string_view name) const {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

Table* Return903::table(std::string_view name) {
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second.get();
}

Table& Return903::add_table(const std::string& name) {
  auto& slot = tables_[name];
  slot = std::make_unique<Table>(name);
  return *slot;
}

std::vector<std::string> Return903::table_names() const {
  std::vector<std::string> out;
  for (const auto& [name, t] : tables_) out.push_back(name);
  return out;
}

}  // namespace kith::returns::ssda903
