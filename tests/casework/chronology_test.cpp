// The order of a child's chronology within one day (casework/chronology.h):
// events recorded with a time (contacts, with the UTC time they came in) first
// and in time order, then the untimed ones in the fixed order of kinds, the
// child's before the family's. The tiny council's child 1 (Ada, family 1) gets
// six events on Monday 2 June 2025, entered in an order that differs from the
// expected one, which is worked out by hand below.
#include <gtest/gtest.h>

#include "casework/chronology.h"
#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"

namespace kith::casework {
namespace {

class ChronologyOrder : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    db_ = testing::make_tiny_council(testing::new_database(GetParam(), dir_));
    ASSERT_NE(db_, nullptr);
  }
  void exec(const std::string& sql) { ASSERT_TRUE(db_->exec(sql)) << sql; }
  // The summaries of child 1's events on the day, in the chronology's order.
  std::vector<std::string> day(Date d) {
    auto all = load_chronology(*db_, 1, Id(1));
    EXPECT_TRUE(all) << all.status().message();
    std::vector<std::string> out;
    if (all)
      for (const auto& e : *all)
        if (e.date == d) out.push_back(e.summary);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_P(ChronologyOrder, SameDayEventsComeByTimeWhereRecordedThenByKind) {
  // Ids run against time: the 14:05 contact has the lowest id. The 23:30 UTC
  // contact of 1 June is 00:30 on 2 June in London (BST), so the day's first.
  exec("INSERT INTO contact (id, person_id, family_id, contact_date, source, received_at) VALUES "
       "(10, 1, 1, '2025-06-02', 'police', '2025-06-02T14:05:00Z'), "
       "(11, 1, 1, '2025-06-02', 'school', '2025-06-02T08:30:00Z'), "
       "(12, 1, 1, '2025-06-02', 'family', NULL), "
       "(13, 1, 1, '2025-06-02', 'health', '2025-06-01T23:30:00Z')");
  exec("INSERT INTO visit VALUES (20, 1, 1, '2025-06-02', 1, 'cin')");
  exec("INSERT INTO partner_note (id, family_id, person_id, worker_id, agency, note_date, summary) VALUES "
       "(30, 1, NULL, 6, 'health', '2025-06-02', 'Home visit by the health visitor')");
  const std::vector<std::string> expected = {
      "Contact from health",   // 23:30 UTC on 1 June
      "Contact from school",   // 08:30
      "Contact from police",   // 14:05
      "Contact from family",   // no time: untimed events follow, contacts first among them
      "Visit, seen alone",     // a visit comes after contacts in the kind order
  };
  auto got = day(Date::ymd(2025, 6, 2));
  ASSERT_EQ(got.size(), expected.size() + 1) << "the partner's entry is the sixth";
  EXPECT_EQ(std::vector<std::string>(got.begin(), got.end() - 1), expected);
  EXPECT_NE(got.back().find("Home visit by the health visitor"), std::string::npos) << "the family's entries come after the child's";
}

// With no time recorded anywhere, a day's events keep the kind order (the
// order before times were read): a contact before the referral it led to.
TEST_P(ChronologyOrder, WithoutTimesTheKindOrderStays) {
  exec("INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need) VALUES (40, 1, '2025-07-01', '1A', 'N1')");
  exec("INSERT INTO contact (id, person_id, family_id, contact_date, source) VALUES (41, 1, 1, '2025-07-01', 'school')");
  auto got = day(Date::ymd(2025, 7, 1));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0], "Contact from school");
  EXPECT_EQ(got[1], "Referral to children's social care (source 1A)");
}

INSTANTIATE_TEST_SUITE_P(Casework, ChronologyOrder, ::testing::Values(testing::Backend::kSqlite, testing::Backend::kPostgres),
                         testing::BackendName());

}  // namespace
}  // namespace kith::casework
