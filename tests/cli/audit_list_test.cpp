// kith audit list: the auditor's view of the audit log, run as a user runs it.
// The entries are appended by hand to the tiny council (tests/fixtures), so
// which of them concern which child is known without reading the code:
// Ada (person 1) and Ben (person 2) are children of family 1; assessment 1
// belongs to Ada's episode 1, cin_episode 2 is Ben's, contact 2 is Ada's,
// early help episode 1 is family 1's (so both children's), Dan is person 4.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <tuple>
#include <vector>

#include "audit/audit_log.h"
#include "fixtures/kith_cli.h"
#include "fixtures/tiny_council.h"

namespace kith {
namespace {

using testing::CliRun;
CliRun kith(const std::string& args) { return testing::run_kith(args); }

// (seq, user, action, record, record id, purpose)
using Row = std::tuple<int, std::string, std::string, std::string, std::string, std::string>;

class AuditList : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = dir_.file("audit.db");
    auto db = testing::make_tiny_council(path_);
    auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(path_), true);
    ASSERT_TRUE(log.is_ok());
    const std::vector<store::AuditEvent> events = {
        {"alex", "read", "person", "1", "casework"},
        {"alex", "create", "assessment", "1", "statutory work"},
        {"sam", "read", "person", "2", "casework"},
        {"sam", "update", "early_help_episode", "1", "early help: step up - Ada Test said she was hit at home"},
        {"alex", "read_denied", "person", "4", "casework"},
        {"alex", "update", "cin_episode", "2", "statutory work"},
        {"alex", "create", "contact", "2", "front door"},
    };
    for (const auto& e : events) {
      store::Transaction tx(*db);
      ASSERT_TRUE(log->append(*db, e).is_ok());
      ASSERT_TRUE(tx.commit().is_ok());
    }
  }

  std::vector<Row> rows(const std::string& args) {
    CliRun r = kith("audit list --db " + path_ + " --format json " + args);
    EXPECT_EQ(r.code, 0) << r.output;
    std::vector<Row> out;
    auto j = nlohmann::json::parse(r.output, nullptr, false);
    if (j.is_discarded()) {
      ADD_FAILURE() << "not JSON: " << r.output;
      return out;
    }
    for (const auto& e : j["entries"])
      out.emplace_back(e["seq"].get<int>(), e["user"], e["action"], e["record"], e["record_id"], e["purpose"]);
    return out;
  }

  testing::TempDir dir_;
  std::string path_;
};

TEST_F(AuditList, OneChildsEntriesAreTheirRecordsAndTheirFamilysInOrder) {
  std::vector<Row> expected = {{1, "alex", "read", "person", "1", "casework"},
                               {2, "alex", "create", "assessment", "1", "statutory work"},
                               {4, "sam", "update", "early_help_episode", "1", "early help"},
                               {7, "alex", "create", "contact", "2", "front door"}};
  EXPECT_EQ(rows("--person 1"), expected);
  std::vector<Row> ben = {{3, "sam", "read", "person", "2", "casework"},
                          {4, "sam", "update", "early_help_episode", "1", "early help"},
                          {6, "alex", "update", "cin_episode", "2", "statutory work"}};
  EXPECT_EQ(rows("--person 2"), ben);
  std::vector<Row> refused = {{5, "alex", "read_denied", "person", "4", "casework"}};
  EXPECT_EQ(rows("--person 4"), refused) << "an auditor sees refusals too";
}

TEST_F(AuditList, EveryEntryWithoutAFilterAndNoneSinceTomorrow) {
  EXPECT_EQ(rows("").size(), 7u);
  EXPECT_EQ(rows("--since 2000-01-01").size(), 7u);
  EXPECT_TRUE(rows("--since 2999-12-31").empty());
}

TEST_F(AuditList, NeverPrintsTheChildsNameOrWhatAWorkerTyped) {
  for (const char* format : {"table", "json"}) {
    CliRun r = kith("audit list --db " + path_ + " --person 1 --format " + std::string(format));
    ASSERT_EQ(r.code, 0) << r.output;
    for (const char* secret : {"Ada", "Test", "2016-05-01", "hit at home", "step up"})
      EXPECT_EQ(r.output.find(secret), std::string::npos) << format << " output shows \"" << secret << "\":\n" << r.output;
  }
}

TEST_F(AuditList, TheTableCountsTheEntries) {
  CliRun r = kith("audit list --db " + path_ + " --person 2");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("3 entries"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("sam"), std::string::npos) << r.output;
}

TEST_F(AuditList, BadInputIsNamedWithExitTwoAndAMissingDatabaseExitThree) {
  CliRun date = kith("audit list --db " + path_ + " --since 2025-02-30");
  EXPECT_EQ(date.code, 2) << date.output;
  EXPECT_NE(date.output.find("--since"), std::string::npos) << date.output;
  CliRun format = kith("audit list --db " + path_ + " --format xml");
  EXPECT_EQ(format.code, 2) << format.output;
  EXPECT_NE(format.output.find("--format"), std::string::npos) << format.output;
  EXPECT_EQ(kith("audit list --db " + path_ + " --person 0").code, 2) << "a record id is positive";
  CliRun missing = kith("audit list --db " + dir_.file("nothing.db"));
  EXPECT_EQ(missing.code, 3) << missing.output;
  EXPECT_NE(missing.output.find("nothing.db"), std::string::npos) << missing.output;
}

}  // namespace
}  // namespace kith
