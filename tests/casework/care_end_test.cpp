// Ending a period of care, leaving care eligibility and the care plan deadline
// over the tiny council (tests/fixtures/tiny_council.sql), on SQLite and
// PostgreSQL. Cara (child 3) is looked after since 2024-06-10: legal status C1
// then C2 from 2024-11-01; placement 1 (2024-06-10 to 2024-09-01), placement 2
// from 2024-09-01, open. "Today" is Wednesday 2025-04-30. Every expected date
// and day count below is worked by hand in the comments.
#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "casework/care_leaving.h"
#include "casework/care_plans.h"
#include "casework/statutory.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

const Date kToday = Date::ymd(2025, 4, 30);
Date d(int y, unsigned m, unsigned day) { return Date::ymd(y, m, day); }

class CareEnd : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
    log_.emplace(std::move(*audit::AuditLog::open(dir_.file("k.key"), true)));
  }
  store::WriteContext ctx(const std::string& who = "practitioner") { return {*log_, who, "statutory work"}; }
  std::int64_t n(const std::string& sql, const std::vector<store::Value>& params = {}) { return testing::scalar_of(*db_, sql, params); }
  std::string text(const std::string& sql, const std::vector<store::Value>& params = {}) { return testing::text_of(*db_, sql, params); }
  // The field a refusal names: the message up to its first colon.
  static std::string field_of(const Status& s) { return s.message().substr(0, s.message().find(':')); }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  std::optional<audit::AuditLog> log_;
};

// Ending a period of care ----------------------------------------------------------------

TEST_P(CareEnd, EndingThePeriodClosesItAndTheCurrentPlacementInOneAuditedWrite) {
  auto r = end_care_period(*db_, ctx(), 3, d(2025, 4, 28), "E4A", {1, 1}, kToday);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(*r, 1);
  EXPECT_EQ(text("SELECT end_date FROM cla_period WHERE id = 1"), "2025-04-28");
  EXPECT_EQ(text("SELECT reason_ceased FROM cla_period WHERE id = 1"), "E4A");
  EXPECT_EQ(n("SELECT version FROM cla_period WHERE id = 1"), 2);
  EXPECT_EQ(text("SELECT end_date FROM placement WHERE id = 2"), "2025-04-28");
  EXPECT_EQ(text("SELECT end_date FROM placement WHERE id = 1"), "2024-09-01");  // the earlier placement is untouched
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'cla_period' AND action = 'update' AND entity_id = '1'"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'placement' AND action = 'update' AND entity_id = '2'"), 1);
  auto st = statutory_state(*db_, 3);
  ASSERT_TRUE(st.is_ok());
  EXPECT_FALSE(st->cla_period_id.has_value());
  EXPECT_FALSE(st->placement_id.has_value());
}

TEST_P(CareEnd, ThePeriodMayEndOnTheDayOfItsLastChange) {
  // C2 began 2024-11-01, the last change (placement 2 began 2024-09-01).
  ASSERT_TRUE(end_care_period(*db_, ctx(), 3, d(2024, 11, 1), "E8", {1, 1}, kToday).is_ok());
  EXPECT_EQ(text("SELECT end_date FROM cla_period WHERE id = 1"), "2024-11-01");
}

TEST_P(CareEnd, EachRefusalNamesItsFieldAndWritesNothing) {
  struct Case {
    Date end;
    std::string reason;
    std::string field;
    const char* why;
  };
  const Case cases[] = {
      {d(2025, 4, 28), "X1", "reason_ceased", "X1 links two episodes of a period; it does not end one"},
      {d(2025, 4, 28), "E43", "reason_ceased", "replaced by E45/E46 from 2018/19"},
      {d(2025, 4, 28), "E99", "reason_ceased", "not a REC code"},
      {d(2025, 4, 28), "e4a", "reason_ceased", "codes are case-sensitive, as in the return"},
      {d(2025, 4, 28), "", "reason_ceased", "no reason"},
      {d(2025, 5, 1), "E4A", "end_date", "tomorrow"},
      {d(2024, 6, 9), "E4A", "end_date", "the day before the period began"},
      {d(2024, 10, 31), "E4A", "end_date", "the day before C2 began on 2024-11-01"},
  };
  for (const Case& c : cases) {
    auto r = end_care_period(*db_, ctx(), 3, c.end, c.reason, {1, 1}, kToday);
    ASSERT_FALSE(r.is_ok()) << c.why;
    EXPECT_EQ(r.status().code(), Status::Code::kInvalid) << c.why;
    EXPECT_EQ(field_of(r.status()), c.field) << c.why << ": " << r.status().message();
  }
  EXPECT_EQ(n("SELECT count(*) FROM cla_period WHERE end_date IS NOT NULL"), 0);
  EXPECT_EQ(n("SELECT count(*) FROM placement WHERE id = 2 AND end_date IS NULL"), 1);
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE action = 'update'"), 0);
}

