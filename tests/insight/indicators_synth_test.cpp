// Every indicator over a generated council (Telford and Wrekin at 0.1 scale,
// data to 31 December 2025) against an independent recomputation: plain SQL
// written from the DfE definitions, sharing nothing with the engine's C++.
// Period: the financial year 2024-25.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "calendar/calendar.h"

#include "fixtures/postgres_server.h"
#include "fixtures/tiny_council.h"
#include "insight/indicators.h"
#include "synth/synth.h"

namespace kith::insight {
namespace {

const std::string kData = std::string(KITH_SOURCE_DIR) + "/data";

// Statements use these placeholders: :from, :to (the period), :end (its last day).
std::string bind(std::string sql) {
  for (auto [name, value] : {std::pair{":from", "'2024-04-01'"}, {":to", "'2025-03-31'"}, {":end", "'2025-03-31'"}})
    for (auto at = sql.find(name); at != std::string::npos; at = sql.find(name)) sql.replace(at, std::string(name).size(), value);
  return sql;
}

const std::string kCla = "(SELECT DISTINCT person_id FROM cla_period WHERE start_date <= :end AND (end_date IS NULL OR end_date > :end))";
const std::string kSocialWorkers =
    "FROM worker WHERE agency = 'council' AND role IN ('social_worker','senior_practitioner','team_manager','locality_manager') ";
const std::string kInPost = "start_date <= :end AND (leave_date IS NULL OR leave_date > :end)";
// Care leavers aged 19-21 at their latest contact in the period, not died or returned home.
const std::string kLeavers =
    "(SELECT c.* FROM care_leaver_contact c JOIN care_leaver l ON l.id = c.care_leaver_id JOIN person p ON p.id = l.person_id "
    " WHERE c.contact_date BETWEEN :from AND :to AND c.contact_date >= date(p.birth_date, '+19 years') "
    " AND c.contact_date < date(p.birth_date, '+22 years') AND c.in_touch NOT IN ('DIED','RHOM') "
    " AND c.contact_date = (SELECT max(c2.contact_date) FROM care_leaver_contact c2 WHERE c2.care_leaver_id = c.care_leaver_id "
    "   AND c2.contact_date BETWEEN :from AND :to))";

// DfE's OC2 cohort for the health outcomes, and "a check of this kind in the 12 months to the end".
const std::string kOc2 = "(SELECT DISTINCT person_id FROM cla_period WHERE start_date <= date(:end, '-12 months') AND "
                         "(end_date IS NULL OR end_date > :end))";
const std::string kYearStart = "date(:end, '-12 months', '+1 day')";
std::string checked_in_year(const std::string& kind) {
  return "EXISTS (SELECT 1 FROM health_check h WHERE h.person_id = c.person_id AND h.kind = '" + kind + "' AND h.check_date BETWEEN " +
         kYearStart + " AND :end)";
}

struct Recomputed {
  const char* id;
  std::string numerator, denominator;  // SQL returning one number each; denominator empty for counts and money
};

const std::vector<Recomputed>& recomputations() {
  static const std::vector<Recomputed> k = {
      {"children_population", "SELECT count(*) FROM person p JOIN address a ON a.id = p.address_id WHERE a.locality_id IS NOT NULL "
                              "AND p.birth_date <= :end AND p.birth_date > date(:end, '-18 years') AND (p.death_date IS NULL OR p.death_date > :end)", ""},
      {"contacts", "SELECT count(*) FROM contact WHERE contact_date BETWEEN :from AND :to", ""},
      {"referrals_per_10k", "SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN :from AND :to", ""},
      {"cin_per_10k", "SELECT count(DISTINCT person_id) FROM cin_episode WHERE referral_date <= :end AND (close_date IS NULL OR close_date > :end)", ""},
      {"s47_per_10k", "SELECT count(*) FROM section47 WHERE start_date BETWEEN :from AND :to", ""},
      {"cp_plans_per_10k", "SELECT count(DISTINCT person_id) FROM cp_plan WHERE start_date <= :end AND (end_date IS NULL OR end_date > :end)", ""},
      {"cla_per_10k", "SELECT count(*) FROM " + kCla, ""},
      {"re_referrals_pct",
       "SELECT count(*) FROM cin_episode a WHERE a.referral_date BETWEEN :from AND :to AND EXISTS (SELECT 1 FROM cin_episode b WHERE "
       "b.person_id = a.person_id AND b.referral_date < a.referral_date AND b.referral_date >= date(a.referral_date, '-12 months'))",
       "SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN :from AND :to"},
      {"cp_second_plan_pct",
       "SELECT count(*) FROM cp_plan a WHERE a.start_date BETWEEN :from AND :to AND EXISTS (SELECT 1 FROM cp_plan b WHERE "
       "b.person_id = a.person_id AND b.start_date < a.start_date)",
       "SELECT count(*) FROM cp_plan WHERE start_date BETWEEN :from AND :to"},
      {"cp_2yrs_ceased_pct",
       "SELECT count(*) FROM cp_plan WHERE end_date BETWEEN :from AND :to AND julianday(end_date) - julianday(start_date) + 1 > 729",
       "SELECT count(*) FROM cp_plan WHERE end_date BETWEEN :from AND :to"},
      {"cp_2yrs_open_pct",
       "SELECT count(*) FROM cp_plan WHERE start_date <= :end AND (end_date IS NULL OR end_date > :end) AND julianday(:end) - julianday(start_date) + 1 > 729",
       "SELECT count(*) FROM cp_plan WHERE start_date <= :end AND (end_date IS NULL OR end_date > :end)"},
      {"cla_3plus_placements_pct",
       "SELECT count(*) FROM " + kCla + " c WHERE (SELECT count(*) FROM placement pl JOIN cla_period p ON p.id = pl.cla_period_id "
       "WHERE p.person_id = c.person_id AND pl.start_date <= :end AND (pl.end_date IS NULL OR pl.end_date >= :from)) >= 3",
       "SELECT count(*) FROM " + kCla},
      {"cla_long_term_stability_pct",
       "SELECT count(*) FROM cla_period p JOIN person c ON c.id = p.person_id WHERE p.start_date <= date(:end, '-30 months') AND "
       "(p.end_date IS NULL OR p.end_date > :end) AND c.birth_date > date(:end, '-16 years') AND EXISTS (SELECT 1 FROM placement pl "
       "WHERE pl.cla_period_id = p.id AND pl.start_date <= date(:end, '-24 months') AND (pl.end_date IS NULL OR pl.end_date > :end))",
       "SELECT count(*) FROM cla_period p JOIN person c ON c.id = p.person_id WHERE p.start_date <= date(:end, '-30 months') AND "
       "(p.end_date IS NULL OR p.end_date > :end) AND c.birth_date > date(:end, '-16 years')"},
      {"cla_3plus_social_workers_pct",
       "SELECT count(*) FROM " + kCla + " c WHERE (SELECT count(DISTINCT worker_id) FROM involvement i WHERE i.person_id = c.person_id "
       "AND i.role = 'allocated_social_worker' AND i.start_date <= :end AND (i.end_date IS NULL OR i.end_date >= :from)) >= 3",
       "SELECT count(*) FROM " + kCla},
      {"cla_gp_registered_pct",
       "SELECT count(*) FROM " + kCla + " c WHERE EXISTS (SELECT 1 FROM health_check h WHERE h.person_id = c.person_id AND "
       "h.kind = 'gp_registration' AND h.check_date <= :end)", "SELECT count(*) FROM " + kCla},
      {"cla_dentist_registered_pct",
       "SELECT count(*) FROM " + kCla + " c WHERE EXISTS (SELECT 1 FROM health_check h WHERE h.person_id = c.person_id AND "
       "h.kind = 'dentist_registration' AND h.check_date <= :end)", "SELECT count(*) FROM " + kCla},
      // Health (OC2 cohort: looked after at the end, the period of care started 12+ months before it); checks in the 12 months.
      {"cla_health_assessment_pct",
       "SELECT count(*) FROM " + kOc2 + " c JOIN person p ON p.id = c.person_id WHERE (SELECT count(*) FROM health_check h WHERE "
       "h.person_id = c.person_id AND h.kind = 'health_assessment' AND h.check_date BETWEEN " + kYearStart + " AND :end) >= "
       "CASE WHEN p.birth_date > date(:end, '-5 years') THEN 2 ELSE 1 END", "SELECT count(*) FROM " + kOc2},
      {"cla_dental_check_pct", "SELECT count(*) FROM " + kOc2 + " c WHERE " + checked_in_year("dental"), "SELECT count(*) FROM " + kOc2},
      {"cla_immunisations_pct", "SELECT count(*) FROM " + kOc2 + " c WHERE " + checked_in_year("immunisations"), "SELECT count(*) FROM " + kOc2},
      {"cla_development_assessment_pct",
       "SELECT count(*) FROM " + kOc2 + " c JOIN person p ON p.id = c.person_id WHERE p.birth_date > date(:end, '-5 years') AND " +
           checked_in_year("development_assessment"),
       "SELECT count(*) FROM " + kOc2 + " c JOIN person p ON p.id = c.person_id WHERE p.birth_date > date(:end, '-5 years')"},
      {"cla_ehcp_pct",
       "SELECT count(*) FROM " + kCla + " c WHERE EXISTS (SELECT 1 FROM ehcp e WHERE e.person_id = c.person_id AND e.plan_date <= :end "
       "AND (e.end_date IS NULL OR e.end_date > :end))", "SELECT count(*) FROM " + kCla},
      {"care_leavers_in_touch_pct", "SELECT count(*) FROM " + kLeavers + " WHERE in_touch = 'YES'", "SELECT count(*) FROM " + kLeavers},
      {"care_leavers_eet_pct", "SELECT count(*) FROM " + kLeavers + " WHERE activity IN ('F1','P1','F2','P2','F3','P3','F4','P4','F5','P5')",
       "SELECT count(*) FROM " + kLeavers},
      {"care_leavers_suitable_accommodation_pct",
       "SELECT count(*) FROM " + kLeavers + " WHERE accommodation LIKE '_1' AND substr(accommodation, 1, 1) NOT IN ('G','H','R')",
       "SELECT count(*) FROM " + kLeavers + " WHERE substr(accommodation, 1, 1) NOT IN ('G','H','R')"},
      {"caseload_per_fte",
       "SELECT count(*) FROM involvement WHERE role = 'allocated_social_worker' AND start_date <= :end AND (end_date IS NULL OR end_date > :end)",
       "SELECT sum(fte) FROM worker WHERE fte > 0 AND id IN (SELECT worker_id FROM involvement WHERE role = 'allocated_social_worker' "
       "AND start_date <= :end AND (end_date IS NULL OR end_date > :end))"},
      {"agency_rate_pct", "SELECT sum(fte) " + kSocialWorkers + "AND contract = 'agency' AND " + kInPost,
       "SELECT sum(fte) " + kSocialWorkers + "AND contract IN ('agency','permanent') AND " + kInPost},
      {"turnover_rate_pct", "SELECT sum(fte) " + kSocialWorkers + "AND contract = 'permanent' AND leave_date BETWEEN :from AND :to",
       "SELECT sum(fte) " + kSocialWorkers + "AND contract = 'permanent' AND " + kInPost},
      {"absence_rate_pct",
       "SELECT sum(a.working_days) FROM worker_absence a WHERE a.start_date BETWEEN :from AND :to AND a.worker_id IN (SELECT id " +
           kSocialWorkers + "AND " + kInPost + ")",
       ""},  // denominator: FTE in post x working days, checked below
      {"hand_offs_per_episode",
       "SELECT count(*) FROM cin_episode e JOIN involvement i ON i.person_id = e.person_id WHERE e.close_date BETWEEN :from AND :to "
       "AND i.reason_for_change IS NOT NULL AND i.start_date > e.referral_date AND i.start_date <= e.close_date",
       "SELECT count(*) FROM cin_episode WHERE close_date BETWEEN :from AND :to"},
      {"lead_professional_changes",
       "SELECT count(*) FROM lead_professional a WHERE a.start_date BETWEEN :from AND :to AND EXISTS (SELECT 1 FROM lead_professional b "
       "WHERE b.family_id = a.family_id AND (b.start_date < a.start_date OR (b.start_date = a.start_date AND b.id < a.id)))",
       "SELECT count(DISTINCT family_id) FROM lead_professional WHERE start_date <= :to AND (end_date IS NULL OR end_date >= :from)"},
      {"alternatives_to_referral_pct", "SELECT count(*) FROM conversation WHERE conversation_date BETWEEN :from AND :to AND alternative_to_referral = 1",
       "SELECT count(*) FROM conversation WHERE conversation_date BETWEEN :from AND :to"},
      {"stayed_with_family_pct",
       "SELECT count(*) FROM cin_episode e WHERE e.close_date BETWEEN :from AND :to AND NOT EXISTS (SELECT 1 FROM cla_period p WHERE "
       "p.person_id = e.person_id AND p.start_date <= e.close_date AND (p.end_date IS NULL OR p.end_date >= e.referral_date))",
       "SELECT count(*) FROM cin_episode WHERE close_date BETWEEN :from AND :to"},
      {"early_help_step_ups_pct", "SELECT count(*) FROM early_help_episode WHERE end_date BETWEEN :from AND :to AND end_reason = 'step_up'",
       "SELECT count(*) FROM early_help_episode WHERE end_date BETWEEN :from AND :to"},
      {"early_help_step_downs_pct",
       "SELECT count(*) FROM early_help_episode WHERE start_date BETWEEN :from AND :to AND stepped_down_from_cin IS NOT NULL",
       "SELECT count(*) FROM early_help_episode WHERE start_date BETWEEN :from AND :to"},
      {"placement_spend_pounds",
       "SELECT sum(weekly_cost_pence / 700.0 * (julianday(min(coalesce(date(end_date, '-1 day'), :to), :to)) - "
       "julianday(max(start_date, :from)) + 1)) FROM placement WHERE start_date <= :to AND (end_date IS NULL OR end_date > :from)",
       ""},
      {"agency_uplift_pounds",
       "SELECT sum(fte * 13600.0 / 365 * (julianday(min(coalesce(date(leave_date, '-1 day'), :to), :to)) - julianday(max(start_date, :from)) + 1)) " +
           kSocialWorkers + "AND contract = 'agency' AND start_date <= :to AND (leave_date IS NULL OR leave_date > :from)",
       ""},
  };
  return k;
}

class SynthIndicators : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kith::testing::TempDir;
    auto db = store::Database::open(dir_->file("synth.db"), {.create = true});
    ASSERT_TRUE(db.is_ok());
    auto stats = synth::generate(**db, council());
    ASSERT_TRUE(stats.is_ok()) << stats.status().message();
    db_ = db->release();
    auto rows = compute_indicators(*db_, financial_year(2024), {}, kData);
    ASSERT_TRUE(rows.is_ok()) << rows.status().message();
    rows_ = new std::vector<IndicatorRow>(std::move(*rows));
  }
  // Telford and Wrekin at 0.1 scale, to 31 December 2025, without demo users.
  static synth::Options council() {
    synth::Options o;
    o.councils = {"894"};
    o.scale = 0.1;
    o.years = 3;
    o.until = Date::ymd(2025, 12, 31);
    o.demo_users = false;
    o.data_dir = kData;
    return o;
  }
  static void TearDownTestSuite() {
    delete rows_;
    delete db_;
    delete dir_;
  }

