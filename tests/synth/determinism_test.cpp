// Determinism: the same seed and options give identical table contents; a
// different seed gives different data.
#include <algorithm>
#include <functional>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "synth_fixture.h"

namespace kith::synth::testing {
namespace {

// Tables whose contents are random by design or time-stamped: password hashes
// are salted; audit entries and migrations carry the time they were written.
bool excluded(const std::string& table) {
  return table == "app_user" || table == "user_session" || table == "audit_entry" || table == "audit_head" ||
         table.rfind("sqlite_", 0) == 0 || table == "schema_migration";
}

// A checksum of every row of every table, in primary-key order.
std::map<std::string, std::uint64_t> checksums(store::Database& db) {
  std::vector<std::string> tables;
  EXPECT_TRUE(db.run("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {},
                     [&](const store::Statement& s) { tables.push_back(s.text(0)); })
                  .is_ok());
  std::map<std::string, std::uint64_t> out;
  for (const auto& t : tables) {
    if (excluded(t)) continue;
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&](const std::string& text) {
      for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
      h = (h ^ 0xff) * 1099511628211ULL;
    };
    // Every column as text, rows in their natural (primary key) order.
    int columns = int(count(db, "SELECT count(*) FROM pragma_table_info('" + t + "')"));
    EXPECT_TRUE(db.run("SELECT * FROM " + t + " ORDER BY 1, 2", {},
                       [&](const store::Statement& s) {
                         for (int col = 0; col < columns; ++col) mix(s.is_null(col) ? "\x01" : s.text(col));
                       })
                    .is_ok());
    out[t] = h;
  }
  return out;
}

TEST(Determinism, SameSeedGivesIdenticalTables) {
  TempDir dir;
  auto a = generated(dir.file("a.db"), small_options(7));
  auto b = generated(dir.file("b.db"), small_options(7));
  ASSERT_TRUE(a && b);
  auto sa = checksums(*a), sb = checksums(*b);
  ASSERT_GT(sa.size(), 30u) << "expected every case-record table";
  for (const auto& [table, sum] : sa) EXPECT_EQ(sum, sb[table]) << table << " differs between two runs with seed 7";
  EXPECT_GT(count(*a, "SELECT count(*) FROM cin_episode"), 100);
}

TEST(Determinism, DifferentSeedsGiveDifferentData) {
  TempDir dir;
  auto a = generated(dir.file("a.db"), small_options(7));
  auto b = generated(dir.file("b.db"), small_options(8));
  ASSERT_TRUE(a && b);
  auto sa = checksums(*a), sb = checksums(*b);
  for (const char* table : {"person", "address", "contact", "cin_episode", "placement", "involvement"})
    EXPECT_NE(sa[table], sb[table]) << table << " is the same for seeds 7 and 8";
}

// One table's rows, read by column name and declared type, as sorted lines:
// REAL read as a number (the backends print 1.0 differently), the rest as text.
std::vector<std::string> typed_rows(store::Database& db, const std::string& table,
                                    const std::vector<std::pair<std::string, std::string>>& columns) {
  std::string select;
  for (const auto& [name, type] : columns) select += (select.empty() ? "" : ", ") + name;
  std::vector<std::string> rows;
  EXPECT_TRUE(db.run("SELECT " + select + " FROM " + table, {},
                     [&](const store::Statement& s) {
                       std::string line;
                       for (int c = 0; c < int(columns.size()); ++c) {
                         bool real = columns[c].second == "REAL" || columns[c].second == "DOUBLE PRECISION";
                         char number[64];
                         if (real && !s.is_null(c)) std::snprintf(number, sizeof number, "%.9g", s.real(c));
                         line += s.is_null(c) ? "\x01" : real ? std::string(number) : s.text(c);
                         line += '\x1f';
                       }
                       rows.push_back(line);
                     })
                  .is_ok())
      << table;
  std::sort(rows.begin(), rows.end());  // no reliance on either backend's ORDER BY for ties or NULLs
  return rows;
}

// The generator writing into the server mode: the same seed gives, in a
// PostgreSQL database, every row it gives in a file (a small scale: the
// server takes one round trip per row). So what the tests of this folder check
// on the file holds on the server too.
TEST(Determinism, PostgresGetsTheSameTablesAsTheFile) {
  TempDir dir;
  Options o = small_options(7);
  o.scale = 0.02;
  auto file = generated(dir.file("a.db"), o);
  kith::testing::TempDir keys;
  std::string url = kith::testing::new_database(kith::testing::Backend::kPostgres, keys);
  setenv("KITH_AUDIT_KEY", keys.file("pg.audit-key").c_str(), 1);  // synth keeps the key of a URL here
  auto server = generated(url, o);
  unsetenv("KITH_AUDIT_KEY");
  ASSERT_TRUE(file && server);
  std::vector<std::string> tables;
  ASSERT_TRUE(file->run("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", {},
                        [&](const store::Statement& s) { tables.push_back(s.text(0)); })
                  .is_ok());
  int compared = 0;
  for (const auto& t : tables) {
    if (excluded(t)) continue;
    std::vector<std::pair<std::string, std::string>> columns;
    ASSERT_TRUE(file->run("SELECT name, upper(type) FROM pragma_table_info('" + t + "')", {},
                          [&](const store::Statement& s) { columns.emplace_back(s.text(0), s.text(1)); })
                    .is_ok());
    auto a = typed_rows(*file, t, columns), b = typed_rows(*server, t, columns);
    EXPECT_EQ(a.size(), b.size()) << t;
    if (a != b) {
      auto [x, y] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
      ADD_FAILURE() << t << " differs between the file and the server; first row:\n  file:   " << (x == a.end() ? "-" : *x)
                    << "\n  server: " << (y == b.end() ? "-" : *y);
    }
    compared += !a.empty();
  }
  EXPECT_GT(compared, 30) << "expected most case-record tables to have rows";
  EXPECT_GT(count(*server, "SELECT count(*) FROM cin_episode"), 20);
  EXPECT_EQ(count(*server, "SELECT count(*) FROM audit_entry"), 1) << "one audit event per council, as on the file";
}

}  // namespace
}  // namespace kith::synth::testing
