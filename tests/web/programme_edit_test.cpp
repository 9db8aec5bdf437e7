// Editing a milestone of the programme tracker in the browser, over a real
// server with the shipped example programme on the web fixture's tiny council:
// who may edit (locality managers and performance analysts), a save that is
// audited, a stale save refused (409) with their version shown and the typed
// values kept, and bad input answered field by field with nothing saved.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "audit/audit_log.h"
#include "client.h"
#include "fixture.h"
#include "insight/programme.h"

namespace kith::web::testing {
namespace {

// Every test may change the first milestone, so each has a fresh council
// (council_changed in TearDown), on each backend.
class ProgrammeEdit : public CouncilServerTest<ProgrammeEdit> {
 public:  // prepare_council is called by CouncilServerTest
  // The example transformation programme (data/programme/programme.json).
  static void prepare_council(const std::string& path) { load_example_programme(path); }

 protected:
  void SetUp() override {
    CouncilServerTest::SetUp();
    if (HasFatalFailure()) return;
    auto db = store::Database::open(db_path(), {});
    ASSERT_TRUE(db.is_ok()) << db.status().message();
    auto loaded = insight::load_programmes(**db);
    ASSERT_TRUE(loaded.is_ok() && !loaded->empty() && !loaded->front().phases.empty());
    first_ = loaded->front().phases.front().milestones.front();
  }
  void TearDown() override {
    council_changed();
    CouncilServerTest::TearDown();
  }

  std::string edit_path() const { return "/programme/milestones/" + std::to_string(first_.id) + "/edit"; }
  std::string save_path() const { return "/programme/milestones/" + std::to_string(first_.id); }

  // The milestone as stored now, read past the server.
  insight::Milestone stored() {
    auto db = store::Database::open(db_path(), {});
    EXPECT_TRUE(db.is_ok());
    auto m = insight::load_milestone(**db, first_.id);
    EXPECT_TRUE(m.is_ok()) << m.status().message();
    return m ? m->milestone : insight::Milestone{};
  }
  std::vector<std::string> audit_reasons(const std::string& actor) {
    auto db = store::Database::open(db_path(), {});
    std::vector<std::string> out;
    EXPECT_TRUE((*db)->run("SELECT reason FROM audit_entry WHERE actor = ? AND action = 'update' AND entity = 'programme_milestone' AND entity_id = ?",
                           {store::Value(actor), store::Value(std::to_string(first_.id))},
                           [&](const store::Statement& s) { out.push_back(s.text(0)); })
                    .is_ok());
    return out;
  }

  static std::string version_in(const std::string& html) {
    std::smatch m;
    static const std::regex kVersion(R"re(name="version" value="([0-9]+:[0-9]+)")re");
    return std::regex_search(html, m, kVersion) ? m[1].str() : "";
  }
  static httplib::Params form(const std::string& csrf, const std::string& version, const std::string& status, const std::string& role,
                              const std::string& name, const std::string& due) {
    return {{"csrf_token", csrf}, {"version", version}, {"status", status}, {"owner_role", role}, {"owner_name", name}, {"due", due}};
  }

  insight::Milestone first_;
};

TEST_P(ProgrammeEdit, OnlyLocalityManagersAndAnalystsSeeTheLinkAndTheForm) {
  struct Case { const char* role; bool edits; };
  for (Case c : {Case{"locality_manager", true}, {"performance_analyst", true}, {"team_manager", false}, {"councillor", false}}) {
    Browser b = signed_in(c.role);
    auto page = b.get("/programme");
    ASSERT_EQ(page->status, 200) << c.role;
    EXPECT_EQ(page->body.find("href=\"" + edit_path() + "\"") != std::string::npos, c.edits) << c.role;
    EXPECT_EQ(b.get(edit_path())->status, c.edits ? 200 : 403) << c.role;
  }
  // A refused role's save changes nothing, even with a good version.
  Browser councillor = signed_in("councillor");
  std::string csrf = Browser::csrf_in(councillor.get("/programme")->body);
  auto refused = councillor.post_form(save_path(), form(csrf, std::to_string(first_.id) + ":" + std::to_string(first_.version), "done",
                                                        "Councillor", "", "2026-01-01"));
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(stored().status, first_.status);
  EXPECT_EQ(stored().version, first_.version);
}

TEST_P(ProgrammeEdit, ASaveChangesStatusOwnerAndDueAndIsAudited) {
  Browser lm = signed_in("locality_manager");
  auto page = lm.get(edit_path());
  ASSERT_EQ(page->status, 200);
  std::string role = std::regex_replace(first_.owner_role, std::regex("'"), "&#39;");
  EXPECT_NE(page->body.find("value=\"" + role + "\""), std::string::npos) << "the form starts from the saved owner";
  std::string version = version_in(page->body);
  EXPECT_EQ(version, std::to_string(first_.id) + ":" + std::to_string(first_.version));
  std::string new_status = first_.status == insight::MilestoneStatus::kAtRisk ? "off_track" : "at_risk";
  auto saved = lm.post_form(save_path(), form(Browser::csrf_in(page->body), version, new_status, "Head of Early Help", "Sam Okafor", "2026-09-30"));
  ASSERT_EQ(saved->status, 303) << saved->body;
  EXPECT_NE(saved->get_header_value("Location").find("/programme?saved=" + std::to_string(first_.id)), std::string::npos);

  insight::Milestone now = stored();
  EXPECT_EQ(insight::status_name(now.status), new_status);
  EXPECT_EQ(now.owner_role, "Head of Early Help");
  EXPECT_EQ(now.owner_name, "Sam Okafor");
  EXPECT_EQ(now.due, Date::ymd(2026, 9, 30));
  EXPECT_EQ(now.version, first_.version + 1);
  auto reasons = audit_reasons("locality_manager");
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].find("status " + std::string(insight::status_name(first_.status)) + " -> " + new_status), std::string::npos) << reasons[0];
  EXPECT_NE(reasons[0].find("due " + first_.due.iso() + " -> 2026-09-30"), std::string::npos) << reasons[0];

