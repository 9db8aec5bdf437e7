// --errors: the seeded data-quality faults exist, in roughly the asked
// proportion and of every kind, counted with SQL the way a return's
// validator would find them; with no --errors there are none.
#include "model/codes.h"
#include "synth_fixture.h"

namespace kith::synth::testing {
namespace {

// Faults found by the queries below, per table.
struct Found {
  std::int64_t missing = 0, overlapping = 0, bad_codes = 0, out_of_order = 0;
};

const char* kBadCinCode = "(referral_source NOT IN ('1A','1B','1C','1D','2A','2B','3A','3B','3C','3D','3E','3F','4','5A','5B','5C','5D','6','7','8','9','10'))";

std::int64_t bad_codes(store::Database& db, const std::string& sql, bool (*valid)(const std::string&)) {
  std::int64_t bad = 0;
  EXPECT_TRUE(db.run(sql, {}, [&](const store::Statement& s) { bad += !valid(s.text(0)); }).is_ok());
  return bad;
}

Found find_faults(store::Database& db) {
  Found f;
  f.missing = count(db, "SELECT count(*) FROM cin_episode WHERE primary_need IS NULL AND referral_nfa = 0") +
              count(db, "SELECT count(*) FROM cla_period WHERE end_date IS NOT NULL AND reason_ceased IS NULL") +
              count(db, "SELECT count(*) FROM placement WHERE postcode IS NULL");
  f.overlapping = count(db, "SELECT count(*) FROM cla_period a JOIN cla_period b ON a.person_id = b.person_id AND a.id < b.id "
                            "WHERE a.start_date < coalesce(b.end_date, '9999') AND b.start_date < coalesce(a.end_date, '9999')");
  f.bad_codes = count(db, std::string("SELECT count(*) FROM cin_episode WHERE ") + kBadCinCode) +
                bad_codes(db, "SELECT category_of_need FROM cla_period", [](const std::string& c) { return from_code<PrimaryNeed>(c).has_value(); }) +
                bad_codes(db, "SELECT placement_type FROM placement", [](const std::string& c) { return from_code<PlacementType>(c).has_value(); }) +
                bad_codes(db, "SELECT status FROM legal_status", [](const std::string& c) { return from_code<LegalStatus>(c).has_value(); }) +
                bad_codes(db, "SELECT initial_category FROM cp_plan", [](const std::string& c) { return from_code<CategoryOfAbuse>(c).has_value(); });
  f.out_of_order = count(db, "SELECT count(*) FROM cin_episode WHERE close_date < referral_date") +
                   count(db, "SELECT count(*) FROM cla_period WHERE end_date < start_date") +
                   count(db, "SELECT count(*) FROM placement WHERE end_date < start_date") +
                   count(db, "SELECT count(*) FROM cp_plan WHERE end_date < start_date");
  return f;
}

std::int64_t statutory_records(store::Database& db) {
  return count(db, "SELECT (SELECT count(*) FROM cin_episode) + (SELECT count(*) FROM cla_period) + (SELECT count(*) FROM placement) + "
                   "(SELECT count(*) FROM legal_status) + (SELECT count(*) FROM cp_plan)");
}

TEST(Faults, FivePercentGivesEveryKindInRoughlyThatProportion) {
  TempDir dir;
  Options o = small_options(5);
  o.scale = 0.6;
  o.errors = 0.05;
  auto db = generated(dir.file("faults.db"), o);
  ASSERT_TRUE(db);
  Found f = find_faults(*db);
  std::int64_t records = statutory_records(*db);
  // An overlapping pair of periods is one faulty record.
  double share = double(f.missing + f.overlapping + f.bad_codes + f.out_of_order) / double(records);
  std::printf("  faults in %lld statutory records: missing %lld, overlapping %lld, bad codes %lld, out of order %lld (%.1f%%)\n",
              (long long)records, (long long)f.missing, (long long)f.overlapping, (long long)f.bad_codes, (long long)f.out_of_order,
              100 * share);
  EXPECT_NEAR(share, 0.05, 0.015);
  EXPECT_GT(f.missing, 0);
  EXPECT_GT(f.overlapping, 0);
  EXPECT_GT(f.bad_codes, 0);
  EXPECT_GT(f.out_of_order, 0);
}

TEST(Faults, NoneWithoutTheOption) {
  TempDir dir;
  auto db = generated(dir.file("clean.db"), small_options(5));
  ASSERT_TRUE(db);
  Found f = find_faults(*db);
  EXPECT_EQ(f.missing, 0);
  EXPECT_EQ(f.overlapping, 0);
  EXPECT_EQ(f.bad_codes, 0);
  EXPECT_EQ(f.out_of_order, 0);
}

}  // namespace
}  // namespace kith::synth::testing
