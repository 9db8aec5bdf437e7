// Calibration: a generated council's rates for the year to 31 March 2025
// (workforce at 30 September 2025) against the published England figures,
// each within ±10%. The generated side is plain SQL on the case record,
// following the DfE definitions; the England side is read from the DfE files
// shipped in data/dfe. Both are printed for every measure.
#include <cmath>
#include <cstdio>

#include "synth_fixture.h"

namespace kith::synth::testing {
namespace {

constexpr const char* kYearStart = "'2024-04-01'";
constexpr const char* kYearEnd = "'2025-03-31'";    // 31 March 2025: stocks are counted here
constexpr const char* kCensusDay = "'2025-09-30'";  // the workforce census day

// Children aged 0-17 at mid-2024: the denominator DfE uses for 2024-25 rates.
const std::string kPopulation =
    "(SELECT count(*) FROM person p JOIN family_member fm ON fm.person_id = p.id AND fm.role = 'child' "
    " WHERE p.birth_date > '2006-06-30' AND p.birth_date <= '2024-06-30')";

std::string open_on(const std::string& start, const std::string& end, const std::string& day) {
  return start + " <= " + day + " AND (" + end + " IS NULL OR " + end + " > " + day + ")";
}

// Social workers in post on the census day (children and family social workers, managers included).
const std::string kSocialWorkersInPost =
    "FROM worker WHERE agency = 'council' AND role IN ('social_worker','senior_practitioner','team_manager','locality_manager') AND " +
    open_on("start_date", "leave_date", kCensusDay);

const std::string kCasesOnCensusDay = "FROM involvement WHERE role = 'allocated_social_worker' AND " + open_on("start_date", "end_date", kCensusDay);

class Calibration : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    // Birmingham at full scale: about 290,000 children, enough for stable
    // rates (about 1,900 looked after at 31 March), in 3 years of history.
    Options o = small_options(1);
    o.councils = {"330"};
    o.scale = 1.0;
    db_ = generated(dir_->file("calibration.db"), o).release();
  }
  static void TearDownTestSuite() {
    delete db_;
    delete dir_;
  }

  // Prints both figures and checks the generated one is within tolerance.
  static void compare(const char* measure, double generated, double england, double tolerance = 0.10) {
    std::printf("  %-52s %10.2f %10.2f %+7.1f%%\n", measure, generated, england, 100.0 * (generated / england - 1));
    EXPECT_NEAR(generated / england, 1.0, tolerance) << measure << ": generated " << generated << ", England " << england;
  }

  static double per_10k(const std::string& count_sql) { return 1e4 * real(*db_, "SELECT 1.0 * (" + count_sql + ") / " + kPopulation); }

  static double england_population() {
    return england("ons_mid-year_population_estimates_2012_to_2024.csv", "2024", "population_estimate");
  }

  static TempDir* dir_;
  static store::Database* db_;

 public:
  static void population();
  static void referrals();
  static void re_referrals();
  static void children_in_need();
  static void child_protection_plans();
  static void looked_after();
  static void placement_stability();
  static void agency_rate();
  static void caseload();
  static void turnover();
};

TempDir* Calibration::dir_ = nullptr;
store::Database* Calibration::db_ = nullptr;

void Calibration::population() {
  double ons = 0;
  std::ifstream in(data_dir() + "/dfe/ons_mid-year_population_estimates_2012_to_2024.csv");
  for (std::string line; std::getline(in, line);) {
    auto f = csv_fields(line);
    if (f.size() > 11 && f[0] == "2024" && f[7] == "330") ons = std::atof(f[11].c_str());
  }
  compare("children aged 0-17 (Birmingham, ONS mid-2024)", real(*db_, "SELECT " + kPopulation), ons, 0.02);
}

