// due_tasks_of folds the statutory deadline rules into one query per record
// (CIN episode, CP plan, looked-after period, EHC plan, person) over a whole
// caseload. Its answers must be the rules' own: this test builds a seeded
// synthetic council of 240 children with every kind of record the rules read
// (open and closed, several at once, reviews, visits seen and not, young
// people turning 16 to 18), and compares, child by child, due_tasks_of over the
// whole council and over each locality with an independent computation: the
// rules as they were written before the fold, one query per rule and per
// child (reference_tasks below, kept verbatim apart from the child's "= ?").
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>
#include <sstream>

#include "calendar/calendar.h"
#include "casework/due_tasks.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

using calendar::add_working_days;

// --- The independent computation: the unfolded rules, one child at a time. ---

void add(std::vector<DueTask>& out, std::string what, Date due, Date today) { out.push_back({std::move(what), due, due < today}); }

void rows(store::Database& db, const std::string& sql, Id child, const std::function<void(const store::Statement&)>& on_row) {
  Status s = db.run(sql, {child}, on_row);
  ASSERT_TRUE(s.is_ok()) << s.message() << "\n" << sql;
}

std::vector<DueTask> reference_tasks(store::Database& db, Id child, Date today) {
  std::vector<DueTask> out;
  rows(db,
       "SELECT a.start_date FROM assessment a JOIN cin_episode c ON c.id = a.cin_episode_id "
       "WHERE c.person_id = ? AND a.authorised_date IS NULL AND c.close_date IS NULL",
       child, [&](const store::Statement& s) { add(out, "Assessment", add_working_days(*s.date(0), 45), today); });
  rows(db,
       "SELECT sd.discussion_date FROM section47 s JOIN strategy_discussion sd ON sd.id = s.strategy_discussion_id "
       "JOIN cin_episode c ON c.id = s.cin_episode_id WHERE c.person_id = ? AND c.close_date IS NULL AND s.icpc_required = 1 "
       "AND NOT EXISTS (SELECT 1 FROM conference k WHERE k.cin_episode_id = c.id AND k.kind = 'initial' "
       "AND k.conference_date >= sd.discussion_date)",
       child, [&](const store::Statement& s) {
         add(out, "Initial child protection conference", add_working_days(*s.date(0), 15), today);
       });
  rows(db,
       "SELECT p.start_date, (SELECT max(k.conference_date) FROM conference k WHERE k.cin_episode_id = p.cin_episode_id "
       "AND k.kind = 'review' AND k.conference_date >= p.start_date) FROM cp_plan p WHERE p.person_id = ? AND p.end_date IS NULL",
       child, [&](const store::Statement& s) {
         auto last = s.date(1);
         add(out, "Child protection review conference", last ? last->plus_months(6) : s.date(0)->plus_months(3), today);
       });
  rows(db,
       "SELECT p.start_date, (SELECT count(*) FROM cla_review r WHERE r.cla_period_id = p.id), "
       "(SELECT max(r.review_date) FROM cla_review r WHERE r.cla_period_id = p.id) FROM cla_period p WHERE p.person_id = ? AND p.end_date IS NULL",
       child, [&](const store::Statement& s) {
         std::int64_t held = s.int64(1);
         Date due = held == 0 ? add_working_days(*s.date(0), 20) : held == 1 ? s.date(2)->plus_months(3) : s.date(2)->plus_months(6);
         add(out, "Looked-after review", due, today);
       });
  rows(db,
       "SELECT pl.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id AND v.visit_date >= pl.start_date) "
       "FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id WHERE p.person_id = ? AND p.end_date IS NULL AND pl.end_date IS NULL",
       child, [&](const store::Statement& s) {
         Date start = *s.date(0);
         auto last = s.date(1);
         add(out, "Statutory visit", !last ? start.plus_days(7) : (*last < start.plus_months(12) ? last->plus_days(42) : last->plus_months(3)),
             today);
       });
  rows(db,
       "SELECT p.start_date, (SELECT max(h.check_date) FROM health_check h WHERE h.person_id = p.person_id "
       "AND h.kind = 'health_assessment' AND h.check_date >= p.start_date), x.birth_date "
       "FROM cla_period p JOIN person x ON x.id = p.person_id WHERE p.person_id = ? AND p.end_date IS NULL",
       child, [&](const store::Statement& s) {
         auto last = s.date(1);
         auto born = s.date(2);
         if (!last) return add(out, "Initial health assessment", add_working_days(*s.date(0), 20), today);
         add(out, "Review health assessment", last->plus_months(born && *last < born->plus_months(60) ? 6 : 12), today);
       });
  rows(db,
       "SELECT p.start_date, (SELECT max(v.visit_date) FROM visit v WHERE v.person_id = p.person_id AND v.visit_date >= p.start_date "
       "AND NOT EXISTS (SELECT 1 FROM visit_seen n WHERE n.visit_id = v.id AND n.seen = 0)) FROM cp_plan p WHERE p.person_id = ? AND p.end_date IS NULL",
       child, [&](const store::Statement& s) {
         auto last = s.date(1);
         add(out, "Child protection visit", add_working_days(last ? *last : *s.date(0), 10), today);
       });
  rows(db,
       "SELECT e.request_date, e.plan_date, (SELECT max(r.review_date) FROM ehcp_review r WHERE r.ehcp_id = e.id) "
       "FROM ehcp e WHERE e.person_id = ? AND e.end_date IS NULL",
       child, [&](const store::Statement& s) {
         auto issued = s.date(1);
         Date due = issued ? s.date(2).value_or(*issued).plus_months(12) : s.date(0)->plus_days(20 * 7);
         add(out, issued ? "EHC plan annual review" : "EHC plan issued (20 weeks from the request)", due, today);
       });
  // Transition: in a group that needs a plan, from 16 until 18, while no plan is in place.
  rows(db,
       "SELECT p.birth_date, (SELECT count(*) FROM cla_period c WHERE c.person_id = p.id AND c.end_date IS NULL) + "
       "(SELECT count(*) FROM care_leaver l WHERE l.person_id = p.id) + "
       "(CASE WHEN p.disability <> '' AND p.disability <> 'NONE' THEN 1 ELSE 0 END) + "
       "(SELECT count(*) FROM ehcp e WHERE e.person_id = p.id AND e.plan_date IS NOT NULL AND e.end_date IS NULL), "
       "(SELECT t.referral_date FROM transition_plan t WHERE t.person_id = p.id), "
       "(SELECT count(*) FROM transition_plan t WHERE t.person_id = p.id AND t.plan_date IS NOT NULL) FROM person p WHERE p.id = ?",
       child, [&](const store::Statement& s) {
         auto born = s.date(0);
         if (!born || s.int64(1) == 0 || s.int64(3) > 0) return;
         if (today < born->plus_months(16 * 12) || today >= born->plus_months(18 * 12)) return;
         Date start_by = born->plus_months(17 * 12), in_place_by = born->plus_months(17 * 12 + 6);
         if (!s.date(2)) add(out, "Start transition planning (referral to adult services)", start_by, today);
         add(out, "Transition plan to adult services in place", in_place_by, today);
       });
  std::stable_sort(out.begin(), out.end(), [](const DueTask& a, const DueTask& b) { return a.due < b.due; });
  return out;
}

