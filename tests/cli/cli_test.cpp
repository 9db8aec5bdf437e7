// The kith binary as a user runs it: exit codes and messages for good and bad input.
#include <gtest/gtest.h>

#include <fstream>

#include "audit/audit_log.h"
#include "fixtures/kith_cli.h"
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

TEST(Cli, AuditVerifyPassesThenCatchesTampering) {
  testing::TempDir dir;
  std::string path = dir.file("k.db");
  {
    auto db = testing::make_tiny_council(path);
    auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(path), true);
    for (int i = 0; i < 5; ++i) {
      store::Transaction tx(*db);
      ASSERT_TRUE(log->append(*db, {"alex", "read", "person", std::to_string(i), "casework"}).is_ok());
      ASSERT_TRUE(tx.commit().is_ok());
    }
  }
  CliRun ok = kith("audit verify --db " + path);
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("5 entries"), std::string::npos) << ok.output;
  {
    auto db = store::Database::open(path, {});
    ASSERT_TRUE((*db)->run("UPDATE audit_entry SET reason = 'nothing to see' WHERE seq = 2", {}).is_ok());
  }
  CliRun broken = kith("audit verify --db " + path);
  EXPECT_EQ(broken.code, 1) << broken.output;
  EXPECT_NE(broken.output.find("entry 2"), std::string::npos) << broken.output;
}

}  // namespace
}  // namespace kith