  static double sql(const std::string& statement) {
    double v = 0;
    Status s = db_->run(bind(statement), {}, [&](const store::Statement& st) { v = st.is_null(0) ? 0 : st.real(0); });
    EXPECT_TRUE(s.is_ok()) << statement << ": " << s.message();
    return v;
  }
  static const IndicatorRow& all(std::string_view id) {
    for (const auto& r : *rows_)
      if (r.def->id == id && r.slice_value == "All") return r;
    ADD_FAILURE() << id;
    return rows_->front();
  }

  static kith::testing::TempDir* dir_;
  static store::Database* db_;
  static std::vector<IndicatorRow>* rows_;
};

kith::testing::TempDir* SynthIndicators::dir_ = nullptr;
store::Database* SynthIndicators::db_ = nullptr;
std::vector<IndicatorRow>* SynthIndicators::rows_ = nullptr;

TEST_F(SynthIndicators, EngineAgreesWithPlainSql) {
  for (const auto& r : recomputations()) {
    SCOPED_TRACE(r.id);
    const IndicatorRow& row = all(r.id);
    double numerator = sql(r.numerator);
    std::printf("  %-42s %14.2f %12.2f\n", r.id, row.numerator, row.denominator.value_or(0));
    EXPECT_NEAR(row.numerator, numerator, 1e-6 * std::max(1.0, numerator));
    if (!r.denominator.empty()) {
      ASSERT_TRUE(row.denominator.has_value());
      EXPECT_NEAR(*row.denominator, sql(r.denominator), 1e-6);
    }
  }
}

