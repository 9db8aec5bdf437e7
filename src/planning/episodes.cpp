#include "planning/episodes.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_map>

#include "io/csv.h"

namespace kith::planning {
namespace fs = std::filesystem;
namespace {

std::string upper(std::string s) {
  for (char& c : s) c = char(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string lower(std::string s) {
  for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The CSV file in folder whose name contains word (lower case), if any.
std::optional<std::string> find_file(const fs::path& folder, const std::string& word) {
  std::vector<std::string> found;
  for (const auto& e : fs::directory_iterator(folder)) {
    std::string name = lower(e.path().filename().string());
    if (e.is_regular_file() && name.ends_with(".csv") && name.find(word) != std::string::npos) found.push_back(e.path().string());
  }
  if (found.empty()) return std::nullopt;
  std::sort(found.begin(), found.end());
  return found.front();
}

// A CSV file's columns by name, upper-cased values, "" as null.
class Table {
 public:
  Table(io::CsvFile f) : f_(std::move(f)) {
    for (std::size_t i = 0; i < f_.header.size(); ++i) cols_[upper(f_.header[i])] = i;
  }
  Status require(std::initializer_list<const char*> names) const {
    for (const char* n : names)
      if (!cols_.count(n)) return Status::invalid(f_.name + ": no " + n + " column");
    return Status::ok();
  }
  std::size_t size() const { return f_.rows.size(); }
  std::string get(std::size_t row, const std::string& col) const {
    auto it = cols_.find(col);
    return it == cols_.end() ? std::string() : upper(f_.rows[row][it->second]);
  }
  std::string where(std::size_t row) const { return f_.name + " line " + std::to_string(f_.lines[row]); }

 private:
  io::CsvFile f_;
  std::unordered_map<std::string, std::size_t> cols_;
};

// Parses an optional dd/mm/YYYY field; false (with the reason) when it is not blank and not a date.
bool parse_date(const std::string& text, const char* column, std::optional<Date>& out, std::string& reason) {
  out.reset();
  if (text.empty()) return true;
  out = Date::parse_dmy(text);
  if (!out) reason = std::string(column) + " '" + text + "' is not a dd/mm/YYYY date";
  return out.has_value();
}

Status read_header(const std::string& path, std::unordered_map<std::string, Date>& dobs, EpisodeInput& in) {
  auto csv = io::read_csv(path);
  if (!csv) return csv.status();
  Table t(std::move(*csv));
  KITH_RETURN_IF_ERROR(t.require({"CHILD", "DOB"}));
  for (std::size_t r = 0; r < t.size(); ++r) {
    std::optional<Date> dob;
    std::string reason;
    if (!parse_date(t.get(r, "DOB"), "DOB", dob, reason)) in.excluded.push_back({"date not readable", t.where(r), t.get(r, "CHILD"), reason});
    if (dob && !t.get(r, "CHILD").empty()) dobs[t.get(r, "CHILD")] = *dob;
  }
  return Status::ok();
}

// One Episodes row into in.rows, or into in.excluded when unreadable.
void read_episode(const Table& t, std::size_t r, EpisodeInput& in) {
  std::string child = t.get(r, "CHILD"), place = t.get(r, "PLACE"), reason;
  EpisodeRow row;
  if (!parse_date(t.get(r, "DECOM"), "DECOM", row.start, reason) || !parse_date(t.get(r, "DEC"), "DEC", row.end, reason)) {
    in.excluded.push_back({"date not readable", t.where(r), child, reason});
    return;
  }
  if (!placement_for_code(place)) {
    in.excluded.push_back({"unknown placement type", t.where(r), child, place.empty() ? "no placement type (PLACE)" : "unknown placement type (PLACE) '" + place + "'"});
    return;
  }
  row.subtype = subtype_for(place, t.get(r, "PLACE_PROVIDER"));
  std::string rne = t.get(r, "RNE");
  row.rne = rne.size() == 1 ? rne[0] : 0;
  row.child = child.empty() ? -1 : in.child_index(child);
  row.source = in.add_source(t.where(r));
  in.note_date(row.start);
  in.note_date(row.end);
  in.rows.push_back(row);
}

Status read_year(const fs::path& folder, std::unordered_map<std::string, Date>& dobs, EpisodeInput& in) {
  auto episodes = find_file(folder, "episode");
  if (!episodes) return Status::invalid(folder.string() + ": no Episodes CSV file (a name containing \"episodes\")");
  if (auto header = find_file(folder, "header")) KITH_RETURN_IF_ERROR(read_header(*header, dobs, in));
  auto csv = io::read_csv(*episodes);
  if (!csv) return csv.status();
  Table t(std::move(*csv));
  KITH_RETURN_IF_ERROR(t.require({"CHILD", "DECOM", "DEC", "PLACE"}));
  for (std::size_t r = 0; r < t.size(); ++r) read_episode(t, r, in);
  return Status::ok();
}

// The folders to read: the folder itself when it holds an Episodes file, else its sub-folders.
std::vector<fs::path> year_folders(const fs::path& folder) {
  if (find_file(folder, "episode")) return {folder};
  std::vector<fs::path> years;
  for (const auto& e : fs::directory_iterator(folder))
    if (e.is_directory()) years.push_back(e.path());
  std::sort(years.begin(), years.end());
  return years.empty() ? std::vector<fs::path>{folder} : years;
}

}  // namespace

std::int32_t EpisodeInput::child_index(const std::string& id) {
  auto [it, added] = child_ids.emplace(id, std::int32_t(children.size()));
  if (added) children.push_back(id);
  return it->second;
}

std::int32_t EpisodeInput::add_source(std::string where) {
  sources.push_back(std::move(where));
  return std::int32_t(sources.size() - 1);
}

void EpisodeInput::note_date(const std::optional<Date>& d) {
  if (d && (!last_date || *d > *last_date)) last_date = d;
}

Result<EpisodeInput> read_903_folders(const std::vector<std::string>& folders) {
  EpisodeInput in;
  std::unordered_map<std::string, Date> dobs;
  for (const auto& f : folders) {
    std::error_code ec;
    if (!fs::is_directory(f, ec)) return Status::io(f + ": not a folder");
    for (const auto& year : year_folders(f)) KITH_RETURN_IF_ERROR(read_year(year, dobs, in));
  }
  // A return covers a collection year to 31 March: the data run to the end of the latest year seen.
  if (in.last_date) {
    Date march = Date::ymd(in.last_date->year(), 3, 31);
    in.last_date = march >= *in.last_date ? march : Date::ymd(in.last_date->year() + 1, 3, 31);
  }
  for (auto& row : in.rows) {
    if (row.child < 0) continue;
    auto it = dobs.find(in.children[row.child]);
    if (it != dobs.end()) row.dob = it->second;
  }
  return in;
}

}  // namespace kith::planning

namespace kith::planning {
namespace {

constexpr const char* kPlacementsSql =
    "SELECT p.id, c.id, c.person_id, p.start_date, COALESCE(p.end_date, c.end_date), p.placement_type,"
    " p.provider_code, per.birth_date"
    " FROM placement p JOIN cla_period c ON c.id = p.cla_period_id JOIN person per ON per.id = c.person_id"
    " ORDER BY c.person_id, c.id, p.start_date, p.id";

constexpr const char* kPeriodsWithoutPlacementSql =
    "SELECT c.id, c.person_id FROM cla_period c"
    " WHERE NOT EXISTS (SELECT 1 FROM placement p WHERE p.cla_period_id = c.id) ORDER BY c.id";

}  // namespace

Result<EpisodeInput> read_case_record(store::Database& db) {
  EpisodeInput in;
  std::int64_t previous_period = -1;
  KITH_RETURN_IF_ERROR(db.run(kPlacementsSql, {}, [&](const store::Statement& s) {
    std::string where = "placement " + std::to_string(s.int64(0)), child = std::to_string(s.int64(2));
    std::string place = upper(s.text(5));
    if (!placement_for_code(place)) {
      in.excluded.push_back({"unknown placement type", where, child, "unknown placement type '" + place + "'"});
      return;
    }
    EpisodeRow row;
    row.child = in.child_index(child);
    row.start = s.date(3);
    row.end = s.date(4);
    row.dob = s.date(7);
    row.rne = s.int64(1) == previous_period ? 'P' : 'S';
    row.subtype = subtype_for(place, upper(s.text(6)));
    row.source = in.add_source(where);
    previous_period = s.int64(1);
    in.note_date(row.start);
    in.note_date(row.end);
    in.rows.push_back(row);
  }));
  KITH_RETURN_IF_ERROR(db.run(kPeriodsWithoutPlacementSql, {}, [&](const store::Statement& s) {
    in.excluded.push_back({"no placement", "cla_period " + std::to_string(s.int64(0)), std::to_string(s.int64(1)),
                           "a period of care with no placement"});
  }));
  return in;
}

}  // namespace kith::planning