// --- A seeded synthetic council over the tiny council's teams and localities. ---

constexpr Id kFirstChild = 1001;
constexpr int kChildren = 240;

class Council {
 public:
  explicit Council(unsigned seed) : rng_(seed) {}

  std::string sql() {
    for (Id child = kFirstChild; child < kFirstChild + kChildren; ++child) add_child(child);
    return out_.str();
  }

 private:
  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  bool chance(int percent) { return below(100) < percent; }
  // A day from 2023-01-02 to 2025-06-30 (past and future of the tests' todays).
  Date day() { return Date::ymd(2023, 1, 2).plus_days(below(910)); }
  static std::string q(Date d) { return "'" + d.iso() + "'"; }
  std::string maybe(Date d, int percent_null) { return chance(percent_null) ? "NULL" : q(d); }

  void add_child(Id child) {
    // Born 2004-2025: a fifth are 15 to 19 in 2025, so the transition window opens and closes.
    Date born = chance(20) ? Date::ymd(2006, 1, 1).plus_days(below(1460)) : Date::ymd(2004, 1, 1).plus_days(below(7700));
    if (chance(2)) born = Date::ymd(2008, 2, 29);  // a leap-day birthday for the month arithmetic
    out_ << "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, disability, address_id) VALUES (" << child
         << ", 'Child', 'Synthetic', '" << (chance(50) ? 'F' : 'M') << "', " << q(born) << ", 'WBRI', '"
         << (chance(15) ? "MOB" : chance(10) ? "" : "NONE") << "', " << 1 + below(2) << ");\n";
    int team = 1 + below(3), worker = team == 1 ? 1 : team == 2 ? 2 : 5;
    out_ << "INSERT INTO involvement VALUES (" << child << ", " << child << ", " << worker << ", " << team
         << ", 'allocated_social_worker', '2023-01-02', " << (chance(10) ? "'2024-01-01'" : "NULL") << ", NULL);\n";
    for (int n = below(3); n > 0; --n) add_cin_episode(child);
    for (int n = chance(30) ? 1 + below(2) : 0; n > 0; --n) add_cla_period(child, born);
    for (int n = below(6); n > 0; --n) add_visit(child);
    if (chance(15)) add_ehcp(child);
    if (chance(8)) out_ << "INSERT INTO care_leaver (id, person_id, eligibility) VALUES (" << child << ", " << child << ", 'relevant');\n";
    if (chance(15)) {
      Date referred = day();
      out_ << "INSERT INTO transition_plan (id, person_id, referral_date, adult_service, plan_date, outcome, recorded_by) VALUES (" << child
           << ", " << child << ", " << maybe(referred, 40) << ", 'adult_social_care', " << maybe(referred.plus_days(30), 60)
           << ", 'in_progress', 'test');\n";
    }
  }