TEST_P(CareEnd, AChildWhoIsNotLookedAfterHasNoPeriodToEnd) {
  // Ada (child 1) has never been looked after.
  auto r = end_care_period(*db_, ctx(), 1, d(2025, 4, 28), "E4A", {}, kToday);
  ASSERT_EQ(r.status().code(), Status::Code::kInvalid);
  EXPECT_EQ(field_of(r.status()), "cla_period_id");
}

TEST_P(CareEnd, AStaleVersionOrAPeriodEndedSinceIsAConflict) {
  EXPECT_EQ(end_care_period(*db_, ctx(), 3, d(2025, 4, 28), "E4A", {1, 0}, kToday).status().code(), Status::Code::kConflict);
  ASSERT_TRUE(end_care_period(*db_, ctx(), 3, d(2025, 4, 28), "E4A", {1, 1}, kToday).is_ok());
  // A second worker who opened the form before the first saved.
  auto again = end_care_period(*db_, ctx("other"), 3, d(2025, 4, 29), "E8", {1, 1}, kToday);
  EXPECT_EQ(again.status().code(), Status::Code::kConflict);
  EXPECT_EQ(again.status().message().rfind("version:", 0), 0u) << again.status().message();
  EXPECT_EQ(text("SELECT reason_ceased FROM cla_period WHERE id = 1"), "E4A");
  EXPECT_EQ(n("SELECT count(*) FROM audit_entry WHERE entity = 'cla_period' AND action = 'update'"), 1);
}

TEST_P(CareEnd, APathwayPlanMayNowSayEligible) {
  ASSERT_TRUE(record_pathway_plan(*db_, ctx(), 3, d(2025, 4, 28), 2, "eligible", {}).is_ok());
  EXPECT_EQ(text("SELECT eligibility FROM care_leaver WHERE person_id = 3"), "eligible");
  EXPECT_EQ(field_of(record_pathway_plan(*db_, ctx(), 1, d(2025, 4, 28), 2, "maybe", {}).status()), "eligibility");
}

// Leaving care eligibility (pure) ------------------------------------------------------------------
//
// Everyone here is born 2008-01-10: 14th birthday 2022-01-10, 16th 2024-01-10, 18th 2026-01-10,
// 21st 2029-01-10, 25th 2033-01-10. 13 weeks = 91 days; a spell [start, end) counts end - start days.

const Date kBorn = Date::ymd(2008, 1, 10);

struct EligibilityCase {
  const char* name;
  std::vector<CareSpell> spells;
  Date on;
  LeavingCare expected;
  int days;  // days since the 14th birthday, worked by hand
};

class Eligibility : public ::testing::TestWithParam<EligibilityCase> {};

TEST_P(Eligibility, FollowsTheLeavingCareAct) {
  const EligibilityCase& c = GetParam();
  LeavingCareStatus st = leaving_care_status(kBorn, c.spells, c.on);
  EXPECT_EQ(st.status, c.expected) << st.why;
  EXPECT_EQ(st.days_since_14, c.days) << st.why;
}

// Since 2023-11-01: to 1 Dec 30 days, to 1 Jan 31, to 1 Feb 31 = 92 on 2024-02-01, 91 on 31 Jan, 90 on 30 Jan.
const CareSpell kSinceNov2023{d(2023, 11, 1), std::nullopt, false};
// 2021-12-01 to 2022-03-01 began before 14: only 2022-01-10 to 2022-03-01 counts = 31 + 19 = 50 days
// (counting it all would give 31 + 31 + 28 = 90). Then 2024-01-05 to 2024-02-14 = 31 + 9 = 40: 90 in all.
const CareSpell kBefore14{d(2021, 12, 1), d(2022, 3, 1), false};
const CareSpell kShort40{d(2024, 1, 5), d(2024, 2, 14), false};
const CareSpell kShort41{d(2024, 1, 5), d(2024, 2, 15), false};  // 41 days: 91 in all