  auto programme = lm.get("/programme?saved=" + std::to_string(first_.id));
  EXPECT_NE(programme->body.find("was saved"), std::string::npos);
  EXPECT_NE(programme->body.find("Sam Okafor, Head of Early Help"), std::string::npos);
}

TEST_P(ProgrammeEdit, AStaleSaveIsRefusedWithTheirVersionAndTheTypedValuesKept) {
  Browser analyst = signed_in("performance_analyst"), lm = signed_in("locality_manager");
  auto analyst_form = analyst.get(edit_path());  // opened first ...
  auto lm_form = lm.get(edit_path());
  std::string seen = version_in(analyst_form->body);
  ASSERT_EQ(lm.post_form(save_path(), form(Browser::csrf_in(lm_form->body), version_in(lm_form->body), "off_track", "Director of Children's Services",
                                           "Ana Lima", "2026-06-30"))
                ->status,
            303);  // ... but the manager saves first
  auto stale = analyst.post_form(save_path(), form(Browser::csrf_in(analyst_form->body), seen, "done", "Head of Performance", "Kit Moss", "2026-12-31"));
  EXPECT_EQ(stale->status, 409);
  const std::string& body = stale->body;
  EXPECT_NE(body.find("Someone else changed this record since you opened it"), std::string::npos);
  EXPECT_NE(body.find("Their version, as saved now"), std::string::npos);
  EXPECT_NE(body.find("Ana Lima"), std::string::npos) << "their version is shown";
  EXPECT_NE(body.find("value=\"Kit Moss\""), std::string::npos) << "the typed owner is kept";
  EXPECT_NE(body.find("value=\"2026-12-31\""), std::string::npos) << "the typed date is kept";
  EXPECT_NE(body.find("value=\"done\" checked"), std::string::npos) << "the typed status is kept";
  insight::Milestone now = stored();
  EXPECT_EQ(now.owner_name, "Ana Lima");
  EXPECT_EQ(now.status, insight::MilestoneStatus::kOffTrack);
  EXPECT_TRUE(audit_reasons("performance_analyst").empty());

  // The refused form now names their version: saving it again replaces theirs knowingly.
  EXPECT_EQ(version_in(body), std::to_string(first_.id) + ":" + std::to_string(first_.version + 1));
  auto again = analyst.post_form(save_path(), form(Browser::csrf_in(body), version_in(body), "done", "Head of Performance", "Kit Moss", "2026-12-31"));
  EXPECT_EQ(again->status, 303);
  EXPECT_EQ(stored().owner_name, "Kit Moss");
  EXPECT_EQ(stored().version, first_.version + 2);
}

struct Bad {
  const char* status;
  const char* owner_role;
  const char* due;
  const char* field;    // the field the error links to
  const char* message;  // part of the message
};

TEST_P(ProgrammeEdit, BadInputIsAnsweredFieldByFieldAndNothingIsSaved) {
  const Bad kBad[] = {
      {"finished", "Head of Early Help", "2026-01-31", "status", "Choose the milestone&#39;s status"},
      {"on_track", "  ", "2026-01-31", "owner_role", "Enter the owner&#39;s role"},
      {"on_track", "Head of Early Help", "31/01/2026", "due", "Enter the due date as a date"},
      {"on_track", "Head of Early Help", "2026-02-30", "due", "Enter the due date as a date"},
  };
  Browser lm = signed_in("locality_manager");
  for (const Bad& b : kBad) {
    auto page = lm.get(edit_path());
    auto answer = lm.post_form(save_path(), form(Browser::csrf_in(page->body), version_in(page->body), b.status, b.owner_role, "Typed Name", b.due));
    EXPECT_EQ(answer->status, 400) << b.field;
    EXPECT_NE(answer->body.find("href=\"#" + std::string(b.field) + "\""), std::string::npos) << b.field;
    EXPECT_NE(answer->body.find(b.message), std::string::npos) << b.field;
    EXPECT_NE(answer->body.find("value=\"Typed Name\""), std::string::npos) << b.field << ": typed values kept";
  }
  EXPECT_EQ(stored().version, first_.version);
  EXPECT_TRUE(audit_reasons("locality_manager").empty());
  // A save with no version (a form from elsewhere) is a conflict, not an overwrite.
  auto page = lm.get(edit_path());
  auto unversioned = lm.post_form(save_path(), {{"csrf_token", Browser::csrf_in(page->body)}, {"status", "done"}, {"owner_role", "X"}, {"due", "2026-01-31"}});
  EXPECT_EQ(unversioned->status, 409);
  EXPECT_EQ(stored().version, first_.version);
}

// Every test on SQLite and on PostgreSQL (Web/ProgrammeEdit.Test/sqlite, .../postgres).
INSTANTIATE_TEST_SUITE_P(Web, ProgrammeEdit, kith::testing::kBothBackends, kith::testing::BackendName());

}  // namespace
}  // namespace kith::web::testing
