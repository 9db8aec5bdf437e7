// Determinism: the same seed and options give identical table contents; a
// different seed gives different data.
#include <functional>

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

}  // namespace
}  // namespace kith::synth::testing
