#include "report/targets.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "io/csv.h"

namespace kith::report {
namespace {

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::optional<double> number(std::string_view text) {
  std::string s = trim(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string where(const std::string& file, std::int64_t line) { return file + " line " + std::to_string(line) + ": "; }

Status check_known(const std::string& id, const std::vector<std::string>& allowed, const std::string& at) {
  if (std::find(allowed.begin(), allowed.end(), id) != allowed.end()) return Status::ok();
  std::string list;
  for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
  return Status::invalid(at + "unknown indicator '" + id + "' (the report's are: " + list + ")");
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read " + path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<std::map<std::string, std::string>> parse_markdown(std::string_view text, const std::string& file,
                                                          const std::vector<std::string>& allowed) {
  std::map<std::string, std::string> out;
  std::string* current = nullptr;
  std::istringstream in{std::string(text)};
  std::int64_t n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.rfind("##", 0) == 0) {
      std::string id = trim(std::string_view(line).substr(line.find_first_not_of('#')));
      KITH_RETURN_IF_ERROR(check_known(id, allowed, where(file, n)));
      if (out.count(id)) return Status::invalid(where(file, n) + "second commentary for '" + id + "'");
      current = &out[id];
    } else if (line.rfind("#", 0) == 0) {
      continue;  // a title line ("# Commentary, Q3") is for the author, not the report
    } else if (!trim(line).empty()) {
      if (!current) return Status::invalid(where(file, n) + "text before the first '## indicator' heading");
      *current += (current->empty() ? "" : " ") + trim(line);
    }
  }
  return out;
}

}  // namespace

std::string_view rag_label(Rag r) {
  switch (r) {
    case Rag::kGreen: return "Green";
    case Rag::kAmber: return "Amber";
    case Rag::kRed: return "Red";
    case Rag::kNotRated: return "Not rated";
    case Rag::kNoTarget: return "No target";
  }
  return "No target";
}

Rag rate(std::string_view published_value, const std::optional<Target>& target) {
  if (!target) return Rag::kNoTarget;
  auto v = number(published_value);
  if (!v) return Rag::kNotRated;
  // How far the value is on the wrong side of the target (<= 0: met).
  double shortfall = target->direction == Direction::kHigherIsBetter ? target->target - *v : *v - target->target;
  if (shortfall <= 0) return Rag::kGreen;
  return shortfall <= target->amber_tolerance ? Rag::kAmber : Rag::kRed;
}

Result<std::map<std::string, Target>> parse_targets(std::string_view text, const std::string& file,
                                                    const std::vector<std::string>& allowed) {
  auto csv = io::parse_csv(text, file);
  if (!csv) return csv.status();
  const char* names[] = {"indicator", "target", "direction", "amber_tolerance"};
  std::size_t col[4];
  for (int i = 0; i < 4; ++i) {
    auto c = csv->column(names[i]);
    if (!c) return Status::invalid(where(file, 1) + "the header needs the column '" + names[i] + "' (indicator,target,direction,amber_tolerance)");
    col[i] = *c;
  }
  std::map<std::string, Target> out;
  for (std::size_t r = 0; r < csv->rows.size(); ++r) {
    const auto& row = csv->rows[r];
    std::string at = where(file, csv->lines[r]);
    Target t;
    t.indicator = trim(row[col[0]]);
    KITH_RETURN_IF_ERROR(check_known(t.indicator, allowed, at));
    auto target = number(row[col[1]]);
    if (!target) return Status::invalid(at + "target '" + row[col[1]] + "' is not a number");
    t.target = *target;
    std::string dir = trim(row[col[2]]);
    if (dir == "higher_is_better") t.direction = Direction::kHigherIsBetter;
    else if (dir == "lower_is_better") t.direction = Direction::kLowerIsBetter;
    else return Status::invalid(at + "direction '" + dir + "' must be higher_is_better or lower_is_better");
    auto tolerance = trim(row[col[3]]).empty() ? std::optional<double>(0) : number(row[col[3]]);
    if (!tolerance || *tolerance < 0) return Status::invalid(at + "amber_tolerance '" + row[col[3]] + "' must be a number 0 or more");
    t.amber_tolerance = *tolerance;
    if (out.count(t.indicator)) return Status::invalid(at + "second target for '" + t.indicator + "'");
    out[t.indicator] = t;
  }
  return out;
}

Result<std::map<std::string, std::string>> parse_commentary(std::string_view text, const std::string& file,
                                                            const std::vector<std::string>& allowed) {
  std::string first;
  std::istringstream in{std::string(text)};
  while (first.empty() && std::getline(in, first)) first = trim(first);
  if (first.rfind("#", 0) == 0) return parse_markdown(text, file, allowed);
  auto csv = io::parse_csv(text, file);
  if (!csv) return csv.status();
  auto id_col = csv->column("indicator");
  auto text_col = csv->column("text");
  if (!id_col || !text_col) return Status::invalid(where(file, 1) + "the header must be indicator,text (or use '## indicator' headings)");
  std::map<std::string, std::string> out;
  for (std::size_t r = 0; r < csv->rows.size(); ++r) {
    std::string at = where(file, csv->lines[r]);
    std::string id = trim(csv->rows[r][*id_col]);
    KITH_RETURN_IF_ERROR(check_known(id, allowed, at));
    if (out.count(id)) return Status::invalid(at + "second commentary for '" + id + "'");
    out[id] = trim(csv->rows[r][*text_col]);
  }
  return out;
}

Result<std::map<std::string, Target>> read_targets(const std::string& path, const std::vector<std::string>& allowed) {
  auto text = read_file(path);
  if (!text) return text.status();
  return parse_targets(*text, path, allowed);
}

Result<std::map<std::string, std::string>> read_commentary(const std::string& path, const std::vector<std::string>& allowed) {
  auto text = read_file(path);
  if (!text) return text.status();
  return parse_commentary(*text, path, allowed);
}

}  // namespace kith::report
