// The kith binary as a user runs it: exit codes and messages for good and bad input.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "audit/audit_log.h"
#include "fixtures/kith_cli.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith {
namespace {

using testing::CliRun;
CliRun kith(const std::string& args) { return testing::run_kith(args); }

TEST(Cli, HelpListsTheSubcommands) {
  CliRun r = kith("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* sub : {"synth", "serve", "audit"}) EXPECT_NE(r.output.find(sub), std::string::npos) << sub;
}

TEST(Cli, UnknownSubcommandIsBadUsage) {
  EXPECT_EQ(kith("frobnicate").code, 2);
  EXPECT_EQ(kith("audit verify").code, 2) << "--db is required";
}

TEST(Cli, AMissingDatabaseIsNamedWithExitThree) {
  testing::TempDir dir;
  for (const std::string cmd : {"audit verify --db ", "serve --port 0 --db "}) {
    CliRun r = kith(cmd + dir.file("nothing.db"));
    EXPECT_EQ(r.code, 3) << cmd << r.output;
    EXPECT_NE(r.output.find("nothing.db"), std::string::npos) << r.output;
  }
}

TEST(Cli, ACorruptDatabaseIsNamedWithExitThree) {
  testing::TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(10000, '\x07');
  CliRun r = kith("audit verify --db " + dir.file("junk.db"));
  EXPECT_EQ(r.code, 3) << r.output;
  EXPECT_NE(r.output.find("junk.db"), std::string::npos) << r.output;
}

// On both backends: a URL has no file beside it, so its key is named with --key.
class CliAudit : public ::testing::TestWithParam<testing::Backend> {};

TEST_P(CliAudit, AuditVerifyPassesThenCatchesTampering) {
  testing::TempDir dir;
  std::string path = testing::new_database(GetParam(), dir);
  std::string key = " --key " + dir.file("k.db.audit-key");
  {
    auto db = testing::make_tiny_council(path);
    ASSERT_NE(db, nullptr);
    auto log = audit::AuditLog::open(dir.file("k.db.audit-key"), true);
    for (int i = 0; i < 5; ++i) {
      store::Transaction tx(*db);
      ASSERT_TRUE(log->append(*db, {"alex", "read", "person", std::to_string(i), "casework"}).is_ok());
      ASSERT_TRUE(tx.commit().is_ok());
    }
  }
  CliRun ok = kith("audit verify --db '" + path + "'" + key);
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("5 entries"), std::string::npos) << ok.output;
  {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE((*db)->run("UPDATE audit_entry SET reason = 'nothing to see' WHERE seq = 2", {}).is_ok());
  }
  CliRun broken = kith("audit verify --db '" + path + "'" + key);
  EXPECT_EQ(broken.code, 1) << broken.output;
  EXPECT_NE(broken.output.find("entry 2"), std::string::npos) << broken.output;
}

INSTANTIATE_TEST_SUITE_P(Cli, CliAudit, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres), testing::BackendName());

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Every file of a folder, by name.
std::map<std::string, std::string> folder(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out[e.path().filename().string()] = slurp(e.path().string());
  return out;
}

