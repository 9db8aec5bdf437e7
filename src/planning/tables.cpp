#include "planning/tables.h"

#include <xlsxwriter.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/csv.h"

namespace kith::planning {
namespace {

// Numbers as people read them: whole numbers without decimals, others to 2 places.
std::string number(double v) {
  char buf[32];
  if (std::abs(v - std::round(v)) < 1e-9) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string csv_text(const Table& t) {
  std::ostringstream out;
  for (std::size_t c = 0; c < t.columns.size(); ++c) out << (c ? "," : "") << io::csv_field(t.columns[c]);
  out << "\n";
  for (const auto& row : t.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      if (c) out << ",";
      if (const auto* d = std::get_if<double>(&row[c])) out << number(*d);
      else if (const auto* s = std::get_if<std::string>(&row[c])) out << io::csv_field(*s);
    }
    out << "\n";
  }
  return out.str();
}

Status write_text(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  f << text;
  f.close();
  if (!f) return Status::io(path + ": cannot be written");
  return Status::ok();
}

std::string json_text(const std::vector<Table>& tables) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (const auto& t : tables) {
    auto& rows = j[t.name] = nlohmann::ordered_json::array();
    for (const auto& row : t.rows) {
      nlohmann::ordered_json o;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (const auto* d = std::get_if<double>(&row[c])) o[t.columns[c]] = std::round(*d * 100) / 100;
        else if (const auto* s = std::get_if<std::string>(&row[c])) o[t.columns[c]] = *s;
        else o[t.columns[c]] = nullptr;
      }
      rows.push_back(std::move(o));
    }
  }
  return j.dump(1) + "\n";
}

Status write_xlsx(const std::vector<Table>& tables, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return Status::io(path + ": cannot be written");
  lxw_format* decimals = workbook_add_format(book);
  format_set_num_format(decimals, "#,##0.00");
  for (const auto& t : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, t.name.c_str());
    for (std::size_t c = 0; c < t.columns.size(); ++c) worksheet_write_string(sheet, 0, lxw_col_t(c), t.columns[c].c_str(), nullptr);
    for (std::size_t r = 0; r < t.rows.size(); ++r)
      for (std::size_t c = 0; c < t.rows[r].size(); ++c) {
        const Cell& cell = t.rows[r][c];
        if (const auto* d = std::get_if<double>(&cell)) worksheet_write_number(sheet, lxw_row_t(r + 1), lxw_col_t(c), *d, decimals);
        else if (const auto* s = std::get_if<std::string>(&cell)) worksheet_write_string(sheet, lxw_row_t(r + 1), lxw_col_t(c), s->c_str(), nullptr);
      }
  }
  if (workbook_close(book) != LXW_NO_ERROR) return Status::io(path + ": cannot be written");
  return Status::ok();
}

}  // namespace

Result<Format> parse_format(const std::string& s) {
  if (s == "csv") return Format::kCsv;
  if (s == "json") return Format::kJson;
  if (s == "xlsx") return Format::kXlsx;
  return Status::invalid("unknown format '" + s + "' (csv, json or xlsx)");
}

Status write_tables(const std::vector<Table>& tables, const std::string& path, Format format) {
  if (format == Format::kJson) return write_text(path, json_text(tables));
  if (format == Format::kXlsx) return write_xlsx(tables, path);
  std::string stem = path.ends_with(".csv") ? path.substr(0, path.size() - 4) : path;
  for (std::size_t i = 0; i < tables.size(); ++i)
    KITH_RETURN_IF_ERROR(write_text(i == 0 ? path : stem + "_" + tables[i].name + ".csv", csv_text(tables[i])));
  return Status::ok();
}

}  // namespace kith::planning