// The rates' denominator is the population; absence's is FTE in post x working days (254 in 2024-25).
TEST_F(SynthIndicators, DenominatorsOfRatesAndAbsence) {
  double population = all("children_population").numerator;
  EXPECT_GT(population, 3000);  // about 4,400 children at 0.1 scale
  for (const char* id : {"referrals_per_10k", "cin_per_10k", "s47_per_10k", "cp_plans_per_10k", "cla_per_10k"})
    EXPECT_EQ(*all(id).denominator, population) << id;
  double fte = sql("SELECT sum(fte) " + kSocialWorkers + "AND " + kInPost);
  EXPECT_NEAR(*all("absence_rate_pct").denominator, fte * 254, 1e-6);
}

// Timeliness needs working days, which SQL cannot count: recomputed here by walking the days.
TEST_F(SynthIndicators, TimelinessByWalkingTheCalendar) {
  auto working_days = [](Date from, Date to) {
    int n = 0;
    for (Date d = from.plus_days(1); d <= to; d = d.plus_days(1)) {
      bool weekend = d.weekday() == std::chrono::Saturday || d.weekday() == std::chrono::Sunday;
      n += !weekend && !calendar::is_bank_holiday(d);
    }
    return n;
  };
  int on_time = 0, all_done = 0;
  db_->run(bind("SELECT start_date, authorised_date FROM assessment WHERE authorised_date BETWEEN :from AND :to"), {},
           [&](const store::Statement& s) {
             ++all_done;
             on_time += working_days(*s.date(0), *s.date(1)) <= 45;
           });
  EXPECT_EQ(all("assessments_45wd_pct").numerator, on_time);
  EXPECT_EQ(*all("assessments_45wd_pct").denominator, all_done);
  int icpc_on_time = 0, icpcs = 0;
  db_->run(bind("SELECT d.discussion_date, c.conference_date FROM conference c JOIN section47 s ON s.id = c.section47_id "
                "JOIN strategy_discussion d ON d.id = s.strategy_discussion_id WHERE c.kind = 'initial' AND c.conference_date BETWEEN :from AND :to"),
           {}, [&](const store::Statement& s) {
             ++icpcs;
             icpc_on_time += working_days(*s.date(0), *s.date(1)) <= 15;
           });
  EXPECT_EQ(all("icpc_15wd_pct").numerator, icpc_on_time);
  EXPECT_EQ(*all("icpc_15wd_pct").denominator, icpcs);
  EXPECT_GT(icpcs, 10);
}