  void add_cin_episode(Id child) {
    Id e = ++ids_;
    Date referred = day();
    out_ << "INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need, close_date) VALUES (" << e << ", " << child
         << ", " << q(referred) << ", '1A', 'N1', " << maybe(referred.plus_days(200), 70) << ");\n";
    for (int n = below(3); n > 0; --n)
      out_ << "INSERT INTO assessment (id, cin_episode_id, start_date, authorised_date) VALUES (" << ++ids_ << ", " << e << ", " << q(day())
           << ", " << maybe(day(), 50) << ");\n";
    for (int n = below(3); n > 0; --n) {
      Id sd = ++ids_;
      Date discussed = day();
      out_ << "INSERT INTO strategy_discussion VALUES (" << sd << ", " << e << ", " << q(discussed) << ");\n";
      out_ << "INSERT INTO section47 (id, cin_episode_id, strategy_discussion_id, start_date, icpc_required) VALUES (" << ++ids_ << ", " << e
           << ", " << sd << ", " << q(discussed) << ", " << (chance(70) ? 1 : 0) << ");\n";
    }
    for (int n = below(4); n > 0; --n)
      out_ << "INSERT INTO conference VALUES (" << ++ids_ << ", " << e << ", NULL, '" << (chance(40) ? "initial" : "review") << "', "
           << q(day()) << ", 1);\n";
    if (chance(40)) {
      Date start = day();
      out_ << "INSERT INTO cp_plan (id, cin_episode_id, person_id, start_date, end_date, initial_category, latest_category) VALUES (" << ++ids_
           << ", " << e << ", " << child << ", " << q(start) << ", " << maybe(start.plus_days(150), 70) << ", 'NEG', 'NEG');\n";
    }
  }

  void add_cla_period(Id child, Date born) {
    Id p = ++ids_;
    Date start = std::max(day(), born);
    out_ << "INSERT INTO cla_period (id, person_id, start_date, end_date, category_of_need) VALUES (" << p << ", " << child << ", " << q(start)
         << ", " << maybe(start.plus_days(300), 75) << ", 'N1');\n";
    for (int n = below(4); n > 0; --n)
      out_ << "INSERT INTO cla_review VALUES (" << ++ids_ << ", " << p << ", " << q(start.plus_days(20 + below(500))) << ", 'PN1');\n";
    for (int n = below(3); n > 0; --n) {
      Date placed = start.plus_days(below(400));
      out_ << "INSERT INTO placement (id, cla_period_id, start_date, end_date, placement_type, provider_code) VALUES (" << ++ids_ << ", " << p
           << ", " << q(placed) << ", " << maybe(placed.plus_days(90), 60) << ", 'U4', 'PR1');\n";
    }
    for (int n = below(3); n > 0; --n)
      out_ << "INSERT INTO health_check (id, person_id, kind, check_date) VALUES (" << ++ids_ << ", " << child << ", '"
           << (chance(75) ? "health_assessment" : "dental") << "', " << q(day()) << ");\n";
  }

  void add_visit(Id child) {
    Id v = ++ids_;
    out_ << "INSERT INTO visit VALUES (" << v << ", " << child << ", 1, " << q(day()) << ", 0, 'cp');\n";
    if (chance(50)) out_ << "INSERT INTO visit_seen VALUES (" << v << ", " << (chance(40) ? 0 : 1) << ");\n";
  }

  void add_ehcp(Id child) {
    Id e = ++ids_;
    Date requested = day();
    bool issued = chance(60);
    out_ << "INSERT INTO ehcp (id, person_id, request_date, plan_date, end_date) VALUES (" << e << ", " << child << ", " << q(requested) << ", "
         << (issued ? q(requested.plus_days(100)) : "NULL") << ", " << (chance(20) ? q(requested.plus_days(400)) : "NULL") << ");\n";
    if (issued)
      for (int n = below(3); n > 0; --n)
        out_ << "INSERT INTO ehcp_review (id, ehcp_id, review_date, outcome, recorded_by) VALUES (" << ++ids_ << ", " << e << ", "
             << q(requested.plus_days(100 + below(700))) << ", 'continue', 'test');\n";
  }

