// kith backup / restore: the round trip gives the same data and a verifying
// audit chain; a tampered or truncated backup is refused and nothing is restored.
#include "lifecycle/backup.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include "audit/audit_log.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::lifecycle {
namespace {

using kith::testing::TempDir;

// Per table: row count and a digest of every row's values (rows sorted, so
// that the digest does not depend on the order a backend returns them in).
std::map<std::string, std::pair<std::int64_t, std::string>> content(store::Database& db) {
  std::vector<std::string> tables;
  std::string list = db.dialect() == store::Database::Dialect::kSqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name";
  EXPECT_TRUE(db.run(list, {}, [&](const store::Statement& r) { tables.push_back(r.text(0)); }).is_ok());
  std::map<std::string, std::pair<std::int64_t, std::string>> out;
  for (const auto& t : tables) {
    std::multiset<std::string> rows;
    int ncols = 0;
    std::vector<std::string> names;
    std::string q = db.dialect() == store::Database::Dialect::kSqlite ? "SELECT name FROM pragma_table_info(?)"
                                                                       : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
    EXPECT_TRUE(db.run(q, {t}, [&](const store::Statement& r) { names.push_back(r.text(0)); }).is_ok());
    ncols = static_cast<int>(names.size());
    EXPECT_TRUE(db.run("SELECT * FROM " + t, {}, [&](const store::Statement& r) {
                    std::string row;
                    for (int c = 0; c < ncols; ++c) row += (r.is_null(c) ? std::string("<null>") : r.text(c)) + "\x1f";
                    rows.insert(row);
                  }).is_ok());
    std::string digest;
    for (const auto& r : rows) digest += r + "\n";
    out[t] = {static_cast<std::int64_t>(rows.size()), std::to_string(std::hash<std::string>{}(digest))};
  }
  return out;
}

class Backup : public ::testing::TestWithParam<kith::testing::Backend> {
 protected:
  void SetUp() override {
    source_loc = kith::testing::new_database(GetParam(), dir);
    source = kith::testing::make_tiny_council(source_loc);
    ASSERT_TRUE(source);
    auto log = audit::AuditLog::open(dir.file("audit.key"), true);
    ASSERT_TRUE(log.is_ok());
    audit_log = std::make_unique<audit::AuditLog>(std::move(*log));
    // A few audited writes, so the backup carries a chain to verify.
    for (int i = 0; i < 3; ++i) {
      store::Transaction tx(*source);
      ASSERT_TRUE(audit_log->append(*source, {"practitioner", "read", "person", std::to_string(i + 1), "casework"}).is_ok());
      ASSERT_TRUE(tx.commit().is_ok());
    }
  }
  std::string target() { return GetParam() == kith::testing::Backend::kSqlite ? dir.file("restored.db") : kith::testing::new_database(GetParam(), dir); }

  TempDir dir;
  std::string source_loc;
  std::unique_ptr<store::Database> source;
  std::unique_ptr<audit::AuditLog> audit_log;
  KeySource key{dir.file("backup.key"), "", true};
};

TEST_P(Backup, RoundTripGivesTheSameDataAndAVerifyingChain) {
  auto done = backup_database(source_loc, dir.file("b.kbk"), key);
  ASSERT_TRUE(done.is_ok()) << done.status().message();
  std::string into = target();
  auto restored = restore_database(dir.file("b.kbk"), into, key, false);
  ASSERT_TRUE(restored.is_ok()) << restored.status().message();
  auto db = store::Database::open(into, {});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  auto before = content(*source), after = content(**db);
  EXPECT_GT(before.size(), 20u);  // every table of the schema, not an empty list
  EXPECT_EQ(before.at("person").first, 5);   // tiny_council.sql has five people
  EXPECT_EQ(before.at("audit_entry").first, 3);
  EXPECT_EQ(before, after);
  auto report = audit_log->verify(**db);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_TRUE(report->ok());
  EXPECT_EQ(report->entries, 3);
}

TEST_P(Backup, TamperedOrTruncatedBackupRestoresNothing) {
  ASSERT_TRUE(backup_database(source_loc, dir.file("b.kbk"), key).is_ok());
  std::string good = *read_whole_file(dir.file("b.kbk"));
  std::string flipped = good;
  flipped[good.size() / 2] ^= 0x40;
  std::ofstream(dir.file("tampered.kbk"), std::ios::binary) << flipped;
  std::ofstream(dir.file("truncated.kbk"), std::ios::binary) << good.substr(0, good.size() - 100);
  for (const char* file : {"tampered.kbk", "truncated.kbk"}) {
    std::string into = target();
    auto r = restore_database(dir.file(file), into, key, false);
    ASSERT_FALSE(r.is_ok()) << file;
    EXPECT_TRUE(r.status().message().find("altered") != std::string::npos || r.status().message().find("truncated") != std::string::npos)
        << r.status().message();
    if (GetParam() == kith::testing::Backend::kSqlite) {
      EXPECT_NE(::access(into.c_str(), F_OK), 0) << "a refused restore created " << into;
      EXPECT_NE(::access((into + ".restoring").c_str(), F_OK), 0);
    } else {
      auto db = store::Database::open(into, {.read_only = true});
      ASSERT_TRUE(db.is_ok());
      EXPECT_FALSE(*(*db)->has_table("person")) << "a refused restore wrote tables";
    }
  }
}

// SQLite only: replacing an existing database file (--replace, DB.restoring renamed over
// it) has no PostgreSQL counterpart; a server restore goes into an empty database, which
// the Backup tests above check on both backends.
TEST(BackupSqlite, RestoreRefusesToOverwriteWithoutReplaceAndReplacesWithIt) {
  TempDir dir;
  auto db = kith::testing::make_tiny_council(dir.file("a.db"));
  ASSERT_TRUE(db);
  KeySource key{dir.file("k"), "", true};
  ASSERT_TRUE(backup_database(dir.file("a.db"), dir.file("b.kbk"), key).is_ok());
  auto other = kith::testing::make_tiny_council(dir.file("other.db"));
  ASSERT_TRUE(other->exec("DELETE FROM visit").is_ok());
  other.reset();
  auto refused = restore_database(dir.file("b.kbk"), dir.file("other.db"), key, false);
  ASSERT_FALSE(refused.is_ok());
  EXPECT_NE(refused.status().message().find("--replace"), std::string::npos);
  ASSERT_TRUE(restore_database(dir.file("b.kbk"), dir.file("other.db"), key, true).is_ok());
  auto back = store::Database::open(dir.file("other.db"), {});
  ASSERT_TRUE(back.is_ok());
  EXPECT_EQ(*(*back)->scalar("SELECT count(*) FROM visit"), *db->scalar("SELECT count(*) FROM visit"));
  EXPECT_GT(*db->scalar("SELECT count(*) FROM visit"), 0);
}

// SQLite only: checks the file's label before any database is touched, whatever the backend.
TEST(BackupSqlite, ABackupOfOneKindIsNotRestoredAsAnother) {
  TempDir dir;
  KeySource key{dir.file("k"), "", true};
  ASSERT_TRUE(seal_to_file("not a database", dir.file("export.kse"), "export:903", key).is_ok());
  auto r = restore_database(dir.file("export.kse"), dir.file("x.db"), key, false);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("not a kith-backup:sqlite backup"), std::string::npos) << r.status().message();
}

INSTANTIATE_TEST_SUITE_P(Lifecycle, Backup, ::testing::Values(kith::testing::Backend::kSqlite, kith::testing::Backend::kPostgres),
                         kith::testing::BackendName());

}  // namespace
}  // namespace kith::lifecycle
