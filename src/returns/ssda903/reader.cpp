#include "returns/ssda903/reader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "io/csv.h"
#include "returns/ssda903/derived.h"
#include "returns/ssda903/schema.h"
#include "returns/ssda903/xml_reader.h"

namespace kith::returns::ssda903 {
namespace {

namespace fs = std::filesystem;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Explains a header that matches no table, against the table it is closest to.
std::string header_mismatch(const std::string& file, const std::set<std::string>& header, int year) {
  const TableSchema* best = nullptr;
  std::size_t best_common = 0;
  for (const TableSchema& s : table_schemas()) {
    if (s.first_year > year) continue;
    std::size_t common = std::count_if(s.columns.begin(), s.columns.end(), [&](std::string_view c) { return header.count(std::string(c)); });
    if (common > best_common) best = &s, best_common = common;
  }
  std::string msg = file + " line 1: the header does not match any SSDA903 table";
  if (!best) return msg + " (columns: " + joined({header.begin(), header.end()}) + ")";
  std::vector<std::string> missing, unexpected;
  for (std::string_view c : best->columns)
    if (!header.count(std::string(c))) missing.emplace_back(c);
  std::set<std::string_view> wanted(best->columns.begin(), best->columns.end());
  for (const auto& h : header)
    if (!wanted.count(h)) unexpected.push_back(h);
  msg += "; closest is " + std::string(best->name);
  if (!missing.empty()) msg += ", missing column(s) " + joined(missing);
  if (!unexpected.empty()) msg += ", unexpected column(s) " + joined(unexpected);
  return msg;
}

const TableSchema* recognise(const std::set<std::string>& header, int year) {
  for (const TableSchema& s : table_schemas())
    if (s.first_year <= year && header == std::set<std::string>(s.columns.begin(), s.columns.end())) return &s;
  return nullptr;
}

}  // namespace

Status add_csv(std::string_view text, const std::string& name, int year, const std::string& suffix, Return903& into,
               std::vector<std::string>& warnings) {
  auto csv = io::parse_csv(text, name);
  if (!csv) return csv.status();
  if (csv->had_bom) warnings.push_back(name + " line 1: the file starts with a UTF-8 byte-order mark (ignored)");
  std::set<std::string> header(csv->header.begin(), csv->header.end());
  if (header.size() != csv->header.size()) {
    for (std::size_t i = 0; i < csv->header.size(); ++i)
      if (std::count(csv->header.begin(), csv->header.end(), csv->header[i]) > 1)
        return Status::invalid(name + " line 1, column " + std::to_string(i + 1) + ": column " + csv->header[i] + " appears twice");
  }
  const TableSchema* schema = recognise(header, year);
  if (!schema) return Status::invalid(header_mismatch(name, header, year));
  std::string table_name = std::string(schema->name) + suffix;
  if (into.table(table_name)) return Status::invalid(name + ": a second file for table " + table_name);
  Table& table = into.add_table(table_name);
  if (suffix.empty()) into.metadata.format = ReturnFormat::kCsv;
  // Columns in the catalogue's order, whatever the file's order.
  std::vector<std::size_t> source;
  for (std::string_view c : schema->columns) {
    table.add_column(std::string(c));
    source.push_back(*csv->column(c));
  }
  std::vector<std::string_view> cells(source.size());
  for (std::size_t r = 0; r < csv->rows.size(); ++r) {
    auto& row = csv->rows[r];
    for (std::size_t i = 0; i < source.size(); ++i) {
      std::string& cell = row[source[i]];
      for (char& c : cell)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      cells[i] = cell;
    }
    table.append_row(cells, csv->lines[r]);
  }
  return Status::ok();
}

Status add_folder(const std::string& dir, int year, const std::string& suffix, Return903& into, std::vector<std::string>& warnings) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::invalid(dir + ": not a folder of SSDA903 CSV files");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string ext = upper(entry.path().extension().string());
    if (entry.is_regular_file(ec) && ext == ".CSV") files.push_back(entry.path());
  }
  if (ec) return Status::io(dir + ": " + ec.message());
  if (files.empty()) return Status::invalid(dir + ": no .csv files");
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::io("cannot read " + path.string());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    KITH_RETURN_IF_ERROR(add_csv(text, path.string(), year, suffix, into, warnings));
  }
  return Status::ok();
}

namespace {

// One year's source: a folder of CSV files or one file in the XML form.
Status add_source(const std::string& path, int year, const std::string& suffix, const ReadOptions& o, Return903& into,
                  std::vector<std::string>& warnings) {
  if (!is_xml_file(path)) return add_folder(path, year, suffix, into, warnings);
  auto errors = add_xml_file(path, o.data_dir + "/spec/ssda903/" + kXmlSchemaFile, suffix, into);
  if (!errors) return errors.status();
  if (o.schema_errors) {
    o.schema_errors->insert(o.schema_errors->end(), errors->begin(), errors->end());
  } else if (!errors->empty()) {
    std::string first;
    for (std::size_t i = 0; i < errors->size() && i < 3; ++i) first += "; " + (*errors)[i];
    return Status::invalid(path + " does not match the SSDA903 XML schema (" + std::to_string(errors->size()) + " errors)" + first);
  }
  return Status::ok();
}

}  // namespace

Result<Return903> read_return(const ReadOptions& o, std::vector<std::string>& warnings) {
  Return903 r;
  r.metadata = metadata_for_year(o.year, o.local_authority);
  KITH_RETURN_IF_ERROR(add_source(o.dir, o.year, "", o, r, warnings));
  if (!o.previous_dir.empty()) KITH_RETURN_IF_ERROR(add_source(o.previous_dir, o.year - 1, "_last", o, r, warnings));
  auto wanted = postcodes_in(r);
  std::vector<std::uint64_t> keys(wanted.begin(), wanted.end());
  std::sort(keys.begin(), keys.end());
  auto postcodes = PostcodeIndex::load_keys(o.data_dir, keys);
  if (!postcodes) return postcodes.status();
  add_derived_fields(r, *postcodes);
  return r;
}

}  // namespace kith::returns::ssda903