void Calibration::referrals() {
  double generated = per_10k(std::string("SELECT count(*) FROM cin_episode WHERE referral_date BETWEEN ") + kYearStart + " AND " + kYearEnd);
  double published = 1e4 * england("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "2025", "referral_count") /
                     england_population();
  compare("referrals per 10,000 (year to 31 March 2025)", generated, published);
}

void Calibration::re_referrals() {
  double generated = real(*db_,
                          std::string("SELECT 100.0 * sum(EXISTS (SELECT 1 FROM cin_episode b WHERE b.person_id = a.person_id "
                                      "AND b.referral_date < a.referral_date AND b.referral_date >= date(a.referral_date, '-12 months'))) "
                                      "/ count(*) FROM cin_episode a WHERE a.referral_date BETWEEN ") +
                              kYearStart + " AND " + kYearEnd);
  compare("re-referrals within 12 months (% of referrals)", generated,
          england("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv", "2025", "rereferral_percent"));
}

void Calibration::children_in_need() {
  double generated = per_10k("SELECT count(DISTINCT person_id) FROM cin_episode WHERE " + open_on("referral_date", "close_date", kYearEnd));
  double published = 1e4 * england("b1_children_in_need_2013_to_2025.csv", "2025", "At31_episodes") / england_population();
  compare("children in need per 10,000 at 31 March", generated, published);
}

void Calibration::child_protection_plans() {
  double generated = per_10k("SELECT count(DISTINCT person_id) FROM cp_plan WHERE " + open_on("start_date", "end_date", kYearEnd));
  double published = 1e4 * england("d5_cpps_at31march_by_duration_2013_to_2025.csv", "2025", "CPP_At31") / england_population();
  compare("child protection plans per 10,000 at 31 March", generated, published);
}

void Calibration::looked_after() {
  double generated = per_10k("SELECT count(DISTINCT person_id) FROM cla_period WHERE " + open_on("start_date", "end_date", kYearEnd));
  const char* file = "cla_number_and_rate_per_10k_children.csv";
  const char* group = "Children looked after on 31 March each year";
  double published = 1e4 * england(file, "2025", "children_count", "population_type", group) /
                     england(file, "2025", "population_estimate", "population_type", group);
  compare("children looked after per 10,000 at 31 March", generated, published);
}

void Calibration::placement_stability() {
  // Children looked after at 31 March, counting every placement held in the year.
  double generated = real(*db_, "SELECT 100.0 * sum(n >= 3) / count(*) FROM (SELECT c.person_id, (SELECT count(*) FROM placement pl "
                                "JOIN cla_period p ON p.id = pl.cla_period_id WHERE p.person_id = c.person_id AND pl.start_date <= " +
                                    std::string(kYearEnd) + " AND (pl.end_date IS NULL OR pl.end_date >= " + kYearStart +
                                    ")) AS n FROM (SELECT DISTINCT person_id FROM cla_period WHERE " +
                                    open_on("start_date", "end_date", kYearEnd) + ") c)");
  double three = england("la_cla_placement_stability.csv", "2025", "children_count", "placement_stability",
                         "With 3 or more placements during the year");
  double all = england("cla_number_and_rate_per_10k_children.csv", "2025", "children_count", "population_type",
                       "Children looked after on 31 March each year");
  compare("looked after with 3+ placements in the year (%)", generated, 100.0 * three / all);
}

void Calibration::agency_rate() {
  double generated = real(*db_, "SELECT 100.0 * sum(CASE WHEN contract = 'agency' THEN fte ELSE 0 END) / sum(fte) " + kSocialWorkersInPost);
  compare("agency social workers (% of FTE, 30 September 2025)", generated,
          england("csww_indicators_2017_to_2025.csv", "2025", "agency_rate_fte"));
}

void Calibration::caseload() {
  double cases = real(*db_, "SELECT count(*) " + kCasesOnCensusDay);
  double fte = real(*db_, "SELECT sum(fte) FROM worker WHERE id IN (SELECT worker_id " + kCasesOnCensusDay + ")");
  compare("caseload (cases per case-holding FTE)", cases / fte, england("csww_indicators_2017_to_2025.csv", "2025", "caseload_fte"));
}

// Turnover swings more between seeds (a few hundred social workers), so it
// is held to ±25%: it shows the starters and leavers are of the right order.
void Calibration::turnover() {
  double leavers = real(*db_, "SELECT sum(fte) FROM worker WHERE agency = 'council' AND contract = 'permanent' AND role IN "
                              "('social_worker','senior_practitioner','team_manager','locality_manager') "
                              "AND leave_date > '2024-09-30' AND leave_date <= " + std::string(kCensusDay));
  double in_post = real(*db_, "SELECT sum(fte) " + kSocialWorkersInPost + " AND contract = 'permanent'");
  compare("turnover of permanent social workers (%)", 100.0 * leavers / in_post,
          england("csww_indicators_2017_to_2025.csv", "2025", "turnover_rate_fte"), 0.25);
}

// One generation, every measure: ctest runs each test in its own process,
// so one test keeps the council from being generated once per measure.
TEST_F(Calibration, EnglandRatesWithinTenPercent) {
  std::printf("  %-52s %10s %10s %8s\n", "measure", "generated", "England", "diff");
  population();
  referrals();
  re_referrals();
  children_in_need();
  child_protection_plans();
  looked_after();
  placement_stability();
  agency_rate();
  caseload();
  turnover();
}

}  // namespace
}  // namespace kith::synth::testing