INSTANTIATE_TEST_SUITE_P(
    LeavingCare, Eligibility,
    ::testing::Values(
        EligibilityCase{"still_in_care_91_days", {kSinceNov2023}, d(2024, 1, 31), LeavingCare::kEligible, 91},
        EligibilityCase{"still_in_care_90_days", {kSinceNov2023}, d(2024, 1, 30), LeavingCare::kNone, 90},
        EligibilityCase{"under_16", {kSinceNov2023}, d(2024, 1, 9), LeavingCare::kNone, 69},  // 30 + 31 + 8
        // Two periods add up: March 2022 (31 days) and 2024-01-01 to 2024-03-01 (31 + 29, a leap year = 60) = 91.
        EligibilityCase{"periods_added_relevant",
                        {{d(2022, 3, 1), d(2022, 4, 1), false}, {d(2024, 1, 1), d(2024, 3, 1), false}},
                        d(2024, 6, 1),
                        LeavingCare::kRelevant,
                        91},
        // One day fewer (from 2 January: 59): 90, left care after 16 without 13 weeks.
        EligibilityCase{"periods_added_qualifying",
                        {{d(2022, 3, 1), d(2022, 4, 1), false}, {d(2024, 1, 2), d(2024, 3, 1), false}},
                        d(2024, 6, 1),
                        LeavingCare::kQualifying,
                        90},
        EligibilityCase{"before_14_not_counted", {kBefore14, kShort40}, d(2026, 6, 1), LeavingCare::kQualifying, 90},
        EligibilityCase{"former_relevant_at_18", {kBefore14, kShort41}, d(2026, 6, 1), LeavingCare::kFormerRelevant, 91},
        EligibilityCase{"former_relevant_day_before_25", {kBefore14, kShort41}, d(2033, 1, 9), LeavingCare::kFormerRelevant, 91},
        EligibilityCase{"none_from_25", {kBefore14, kShort41}, d(2033, 1, 10), LeavingCare::kNone, 91},
        EligibilityCase{"qualifying_day_before_21", {kBefore14, kShort40}, d(2029, 1, 9), LeavingCare::kQualifying, 90},
        EligibilityCase{"none_from_21_if_qualifying", {kBefore14, kShort40}, d(2029, 1, 10), LeavingCare::kNone, 90},
        // Short breaks (V3/V4) do not count: 183 days of them (2023-06-01 to 2023-12-01) and 40 ordinary days.
        EligibilityCase{"short_breaks_excluded",
                        {{d(2023, 6, 1), d(2023, 12, 1), true}, kShort40},
                        d(2024, 6, 1),
                        LeavingCare::kQualifying,
                        40},
        // Left care the day before the 16th birthday (2023-06-01 to 2024-01-09: 30+31+31+30+31+30+31+8 = 222 days): not
        // looked after at 16, so not eligible, relevant or qualifying.
        EligibilityCase{"left_before_16", {{d(2023, 6, 1), d(2024, 1, 9), false}}, d(2024, 6, 1), LeavingCare::kNone, 222},
        // Care that ends on the 16th birthday ended "after he reached the age of 16": relevant.
        EligibilityCase{"left_on_16th_birthday", {{d(2023, 6, 1), d(2024, 1, 10), false}}, d(2024, 6, 1), LeavingCare::kRelevant, 223}),
    [](const ::testing::TestParamInfo<EligibilityCase>& info) { return std::string(info.param.name); });

TEST(LeavingCareLabels, CodesAreThePathwayPlanFormsValues) {
  LeavingCareStatus st = leaving_care_status(kBorn, {kSinceNov2023}, d(2024, 2, 1));
  EXPECT_EQ(st.code, "eligible");
  EXPECT_EQ(st.label, "Eligible");
  EXPECT_TRUE(st.looked_after_now);
  EXPECT_EQ(st.why, "Looked after 92 days since the 14th birthday (91 needed); still looked after.");
  EXPECT_EQ(leaving_care_status(kBorn, {kBefore14, kShort41}, d(2026, 6, 1)).code, "former_relevant");
}

// From the record: a V3 short break splits the period by legal status ---------------------------

TEST_P(CareEnd, EligibilityFromTheRecordLeavesOutShortBreaksAndFollowsTheEnd) {
  // Eli, born 2008-01-10, looked after from 2023-11-01: V3 (short breaks) to 2023-12-01, then C2.
  ASSERT_TRUE(db_->exec("INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id, school_id) VALUES "
                        "(6, 'Eli', 'Leaver', 'M', '2008-01-10', 'WBRI', 1, NULL);"
                        "INSERT INTO cla_period VALUES (2, 6, NULL, '2023-11-01', NULL, NULL, 'N1', NULL, 1);"
                        "INSERT INTO legal_status VALUES (3, 2, '2023-11-01', 'V3'), (4, 2, '2023-12-01', 'C2');"
                        "INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code, postcode, "
                        "reason_change, weekly_cost_pence) VALUES (3, 2, NULL, '2023-11-01', NULL, 'U4', 'PR1', NULL, NULL, 0);")
                  .is_ok());
  // On 2024-02-29: C2 from 1 Dec = 31 + 31 + 28 = 90 days (the 30 V3 days do not count): not yet.
  auto before = leaving_care_status(*db_, 6, d(2024, 2, 29));
  ASSERT_TRUE(before.is_ok()) << before.status().message();
  EXPECT_EQ(before->status, LeavingCare::kNone);
  EXPECT_EQ(before->days_since_14, 90);
  // Care ends on 2024-03-01: 91 days, then relevant after leaving (16, not yet 18).
  ASSERT_TRUE(end_care_period(*db_, ctx(), 6, d(2024, 3, 1), "E13", {2, 1}, kToday).is_ok());
  auto after = leaving_care_status(*db_, 6, d(2024, 6, 1));
  ASSERT_TRUE(after.is_ok());
  EXPECT_EQ(after->status, LeavingCare::kRelevant) << after->why;
  EXPECT_EQ(after->days_since_14, 91);
  EXPECT_EQ(leaving_care_status(*db_, 6, d(2026, 1, 10))->status, LeavingCare::kFormerRelevant);
  EXPECT_EQ(leaving_care_status(*db_, 99, kToday).status().code(), Status::Code::kNotFound);
}

