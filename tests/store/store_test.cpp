#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fixtures/tiny_council.h"
#include "store/database.h"
#include "store/migrations.h"

namespace kith::store {
namespace {

using testing::TempDir;
using testing::make_tiny_council;

TEST(Migrations, FromEmptyCreateEveryTableAndRecordTheVersion) {
  TempDir dir;
  auto db = Database::open(dir.file("k.db"), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  EXPECT_EQ(*schema_version(**db), all_migrations().back().version);
  for (const char* table : {"person", "family", "locality", "family_hub", "lead_professional", "taf_member", "conversation",
                            "cla_period", "placement", "placement_provider", "worker", "involvement", "audit_entry"}) {
    EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", {std::string(table)}), 1)
        << table;
  }
}

TEST(Migrations, ReopeningAppliesNothingTwice) {
  TempDir dir;
  { ASSERT_TRUE(Database::open(dir.file("k.db"), {.create = true}).is_ok()); }
  auto db = Database::open(dir.file("k.db"), {});
  ASSERT_TRUE(db.is_ok());
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM schema_migration"), std::int64_t(all_migrations().size()));
}

TEST(Migrations, RefusesADatabaseFromANewerBuild) {
  TempDir dir;
  {
    auto db = Database::open(dir.file("k.db"), {.create = true});
    ASSERT_TRUE((*db)->run("INSERT INTO schema_migration VALUES (9999, 'future', 'now')", {}).is_ok());
  }
  auto db = Database::open(dir.file("k.db"), {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_NE(db.status().message().find("newer"), std::string::npos) << db.status().message();
}

TEST(Database, PragmasGiveWalAndForeignKeys) {
  TempDir dir;
  auto db = Database::open(dir.file("k.db"), {.create = true});
  std::string mode;
  ASSERT_TRUE((*db)->run("PRAGMA journal_mode", {}, [&](const Statement& s) { mode = s.text(0); }).is_ok());
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(*(*db)->scalar("PRAGMA foreign_keys"), 1);
}

TEST(Database, PersonRoundTripKeepsEveryField) {
  TempDir dir;
  auto db = make_tiny_council(dir.file("k.db"));
  ASSERT_TRUE(db->run("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, upn, uasc, disability) "
                      "VALUES (?,?,?,?,?,?,?,?,?)",
                      {std::int64_t(100), std::string("Zoë"), std::string("O'Neil"), std::string("F"), date(Date::ymd(2024, 2, 29)),
                       std::string("BAFR"), null(), std::int64_t(1), std::string("AUT")})
                  .is_ok());
  int rows = 0;
  ASSERT_TRUE(db->run("SELECT forename, surname, birth_date, upn, uasc, disability FROM person WHERE id = 100", {},
                      [&](const Statement& s) {
                        ++rows;
                        EXPECT_EQ(s.text(0), "Zoë");
                        EXPECT_EQ(s.text(1), "O'Neil");
                        EXPECT_EQ(s.date(2), Date::ymd(2024, 2, 29));
                        EXPECT_TRUE(s.is_null(3));
                        EXPECT_EQ(s.int64(4), 1);
                        EXPECT_EQ(s.text(5), "AUT");
                      })
                  .is_ok());
  EXPECT_EQ(rows, 1);
}

TEST(Database, ForeignKeysAreEnforced) {
  TempDir dir;
  auto db = make_tiny_council(dir.file("k.db"));
  Status s = db->run("INSERT INTO cp_plan VALUES (50, 1, 999, '2025-01-01', NULL, 'NEG', 'NEG')", {});
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
}

TEST(Database, AFailedTransactionLeavesNothingHalfWritten) {
  TempDir dir;
  auto db = make_tiny_council(dir.file("k.db"));
  auto before = *db->scalar("SELECT count(*) FROM cin_episode");
  {
    Transaction tx(*db);
    ASSERT_TRUE(tx.begin_status().is_ok());
    ASSERT_TRUE(db->run("INSERT INTO cin_episode (id, person_id, referral_date, referral_source) VALUES (60, 1, '2025-04-01', '2A')", {}).is_ok());
    // The second write fails (unknown person), so the guard rolls both back.
    EXPECT_FALSE(db->run("INSERT INTO cin_episode (id, person_id, referral_date, referral_source) VALUES (61, 999, '2025-04-01', '2A')", {}).is_ok());
  }
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM cin_episode"), before);
}

TEST(Database, AMissingFileIsNamedAndNotCreated) {
  TempDir dir;
  auto db = Database::open(dir.file("absent.db"), {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), Status::Code::kNotFound);
  EXPECT_NE(db.status().message().find("absent.db"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST(Database, ACorruptFileIsReportedNotCrashedOn) {
  TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(8192, 'x');
  auto db = Database::open(dir.file("junk.db"), {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), Status::Code::kCorrupt) << db.status().message();
  EXPECT_NE(db.status().message().find("junk.db"), std::string::npos);
}

TEST(Database, ADirectoryIsNotADatabase) {
  TempDir dir;
  auto db = Database::open(dir.path(), {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_NE(db.status().message().find("directory"), std::string::npos);
}

TEST(Database, WrongParameterCountIsAnError) {
  TempDir dir;
  auto db = Database::open(dir.file("k.db"), {.create = true});
  EXPECT_EQ((*db)->run("SELECT ?", {}).code(), Status::Code::kInvalid);
}

}  // namespace
}  // namespace kith::store
