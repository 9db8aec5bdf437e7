// Shared helpers for the synthetic council tests: temporary databases, a
// generator call with the shipped data, SQL scalars and the published DfE
// figures read straight from the CSV files.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "store/database.h"
#include "synth/synth.h"

namespace kith::synth::testing {

inline std::string data_dir() { return std::string(KITH_SOURCE_DIR) + "/data"; }

// A fresh temporary folder, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kith-synth-XXXXXX").string();
    path_ = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline Options small_options(std::uint64_t seed = 1) {
  Options o;
  o.seed = seed;
  o.councils = {"894"};
  o.scale = 0.08;
  o.years = 3;
  o.until = Date::ymd(2025, 12, 31);
  o.demo_users = false;
  o.data_dir = data_dir();
  return o;
}

// Opens a new database at path and generates into it; fails the test on error.
inline std::unique_ptr<store::Database> generated(const std::string& path, const Options& o) {
  auto db = store::Database::open(path, {.create = true});
  EXPECT_TRUE(db.is_ok()) << db.status().message();
  if (!db) return nullptr;
  auto stats = generate(**db, o);
  EXPECT_TRUE(stats.is_ok()) << stats.status().message();
  return std::move(*db);
}

inline std::int64_t count(store::Database& db, const std::string& sql) {
  auto n = db.scalar(sql);
  EXPECT_TRUE(n.is_ok()) << sql << ": " << n.status().message();
  return n.is_ok() ? *n : -1;
}

inline double real(store::Database& db, const std::string& sql) {
  double v = 0;
  Status s = db.run(sql, {}, [&](const store::Statement& st) { v = st.is_null(0) ? 0 : st.real(0); });
  EXPECT_TRUE(s.is_ok()) << sql << ": " << s.message();
  return v;
}

// Splits a CSV line, honouring quotes ("Bristol, City of").
inline std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

// The England (National) value of `column` in a DfE file for a time period,
// on the row whose `filter_column` equals `filter_value` (if given).
inline double england(const std::string& file, const std::string& period, const std::string& column,
                      const std::string& filter_column = {}, const std::string& filter_value = {}) {
  std::ifstream in(data_dir() + "/dfe/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  std::getline(in, line);
  auto header = csv_fields(line);
  auto index = [&](const std::string& name) {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == name) return i;
    ADD_FAILURE() << file << " has no column " << name;
    return std::size_t(0);
  };
  std::size_t level = index("geographic_level"), time = index("time_period"), col = index(column);
  std::size_t filter = filter_column.empty() ? 0 : index(filter_column);
  while (std::getline(in, line)) {
    auto f = csv_fields(line);
    if (f.size() <= col || f[level] != "National" || f[time] != period) continue;
    if (!filter_column.empty() && f[filter] != filter_value) continue;
    return std::atof(f[col].c_str());
  }
  ADD_FAILURE() << file << ": no National row for " << period << " " << filter_value;
  return 0;
}

}  // namespace kith::synth::testing