// The care plan deadline -----------------------------------------------------------------------------

TEST(CarePlanDue, TenWorkingDaysAcrossBankHolidays) {
  // Fri 2025-04-11: Mon 14 (1), Tue 15 (2), Wed 16 (3), Thu 17 (4), Good Friday 18 and Easter Monday 21
  // skipped, Tue 22 (5), Wed 23 (6), Thu 24 (7), Fri 25 (8), Mon 28 (9), Tue 29 (10).
  EXPECT_EQ(care_plan_due(d(2025, 4, 11)), d(2025, 4, 29));
  // Mon 2025-12-15: 16, 17, 18, 19 (4), 22, 23, 24 (7), Christmas and Boxing Day skipped, 29, 30, 31 (10).
  EXPECT_EQ(care_plan_due(d(2025, 12, 15)), d(2025, 12, 31));
  // Wed 2025-06-04, no holiday: 5, 6, 9, 10, 11, 12, 13, 16, 17, 18.
  EXPECT_EQ(care_plan_due(d(2025, 6, 4)), d(2025, 6, 18));
}

TEST_P(CareEnd, TheCarePlanDeadlineAppliesOnlyFromTheCouncilsSetting) {
  auto tasks = [&](Id person) {
    std::map<Id, std::vector<DueTask>> out;
    store::Batch batch(*db_);
    cla_care_plan_tasks(batch, one_child(person), kToday, [&](Id child, DueTask t) { out[child].push_back(std::move(t)); });
    Status s = batch.run();
    EXPECT_TRUE(s.is_ok()) << s.message();
    return out[person];
  };
  auto setting = care_plan_deadline_from(*db_);
  ASSERT_TRUE(setting.is_ok());
  EXPECT_EQ(setting->from, d(2026, 4, 1));  // migration 0015's go-live date
  // Ada (1) comes into care on Fri 2025-04-11, before the go-live date: no deadline.
  auto period = start_care_period(*db_, ctx(), 1, d(2025, 4, 11), "C1", "N1", {d(2025, 4, 11), "U4", "PR1", std::nullopt, "", ""});
  ASSERT_TRUE(period.is_ok()) << period.status().message();
  EXPECT_TRUE(tasks(1).empty());
  // From 2025-04-01 it applies to her, not to Cara (3), in care since 2024-06-10 with no care plan either.
  EXPECT_EQ(set_care_plan_deadline_from(*db_, ctx("administrator"), d(2025, 4, 1), 0).code(), Status::Code::kConflict);
  ASSERT_TRUE(set_care_plan_deadline_from(*db_, ctx("administrator"), d(2025, 4, 1), setting->version).is_ok());
  ASSERT_EQ(tasks(1).size(), 1u);
  EXPECT_EQ(tasks(1)[0].what, "Care plan");
  EXPECT_EQ(tasks(1)[0].due, d(2025, 4, 29));  // worked above, across Easter
  EXPECT_TRUE(tasks(1)[0].overdue);            // today is 30 April
  EXPECT_TRUE(tasks(3).empty());
  // A plan recorded (awaiting authorisation) meets it; one the manager returns does not.
  ASSERT_TRUE(record_cla_care_plan(*db_, ctx(), *period, d(2025, 4, 30), "return_home").is_ok());
  EXPECT_TRUE(tasks(1).empty());
  Id request = n("SELECT max(id) FROM authorisation WHERE kind = 'cla_plan'");
  ASSERT_TRUE(decide_authorisation(*db_, ctx("team_manager"), testing::viewer_for(*db_, Role::kTeamManager), {request, 1}, false, kToday,
                                   "Say who the child will live with")
                  .is_ok());
  EXPECT_EQ(tasks(1).size(), 1u);
  // Ended care needs no plan.
  ASSERT_TRUE(end_care_period(*db_, ctx(), 1, kToday, "E4A", {*period, 1}, kToday).is_ok());
  EXPECT_TRUE(tasks(1).empty());
}

INSTANTIATE_TEST_SUITE_P(Casework, CareEnd, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres), testing::BackendName());

}  // namespace
}  // namespace kith::casework
