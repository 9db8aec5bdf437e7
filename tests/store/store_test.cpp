// The Database interface on both backends (SQLite files and a real
// PostgreSQL 15 server, tests/fixtures/postgres_server.h), then what only
// one of them has: SQLite's pragmas and file errors, PostgreSQL's URLs.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "store/batch.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/postgres_database.h"

namespace kith::store {
namespace {

using testing::Backend;
using testing::TempDir;
using testing::make_tiny_council;

class OnBothBackends : public ::testing::TestWithParam<Backend> {
 protected:
  // A new, empty database of this backend (not yet opened).
  std::string location() { return testing::new_database(GetParam(), dir_); }
  TempDir dir_;
};

TEST_P(OnBothBackends, MigrationsFromEmptyCreateEveryTableAndRecordTheVersion) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  EXPECT_EQ(*schema_version(**db), all_migrations().back().version);
  for (const char* table : {"person", "family", "locality", "family_hub", "lead_professional", "taf_member", "conversation",
                            "cla_period", "placement", "placement_provider", "worker", "involvement", "audit_entry"}) {
    EXPECT_TRUE(*(*db)->has_table(table)) << table;
    EXPECT_EQ(*(*db)->scalar(std::string("SELECT count(*) FROM ") + table), 0) << table;
  }
  EXPECT_FALSE(*(*db)->has_table("no_such_table"));
}

TEST_P(OnBothBackends, ReopeningAppliesNothingTwice) {
  std::string where = location();
  { ASSERT_TRUE(Database::open(where, {.create = true}).is_ok()); }
  auto db = Database::open(where, {});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM schema_migration"), std::int64_t(all_migrations().size()));
}

TEST_P(OnBothBackends, MigrationsRefuseADatabaseFromANewerBuild) {
  std::string where = location();
  {
    auto db = Database::open(where, {.create = true});
    ASSERT_TRUE(db.is_ok()) << db.status().message();
    ASSERT_TRUE((*db)->run("INSERT INTO schema_migration VALUES (9999, 'future', 'now')", {}).is_ok());
  }
  auto db = Database::open(where, {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_NE(db.status().message().find("newer"), std::string::npos) << db.status().message();
}

// Four processes (here: threads with their own connections) starting on the
// same new database at once: every one opens it, each migration runs once.
TEST_P(OnBothBackends, ConcurrentOpensMigrateOnce) {
  std::string where = location();
  std::vector<Status> results(4);
  std::vector<std::thread> starts;
  for (auto& r : results)
    starts.emplace_back([&where, &r] {
      auto db = Database::open(where, {.create = true});
      r = db.status();
    });
  for (auto& t : starts) t.join();
  for (const Status& r : results) EXPECT_TRUE(r.is_ok()) << r.message();
  auto db = Database::open(where, {});
  ASSERT_TRUE(db.is_ok());
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM schema_migration"), std::int64_t(all_migrations().size()));
}

TEST_P(OnBothBackends, PersonRoundTripKeepsEveryField) {
  auto db = make_tiny_council(location());
  ASSERT_NE(db, nullptr);
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

// The tiny council's Eve works 0.8 FTE: a fraction must come back exactly
// (PostgreSQL's REAL is a 4-byte float and would give 0.800000011920929).
TEST_P(OnBothBackends, FractionsAndBigIntegersRoundTripExactly) {
  auto db = make_tiny_council(location());
  ASSERT_NE(db, nullptr);
  double fte = 0;
  ASSERT_TRUE(db->run("SELECT fte FROM worker WHERE id = ?", {std::int64_t(5)}, [&](const Statement& s) { fte = s.real(0); }).is_ok());
  EXPECT_EQ(fte, 0.8);
  const std::int64_t big = 9'000'000'000'123;  // beyond 32 bits
  ASSERT_TRUE(db->run("INSERT INTO placement_provider VALUES (?, 'Big', 'other', 'PR5', 'AB1 1AA', 1, ?)", {big, big}).is_ok());
  EXPECT_EQ(*db->scalar("SELECT weekly_cost_pence FROM placement_provider WHERE id = ?", {big}), big);
  EXPECT_EQ(*db->scalar("SELECT ? + 1", {big}), big + 1);
}

// '?' inside a string literal is text, not a parameter; NULL and text
// parameters work where nothing tells the server their type.
TEST_P(OnBothBackends, PlaceholdersAreOnlyTheUnquotedQuestionMarks) {
  auto db = make_tiny_council(location());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM person WHERE forename = 'Who?' OR forename = ?", {std::string("Ada")}), 1);
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM person WHERE ? IS NULL", {null()}), 5);
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM person WHERE ? IS NULL", {std::string("x")}), 0);
  EXPECT_EQ(*db->scalar("SELECT count(*) FROM person WHERE birth_date < ? /* born before 2012? */", {std::string("2012-01-01")}), 2);
  std::string answer;
  ASSERT_TRUE(db->run("SELECT 'what?' || ?", {std::string("!")}, [&](const Statement& s) { answer = s.text(0); }).is_ok());
  EXPECT_EQ(answer, "what?!");
}

TEST_P(OnBothBackends, ForeignKeysAreEnforced) {
  auto db = make_tiny_council(location());
  ASSERT_NE(db, nullptr);
  Status s = db->run("INSERT INTO cp_plan (id, cin_episode_id, person_id, start_date, end_date, initial_category, latest_category) VALUES (50, 1, 999, '2025-01-01', NULL, 'NEG', 'NEG')", {});
  EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();
}

TEST_P(OnBothBackends, AFailedTransactionLeavesNothingHalfWritten) {
  auto db = make_tiny_council(location());
  ASSERT_NE(db, nullptr);
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

// Write transactions are serialised on both backends, so two writers taking
// max(id) + 1 (store::next_id) never pick the same id.
TEST_P(OnBothBackends, ConcurrentWritersNeverShareAnId) {
  std::string where = location();
  auto setup = make_tiny_council(where);
  ASSERT_NE(setup, nullptr);
  constexpr int kPerWriter = 15;
  std::vector<Status> results(2);
  std::vector<std::thread> writers;
  for (auto& r : results)
    writers.emplace_back([&where, &r] {
      auto db = Database::open(where, {});
      if (!db) return void(r = db.status());
      for (int i = 0; i < kPerWriter && r.is_ok(); ++i) {
        Transaction tx(**db);
        r = tx.begin_status();
        if (!r) break;
        auto id = (*db)->scalar("SELECT coalesce(max(id), 0) + 1 FROM locality");
        if (!id) return void(r = id.status());
        r = (*db)->run("INSERT INTO locality VALUES (?, 1, ?)", {*id, std::string("L") + std::to_string(*id)});
        if (r) r = tx.commit();
      }
    });
  for (auto& t : writers) t.join();
  for (const Status& r : results) EXPECT_TRUE(r.is_ok()) << r.message();
  EXPECT_EQ(*setup->scalar("SELECT count(*) FROM locality"), 2 + 2 * kPerWriter);
  EXPECT_EQ(*setup->scalar("SELECT max(id) FROM locality"), 2 + 2 * kPerWriter);
}

TEST_P(OnBothBackends, WrongParameterCountIsAnError) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  EXPECT_EQ((*db)->run("SELECT ?", {}).code(), Status::Code::kInvalid);
  EXPECT_EQ((*db)->run("SELECT ? + ?", {std::int64_t(1)}).code(), Status::Code::kInvalid);
}

TEST_P(OnBothBackends, BadSqlIsAnErrorNamingTheDatabase) {
  std::string where = location();
  auto db = Database::open(where, {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  Status s = (*db)->run("SELECT nonsense FROM no_such_table", {});
  EXPECT_EQ(s.code(), Status::Code::kInvalid) << s.message();
  EXPECT_NE(s.message().find("no_such_table"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find(redact_url(where)), std::string::npos) << s.message();
}

// A batch gives each read exactly the rows run() gives it, in the order added,
// on its first run (unprepared), its second (prepared on the way) and after.
TEST_P(OnBothBackends, ABatchGivesEachReadItsOwnRowsInOrder) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  Database& d = **db;
  ASSERT_TRUE(d.run("INSERT INTO council (id, la_code, ons_code, name) VALUES (1, '999', 'E06099999', 'Test')", {}).is_ok());
  for (int i = 1; i <= 5; ++i)
    ASSERT_TRUE(d.run("INSERT INTO locality (id, council_id, name) VALUES (?, 1, ?)", {std::int64_t(i), "L" + std::to_string(i)}).is_ok());
  for (int round = 1; round <= 4; ++round) {
    std::vector<std::string> seen;
    Batch batch(d);
    batch.add("SELECT name FROM locality WHERE id <= ? ORDER BY id DESC", {std::int64_t(3)},
              [&](const Statement& s) { seen.push_back("a:" + s.text(0)); });
    batch.add("SELECT count(*), ? FROM locality", {std::string("x")},
              [&](const Statement& s) { seen.push_back("b:" + std::to_string(s.int64(0)) + s.text(1)); });
    batch.add("SELECT name FROM locality WHERE id = ?", {std::int64_t(99)}, [&](const Statement& s) { seen.push_back("c:" + s.text(0)); });
    batch.add("SELECT name FROM locality WHERE id = ?", {std::int64_t(5)}, [&](const Statement& s) { seen.push_back("d:" + s.text(0)); });
    int steps = 0;
    batch.then([&] { return ++steps, Status::ok(); });
    ASSERT_TRUE(batch.run().is_ok()) << "round " << round;
    EXPECT_EQ(seen, (std::vector<std::string>{"a:L3", "a:L2", "a:L1", "b:5x", "d:L5"})) << "round " << round;
    EXPECT_EQ(steps, 1);
  }
}

// A failing read ends the batch with its own error, after the reads before it
// were delivered and before any after it; the connection stays usable.
TEST_P(OnBothBackends, ABatchStopsAtTheFirstFailingRead) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  for (int round = 1; round <= 3; ++round) {
    std::vector<int> seen;
    Batch batch(**db);
    batch.add("SELECT 1", {}, [&](const Statement&) { seen.push_back(1); });
    batch.add("SELECT nonsense FROM no_such_table WHERE id = ?", {std::int64_t(1)}, [&](const Statement&) { seen.push_back(2); });
    batch.add("SELECT 3", {}, [&](const Statement&) { seen.push_back(3); });
    bool stepped = false;
    batch.then([&] { return stepped = true, Status::ok(); });
    Status s = batch.run();
    EXPECT_EQ(s.code(), Status::Code::kInvalid) << s.message();
    EXPECT_NE(s.message().find("no_such_table"), std::string::npos) << s.message();
    EXPECT_EQ(seen, std::vector<int>{1});
    EXPECT_FALSE(stepped);
    EXPECT_EQ(*(*db)->scalar("SELECT 41 + ?", {std::int64_t(1)}), 42);
  }
  Batch wrong(**db);  // a parameter count that does not match is reported as run() reports it
  wrong.add("SELECT 1", {}, nullptr);
  wrong.add("SELECT ? + ?", {std::int64_t(1)}, nullptr);
  EXPECT_EQ(wrong.run().code(), Status::Code::kInvalid);
}

// A NULL whose type the server cannot infer, and a batch inside a transaction,
// work as run() does; a step's error ends the run.
TEST_P(OnBothBackends, ABatchHandlesUntypedNullsTransactionsAndFailingSteps) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  for (int round = 1; round <= 3; ++round) {
    std::int64_t is_null = -1, two = 0;
    Batch batch(**db);
    batch.add("SELECT 2", {}, [&](const Statement& s) { two = s.int64(0); });
    batch.add("SELECT CASE WHEN ? IS NULL THEN 1 ELSE 0 END", {null()}, [&](const Statement& s) { is_null = s.int64(0); });
    Status ran = batch.run();
    ASSERT_TRUE(ran.is_ok()) << ran.message();
    EXPECT_EQ(is_null, 1);
    EXPECT_EQ(two, 2);
  }
  Transaction tx(**db);
  ASSERT_TRUE(tx.begin_status().is_ok());
  ASSERT_TRUE((*db)->run("INSERT INTO council (id, la_code, ons_code, name) VALUES (7, '998', 'E06099998', 'In the transaction')", {}).is_ok());
  std::string name;
  Batch batch(**db);
  batch.add("SELECT name FROM council WHERE id = ?", {std::int64_t(7)}, [&](const Statement& s) { name = s.text(0); });
  batch.add("SELECT 1", {}, nullptr);
  batch.then([] { return Status::invalid("derived value out of range"); });
  Status s = batch.run();
  EXPECT_EQ(name, "In the transaction");
  EXPECT_EQ(s.message(), "derived value out of range");
  EXPECT_TRUE(tx.commit().is_ok());
}

// A transaction that runs nothing commits; one whose first statement fails
// writes nothing, and the connection goes on working (PostgreSQL sends BEGIN
// with the first statement, so the failure comes back from that trip).
TEST_P(OnBothBackends, TransactionsThatRunNothingOrFailAtOnceLeaveNothing) {
  auto db = Database::open(location(), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  {
    Transaction empty(**db);
    ASSERT_TRUE(empty.begin_status().is_ok());
    EXPECT_TRUE(empty.commit().is_ok());
  }
  for (int round = 1; round <= 3; ++round) {  // unprepared, prepared on the way, prepared
    {
      Transaction tx(**db);
      ASSERT_TRUE(tx.begin_status().is_ok());
      Status s = (*db)->run("INSERT INTO council (id, la_code, ons_code, name) VALUES (?, '997', 'E06099997', NULL)", {std::int64_t(round)});
      EXPECT_EQ(s.code(), Status::Code::kConflict) << s.message();  // name is NOT NULL
    }
    Transaction tx(**db);
    ASSERT_TRUE(tx.begin_status().is_ok());
    ASSERT_TRUE((*db)->run("INSERT INTO council (id, la_code, ons_code, name) VALUES (?, '996', 'E06099996', 'Kept')",
                           {std::int64_t(100 + round)}).is_ok());
    ASSERT_TRUE(tx.commit().is_ok());
  }
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM council"), 3);
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM council WHERE la_code = '997'"), 0);
}

// BEGIN leaves with the first statement, not when the transaction is opened:
// a pause between the two does not show in the transaction's age.
TEST(PostgresTransaction, BeginTravelsWithTheFirstStatement) {
  TempDir dir;
  auto db = Database::open(testing::new_database(Backend::kPostgres, dir), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  Transaction tx(**db);
  ASSERT_TRUE(tx.begin_status().is_ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  double age_ms = -1;
  ASSERT_TRUE((*db)->run("SELECT 1000 * EXTRACT(EPOCH FROM clock_timestamp() - transaction_timestamp())", {},
                         [&](const Statement& s) { age_ms = s.real(0); }).is_ok());
  EXPECT_GE(age_ms, 0);
  EXPECT_LT(age_ms, 150) << "BEGIN was sent when the transaction was opened, 200 ms before its first statement";
  EXPECT_TRUE(tx.commit().is_ok());
}

// On PostgreSQL a batch is one trip to the server: its reads share the
// implicit transaction of one pipeline Sync, so they see one transaction start
// time, where reads run one by one each have their own.
TEST(PostgresBatch, TheReadsOfABatchTravelTogether) {
  TempDir dir;
  auto db = Database::open(testing::new_database(Backend::kPostgres, dir), {.create = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  const std::string sql = "SELECT CAST(transaction_timestamp() AS TEXT), pg_sleep(0.002)";
  std::vector<std::string> one_by_one(3), batched(3);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE((*db)->run(sql, {}, [&](const Statement& s) { one_by_one[i] = s.text(0); }).is_ok());
  EXPECT_NE(one_by_one[0], one_by_one[2]);
  Batch batch(**db);
  for (int i = 0; i < 3; ++i) batch.add(sql, {}, [&, i](const Statement& s) { batched[i] = s.text(0); });
  ASSERT_TRUE(batch.run().is_ok());
  EXPECT_FALSE(batched[0].empty());
  EXPECT_EQ(batched[0], batched[1]);
  EXPECT_EQ(batched[0], batched[2]);
}

INSTANTIATE_TEST_SUITE_P(Store, OnBothBackends, ::testing::Values(Backend::kSqlite, Backend::kPostgres), testing::BackendName());

// PostgreSQL only -------------------------------------------------------------

TEST(PostgresUrl, PlaceholdersAreRewrittenOutsideQuotesAndComments) {
  struct Case {
    const char* sql;
    const char* expected;
    int parameters;
  };
  const Case cases[] = {
      {"SELECT 1", "SELECT 1", 0},
      {"SELECT ?, ?", "SELECT $1, $2", 2},
      {"SELECT '?', ?", "SELECT '?', $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {R"(SELECT "odd?name" FROM t WHERE a = ?)", R"(SELECT "odd?name" FROM t WHERE a = $1)", 1},
      {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
      {"SELECT /* ? */ ?", "SELECT /* ? */ $1", 1},
      {"VALUES (?,?,?,?,?,?,?,?,?,?)", "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)", 10},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
  };
  for (const Case& c : cases) {
    int n = -1;
    EXPECT_EQ(rewrite_placeholders(c.sql, n), c.expected) << c.sql;
    EXPECT_EQ(n, c.parameters) << c.sql;
  }
}

TEST(PostgresUrl, PasswordsAreRedacted) {
  const std::pair<const char*, const char*> cases[] = {
      {"postgresql://kith:s3cret@db.example:5432/kith", "postgresql://kith:***@db.example:5432/kith"},
      {"postgres://kith@db.example/kith", "postgres://kith@db.example/kith"},
      {"postgresql://db.example/kith?user=kith&password=s3cret&sslmode=require",
       "postgresql://db.example/kith?user=kith&password=***&sslmode=require"},
      {"postgresql://u:p%40ss@h/d?password=x", "postgresql://u:***@h/d?password=***"},
      {"postgresql:///kith", "postgresql:///kith"},
  };
  for (const auto& [url, redacted] : cases) EXPECT_EQ(redact_url(url), redacted) << url;
  EXPECT_TRUE(is_postgres_url("postgresql://h/d"));
  EXPECT_TRUE(is_postgres_url("postgres://h/d"));
  EXPECT_FALSE(is_postgres_url("demo/postgresql.db"));
}

TEST(PostgresUrl, AnUnreachableServerIsNamedWithoutItsPassword) {
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  auto db = Database::open("postgresql://kith:s3cret@127.0.0.1:1/kith", {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_EQ(db.status().code(), Status::Code::kIo);
  EXPECT_NE(db.status().message().find("postgresql://kith:***@127.0.0.1:1/kith"), std::string::npos) << db.status().message();
  EXPECT_EQ(db.status().message().find("s3cret"), std::string::npos) << db.status().message();
}

TEST(PostgresUrl, AMissingDatabaseIsNamed) {
  auto url = testing::fresh_postgres_database();
  ASSERT_TRUE(url.is_ok()) << url.status().message();
  std::string absent = url->substr(0, url->rfind('/')) + "/no_such_database";
  auto db = Database::open(absent, {});
  ASSERT_FALSE(db.is_ok());
  EXPECT_NE(db.status().message().find("no_such_database"), std::string::npos) << db.status().message();
}

TEST(PostgresUrl, ReadOnlyOpensRefuseWrites) {
  auto url = testing::fresh_postgres_database();
  ASSERT_TRUE(url.is_ok()) << url.status().message();
  { ASSERT_TRUE(Database::open(*url, {}).is_ok()); }
  auto db = Database::open(*url, {.read_only = true});
  ASSERT_TRUE(db.is_ok()) << db.status().message();
  EXPECT_EQ(*(*db)->scalar("SELECT count(*) FROM person"), 0);
  EXPECT_FALSE((*db)->run("INSERT INTO council VALUES (1, '999', 'E06999999', 'x')", {}).is_ok());
}

// SQLite only -----------------------------------------------------------------

TEST(Database, PragmasGiveWalAndForeignKeys) {
  TempDir dir;
  auto db = Database::open(dir.file("k.db"), {.create = true});
  std::string mode;
  ASSERT_TRUE((*db)->run("PRAGMA journal_mode", {}, [&](const Statement& s) { mode = s.text(0); }).is_ok());
  EXPECT_EQ(mode, "wal");
  EXPECT_EQ(*(*db)->scalar("PRAGMA foreign_keys"), 1);
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

}  // namespace
}  // namespace kith::store