// Distance: every looked-after child's home and placement postcodes through the shipped ONS file.
TEST_F(SynthIndicators, PlacedOver20MilesIsComputedFromPostcodes) {
  const IndicatorRow& r = all("cla_placed_20_miles_pct");
  EXPECT_EQ(*r.denominator, all("cla_per_10k").numerator);
  EXPECT_GT(r.numerator, 0) << "synthetic external homes are mostly out of area";
  EXPECT_LT(r.numerator, *r.denominator);
}

TEST_F(SynthIndicators, EveryIndicatorIsCheckedHere) {
  std::set<std::string_view> checked = {"assessments_45wd_pct", "icpc_15wd_pct", "cla_placed_20_miles_pct", "vacancy_rate_pct"};
  for (const auto& r : recomputations()) checked.insert(r.id);
  for (const auto& d : indicator_catalogue()) EXPECT_TRUE(checked.count(d.id)) << d.id << " has no independent recomputation";
}

// The server mode: the same council generated into a file and into PostgreSQL
// gives every indicator, overall and by locality, exactly alike. The engine is
// the same C++ on both, so this checks what differs: the SQL that loads the
// record. The recomputations above use SQLite's date functions, so they run on
// the file only. A smaller council than the suite's: the server takes one
// round trip per generated row.
TEST_F(SynthIndicators, PostgresGivesTheSameIndicatorsAsTheFile) {
  synth::Options small = council();
  small.scale = 0.03;
  auto file_db = store::Database::open(dir_->file("small.db"), {.create = true});
  auto db = store::Database::open(kith::testing::new_database(kith::testing::Backend::kPostgres, *dir_), {.create = true});
  ASSERT_TRUE(file_db.is_ok() && db.is_ok()) << db.status().message();
  ASSERT_TRUE(synth::generate(**file_db, small).is_ok());
  setenv("KITH_AUDIT_KEY", dir_->file("pg.audit-key").c_str(), 1);  // synth keeps the key of a URL here
  auto stats = synth::generate(**db, small);
  unsetenv("KITH_AUDIT_KEY");
  ASSERT_TRUE(stats.is_ok()) << stats.status().message();
  for (Slice by : {Slice::kNone, Slice::kLocality}) {
    IndicatorOptions o;
    o.by = by;
    auto file = compute_indicators(**file_db, financial_year(2024), o, kData);
    auto server = compute_indicators(**db, financial_year(2024), o, kData);
    ASSERT_TRUE(file.is_ok() && server.is_ok()) << server.status().message();
    ASSERT_EQ(file->size(), server->size());
    EXPECT_GE(file->size(), indicator_catalogue().size());
    auto cla = std::find_if(file->begin(), file->end(), [](const IndicatorRow& r) { return r.def->id == std::string_view("cla_per_10k"); });
    ASSERT_NE(cla, file->end());
    EXPECT_GT(cla->numerator, 5) << "a council too small to compare";
    for (std::size_t i = 0; i < file->size(); ++i) {
      const IndicatorRow &f = (*file)[i], &p = (*server)[i];
      SCOPED_TRACE(std::string(f.def->id) + " / " + f.slice_value);
      EXPECT_EQ(p.def, f.def);
      EXPECT_EQ(p.slice_value, f.slice_value);
      EXPECT_NEAR(p.numerator, f.numerator, 1e-9 * std::max(1.0, f.numerator));
      ASSERT_EQ(p.denominator.has_value(), f.denominator.has_value());
      if (f.denominator) {
        EXPECT_NEAR(*p.denominator, *f.denominator, 1e-9 * std::max(1.0, *f.denominator));
      }
      EXPECT_EQ(p.value.has_value(), f.value.has_value());
      if (f.value && p.value) {
        EXPECT_NEAR(*p.value, *f.value, 1e-9 * std::max(1.0, *f.value));
      }
    }
  }
}

}  // namespace
}  // namespace kith::insight