// The server mode from the command line: a small council generated with the
// same seed into a file and into a PostgreSQL database gives the same output
// from every command that reads it; the writing commands work on the URL
// with --audit-key and refuse it, saying so, without. The file's outputs are
// checked by each subsystem's own tests; here only "the same" is asserted.
TEST(CliOnPostgres, EveryDataCommandTakesAUrlAndGivesWhatTheFileGives) {
  testing::TempDir dir;
  const std::string url = "'" + testing::new_database(testing::Backend::kPostgres, dir) + "'", file = dir.file("k.db");
  const std::string key = dir.file("pg.audit-key");
  const std::string council = " --seed 5 --scale 0.02 --until 2026-06-30 --no-demo-users";
  CliRun made = kith("synth" + council + " --db " + url);
  EXPECT_EQ(made.code, 2) << made.output;
  EXPECT_NE(made.output.find("--audit-key"), std::string::npos) << made.output;
  made = kith("synth" + council + " --db " + url + " --audit-key " + key);
  ASSERT_EQ(made.code, 0) << made.output;
  ASSERT_EQ(kith("synth" + council + " --db " + file).code, 0);

  // Reading commands: the same files from both.
  struct Read {
    std::string name, args, out;  // out: the file or folder written
  };
  const Read reads[] = {
      {"indicators", "indicators --period 2025Q3 --by locality --format csv", "ind.csv"},
      {"report", "report quarterly --period 2025Q3 --format html", "q3.html"},
      {"export 903", "export 903 --year 2025/26 --la E06000020", "903"},
      {"export api", "export api --as-of 2026-03-31 --dry-run", "api"},
      {"forecast", "forecast --reference 2023-04-01..2025-03-31 --horizon 12m", "forecast.csv"},
      {"workforce", "workforce", "workforce.csv"},
  };
  for (const Read& r : reads) {
    SCOPED_TRACE(r.name);
    CliRun from_file = kith(r.args + " --db " + file + " --out " + dir.file("file-" + r.out));
    ASSERT_EQ(from_file.code, 0) << from_file.output;
    CliRun from_url = kith(r.args + " --db " + url + " --out " + dir.file("pg-" + r.out));
    ASSERT_EQ(from_url.code, 0) << from_url.output;
    if (std::filesystem::is_directory(dir.file("file-" + r.out))) {
      auto a = folder(dir.file("file-" + r.out)), b = folder(dir.file("pg-" + r.out));
      EXPECT_FALSE(a.empty());
      EXPECT_EQ(a, b);
    } else {
      EXPECT_FALSE(slurp(dir.file("file-" + r.out)).empty());
      EXPECT_EQ(slurp(dir.file("file-" + r.out)), slurp(dir.file("pg-" + r.out)));
    }
  }
  CliRun listed_file = kith("retention --rule never-looked-after --older-than 18y --today 2026-06-30 --db " + file);
  CliRun listed_url = kith("retention --rule never-looked-after --older-than 18y --today 2026-06-30 --db " + url);
  EXPECT_EQ(listed_url.code, 0) << listed_url.output;
  EXPECT_EQ(listed_url.output, listed_file.output);

  // Writing commands: refused without the key, done with it, and the chain verifies.
  const std::string programme = " --file " + std::string(KITH_SOURCE_DIR) + "/data/programme/programme.json";
  ASSERT_EQ(kith("export 903 --year 2024/25 --la E06000020 --db " + file + " --out " + dir.file("file-903-prev")).code, 0);
  const std::string import = "import 903 " + dir.file("file-903") + " --previous " + dir.file("file-903-prev") + " --year 2025/26";
  for (const std::string& refused : {"programme load --db " + url + programme, "audit verify --db " + url,
                                     "retention --rule never-looked-after --older-than 18y --today 2026-06-30 --apply --db " + url,
                                     import + " --db " + url}) {
    CliRun r = kith(refused);
    EXPECT_EQ(r.code, 2) << refused << "\n" << r.output;
    EXPECT_NE(r.output.find("--audit-key"), std::string::npos) << refused << "\n" << r.output;
  }
  CliRun loaded = kith("programme load --db " + url + programme + " --audit-key " + key);
  EXPECT_EQ(loaded.code, 0) << loaded.output;
  CliRun removed = kith("retention --rule never-looked-after --older-than 18y --today 2026-06-30 --apply --db " + url + " --audit-key " + key);
  EXPECT_EQ(removed.code, 0) << removed.output;
  CliRun verified = kith("audit verify --db " + url + " --key " + key);
  EXPECT_EQ(verified.code, 0) << verified.output;
  EXPECT_NE(verified.output.find("3 entries"), std::string::npos) << "synth, programme, retention: " << verified.output;

  // Import into a second, empty database, then export again: the same 903 files.
  const std::string second = "'" + testing::new_database(testing::Backend::kPostgres, dir) + "'";
  CliRun imported = kith(import + " --db " + second + " --audit-key " + dir.file("second.audit-key"));
  ASSERT_EQ(imported.code, 0) << imported.output;
  ASSERT_EQ(kith("export 903 --year 2025/26 --la E06000020 --db " + second + " --out " + dir.file("again-903")).code, 0);
  EXPECT_EQ(folder(dir.file("again-903")), folder(dir.file("file-903")));
  EXPECT_EQ(kith("audit verify --db " + second + " --key " + dir.file("second.audit-key")).code, 0);
}

}  // namespace
}  // namespace kith
