#include "synth/reference.h"

#include <zlib.h>

#include <cstring>
#include <fstream>
#include <memory>
#include <set>

namespace kith::synth {
namespace {

// Splits one CSV line; handles the quoted names ("Bristol, City of").
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') out.back() += '"', ++i;
      else quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r' && c != '\n') {
      out.back() += c;
    }
  }
  return out;
}

// Reads a CSV with a header; calls on_row with a lookup by column name.
template <typename OnRow>
Status read_csv(const std::string& path, OnRow on_row) {
  std::ifstream in(path);
  if (!in) return Status::io("cannot read reference data file '" + path + "'");
  std::string line;
  if (!std::getline(in, line)) return Status::corrupt("'" + path + "' is empty");
  std::vector<std::string> header = split_csv(line);
  auto column = [&](const std::vector<std::string>& row, std::string_view name) -> std::string {
    for (std::size_t i = 0; i < header.size() && i < row.size(); ++i)
      if (header[i] == name) return row[i];
    return {};
  };
  while (std::getline(in, line)) {
    auto row = split_csv(line);
    on_row([&](std::string_view name) { return column(row, name); });
  }
  return Status::ok();
}

// Maps every English district (laua) to its children's services authority.
Result<std::map<std::string, std::string>> district_councils(const std::string& data_dir) {
  std::map<std::string, std::string> out;
  KITH_RETURN_IF_ERROR(read_csv(data_dir + "/la/lad_to_la.csv", [&](auto col) {
    if (col("country") == "England" && !col("dfe_la_code").empty()) out[col("lad_code")] = col("dfe_la_code");
  }));
  return out;
}

// Parses "AL1 1AA,514600,206900,E07000240".
bool parse_postcode_line(const char* line, Postcode& pc, std::string& district) {
  const char* c1 = std::strchr(line, ',');
  if (!c1 || c1 - line > 7) return false;
  const char* c2 = std::strchr(c1 + 1, ',');
  if (!c2) return false;
  const char* c3 = std::strchr(c2 + 1, ',');
  if (!c3 || c2 == c1 + 1) return false;
  std::memcpy(pc.pcd.data(), line, std::size_t(c1 - line));
  pc.pcd[std::size_t(c1 - line)] = '\0';
  pc.easting = std::atoi(c1 + 1);
  pc.northing = std::atoi(c2 + 1);
  district.assign(c3 + 1, std::strcspn(c3 + 1, ",\r\n"));
  return true;
}

std::string postcode_file(const std::string& data_dir) { return data_dir + "/postcodes/england_postcodes.csv.gz"; }

}  // namespace

Result<std::map<std::string, Authority>> load_authorities(const std::string& data_dir) {
  std::map<std::string, Authority> out;
  int latest = 0;
  std::string path = data_dir + "/dfe/ons_mid-year_population_estimates_2012_to_2024.csv";
  KITH_RETURN_IF_ERROR(read_csv(path, [&](auto col) {
    if (col("geographic_level") != "Local authority") return;
    int year = std::atoi(col("time_period").c_str());
    if (year < latest) return;
    if (year > latest) out.clear(), latest = year;
    Authority a{col("old_la_code"), col("new_la_code"), col("la_name"), std::atoll(col("population_estimate").c_str())};
    out[a.la_code] = a;
  }));
  if (out.empty()) return Status::corrupt("'" + path + "' has no local authority rows");
  return out;
}

Result<PostcodeBook> load_postcodes(const std::string& data_dir, const std::vector<std::string>& councils) {
  auto districts = district_councils(data_dir);
  if (!districts) return districts.status();
  std::set<std::string> wanted(councils.begin(), councils.end());
  std::string path = postcode_file(data_dir);
  std::unique_ptr<std::remove_pointer_t<gzFile>, int (*)(gzFile)> gz(gzopen(path.c_str(), "rb"), gzclose);
  if (!gz) return Status::io("cannot read postcode file '" + path + "'");
  gzbuffer(gz.get(), 1 << 18);
  PostcodeBook book;
  char line[256];
  std::string district;
  std::int64_t n = 0;
  gzgets(gz.get(), line, sizeof line);  // header
  while (gzgets(gz.get(), line, sizeof line)) {
    Postcode pc;
    if (!parse_postcode_line(line, pc, district)) continue;
    // Every 5,000th postcode: a spread across England for out-of-area placements.
    if (++n % 5000 == 0) book.elsewhere.push_back(pc);
    auto it = districts->find(district);
    if (it != districts->end() && wanted.count(it->second)) book.by_council[it->second].push_back(pc);
  }
  for (const auto& code : wanted)
    if (book.by_council[code].empty()) return Status::corrupt("no postcodes found for council " + code + " in '" + path + "'");
  return book;
}

}  // namespace kith::synth