  std::mt19937 rng_;
  std::ostringstream out_;
  Id ids_ = 100000;  // record ids above the tiny council's
};

class DueTasksSet : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    Status s = db_->exec("BEGIN;\n" + Council(20261124).sql() + "COMMIT;\n");
    ASSERT_TRUE(s.is_ok()) << s.message();
  }

  // Every child of the set: the folded answer equals the reference, task by task and in order.
  void expect_reference(const Children& who, const std::vector<Id>& children, Date today) {
    auto all = due_tasks_of(*db_, who, today);
    ASSERT_TRUE(all.is_ok()) << all.status().message();
    for (Id child : children) {
      std::vector<DueTask> expected = reference_tasks(*db_, child, today);
      auto it = all->find(child);
      std::vector<DueTask> got = it == all->end() ? std::vector<DueTask>{} : it->second;
      ASSERT_EQ(got.size(), expected.size()) << "child " << child << " on " << today.iso();
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].what, expected[i].what) << "child " << child << " task " << i << " on " << today.iso();
        EXPECT_EQ(got[i].due, expected[i].due) << "child " << child << " task " << i << " on " << today.iso();
        EXPECT_EQ(got[i].overdue, expected[i].overdue) << "child " << child << " task " << i << " on " << today.iso();
      }
      tasks_seen_ += got.size();
    }
    for (const auto& [child, tasks] : *all)
      EXPECT_TRUE(tasks.empty() || std::find(children.begin(), children.end(), child) != children.end())
          << "child " << child << " is not in the set";
  }

  std::vector<Id> ids(const std::string& sql) {
    std::vector<Id> out;
    Status s = db_->run(sql, {}, [&](const store::Statement& st) { out.push_back(st.int64(0)); });
    EXPECT_TRUE(s.is_ok()) << s.message();
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::size_t tasks_seen_ = 0;
};

// Three todays: before most records, in the middle, and after the tiny council's.
TEST_P(DueTasksSet, EveryChildOfTheCouncilHasTheRulesOwnTasks) {
  std::vector<Id> everyone = ids("SELECT id FROM person ORDER BY id");
  ASSERT_EQ(everyone.size(), std::size_t(kChildren + 5));
  for (Date today : {Date::ymd(2023, 6, 1), Date::ymd(2024, 8, 15), Date::ymd(2025, 4, 30)})
    expect_reference({"IN (SELECT id FROM person)", {}}, everyone, today);
  // The council exercises the rules: many tasks, not a vacuous comparison.
  EXPECT_GT(tasks_seen_, std::size_t(600));
}

TEST_P(DueTasksSet, ALocalitysWorklistSetHasOnlyItsChildrenWithTheirOwnTasks) {
  const Date today = Date::ymd(2025, 4, 30);
  for (Id locality : {1, 2}) {
    const std::string set =
        "IN (SELECT i.person_id FROM involvement i JOIN team t ON t.id = i.team_id WHERE i.end_date IS NULL AND t.locality_id = ?)";
    std::vector<Id> children = ids("SELECT DISTINCT i.person_id FROM involvement i JOIN team t ON t.id = i.team_id "
                                   "WHERE i.end_date IS NULL AND t.locality_id = " + std::to_string(locality) + " ORDER BY 1");
    ASSERT_GT(children.size(), 50u);
    expect_reference({set, {locality}}, children, today);
  }
}

TEST_P(DueTasksSet, OneChildsTasksAreTheSameAsInTheSet) {
  const Date today = Date::ymd(2025, 4, 30);
  auto all = due_tasks_of(*db_, {"IN (SELECT id FROM person)", {}}, today);
  ASSERT_TRUE(all.is_ok());
  for (Id child = kFirstChild; child < kFirstChild + kChildren; child += 7) {
    auto own = due_tasks(*db_, child, today);
    ASSERT_TRUE(own.is_ok()) << own.status().message();
    std::vector<DueTask> expected = reference_tasks(*db_, child, today);
    ASSERT_EQ(own->size(), expected.size()) << "child " << child;
    for (std::size_t i = 0; i < own->size(); ++i) {
      EXPECT_EQ((*own)[i].what, expected[i].what) << "child " << child;
      EXPECT_EQ((*own)[i].due, expected[i].due) << "child " << child;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(DueTasksSet, DueTasksSet, testing::kBothBackends, testing::BackendName());

}  // namespace
}  // namespace kith::casework
