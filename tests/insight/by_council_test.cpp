// The national-scale path (load_council_records + compute_by_council) against
// the single-pass engine on the whole record (load_case_record +
// compute_indicators on one CaseRecord), over a store of three generated
// councils:
//  - England (the sum of councils) equals the single pass over the whole
//    store, for every slice, for a year and a quarter;
//  - each council equals the single pass over a store generated with that
//    council alone (same seed: the generator seeds each council by its code),
//    an independent check that the split puts every row in its own council.
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures/tiny_council.h"
#include "insight/indicators.h"
#include "synth/synth.h"

namespace kith::insight {
namespace {

const std::string kData = std::string(KITH_SOURCE_DIR) + "/data";
// Three councils of different shapes: a unitary, a shire county, a London borough.
const std::vector<std::string> kCouncils = {"894", "873", "209"};

synth::Options options(std::vector<std::string> councils) {
  synth::Options o;
  o.councils = std::move(councils);
  o.scale = 0.03;
  o.years = 3;  // history before the year, for re-referrals, second plans and stability
  o.until = Date::ymd(2026, 3, 31);
  o.demo_users = false;
  o.data_dir = kData;
  return o;
}

std::unique_ptr<store::Database> generate(const kith::testing::TempDir& dir, const std::string& name, const synth::Options& o) {
  auto db = store::Database::open(dir.file(name), {.create = true});
  EXPECT_TRUE(db.is_ok());
  if (!db) return nullptr;
  auto stats = synth::generate(**db, o);
  EXPECT_TRUE(stats.is_ok()) << stats.status().message();
  return std::move(*db);
}

// Equal rows: same indicators and slice values in the same order; counts
// exactly, sums of money and FTE to 1e-9 relative (added in another order).
void expect_same_rows(const std::vector<IndicatorRow>& got, const std::vector<IndicatorRow>& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  auto near = [](double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); };
  for (std::size_t i = 0; i < got.size(); ++i) {
    const IndicatorRow &g = got[i], &w = want[i];
    std::string where = what + ": " + std::string(w.def->id) + " / " + w.slice_value;
    ASSERT_EQ(g.def, w.def) << where;
    ASSERT_EQ(g.slice_value, w.slice_value) << where;
    EXPECT_TRUE(near(g.numerator, w.numerator)) << where << ": " << g.numerator << " vs " << w.numerator;
    ASSERT_EQ(g.denominator.has_value(), w.denominator.has_value()) << where;
    if (w.denominator) {
      EXPECT_TRUE(near(*g.denominator, *w.denominator)) << where << ": " << *g.denominator << " vs " << *w.denominator;
    }
    ASSERT_EQ(g.value.has_value(), w.value.has_value()) << where;
    if (w.value) {
      EXPECT_TRUE(near(*g.value, *w.value)) << where << ": " << *g.value << " vs " << *w.value;
    }
    EXPECT_EQ(g.note, w.note) << where;
  }
}

const std::vector<Slice> kSlices = {Slice::kNone,   Slice::kLocality,  Slice::kHub,         Slice::kTeam,         Slice::kAgeBand,
                                    Slice::kSex,    Slice::kEthnicity, Slice::kLegalStatus, Slice::kPlacementType};

class ByCouncil : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new kith::testing::TempDir;
    db_ = generate(*dir_, "three.db", options(kCouncils)).release();
    auto record = load_case_record(*db_);
    ASSERT_TRUE(record.is_ok()) << record.status().message();
    whole_ = new CaseRecord(std::move(*record));
  }
  static void TearDownTestSuite() {
    delete whole_;
    delete db_;
    delete dir_;
  }
  static CouncilRecords load(Date as_of) {
    auto r = load_council_records(*db_, as_of);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r ? std::move(*r) : CouncilRecords{};
  }

  static inline kith::testing::TempDir* dir_ = nullptr;
  static inline store::Database* db_ = nullptr;
  static inline CaseRecord* whole_ = nullptr;
};

TEST_F(ByCouncil, EveryRowHasItsCouncil) {
  CouncilRecords r = load(financial_year(2025).end);
  ASSERT_EQ(r.councils.size(), kCouncils.size()) << "a fourth partition means rows of no council";
  std::vector<std::string> codes;
  for (const auto& c : r.councils) codes.push_back(c.la_code);
  std::vector<std::string> want = kCouncils;
  std::sort(codes.begin(), codes.end());
  std::sort(want.begin(), want.end());
  EXPECT_EQ(codes, want);
  // Only the people the rows mention are loaded: far fewer than everyone.
  std::int64_t everyone = 0;
  ASSERT_TRUE(db_->run("SELECT count(*) FROM person", {}, [&](const store::Statement& s) { everyone = s.int64(0); }).is_ok());
  EXPECT_GT(r.people, 0u);
  EXPECT_LT(double(r.people), 0.5 * double(everyone));
  EXPECT_EQ(everyone, std::int64_t(whole_->people.size()));
}

TEST_F(ByCouncil, EnglandEqualsTheSinglePassForEverySlice) {
  for (const Period& period : {financial_year(2025), *parse_period("2025Q3")}) {
    CouncilRecords records = load(period.end);
    for (Slice by : kSlices) {
      IndicatorOptions o;
      o.by = by;
      for (unsigned threads : {1u, 2u}) {
        auto got = compute_by_council(records, period, o, nullptr, threads);
        ASSERT_TRUE(got.is_ok()) << got.status().message();
        expect_same_rows(got->england, compute_indicators(*whole_, period, o, nullptr),
                         period.label + " by " + std::string(slice_name(by)) + ", threads " + std::to_string(threads));
      }
    }
  }
}

TEST_F(ByCouncil, EachCouncilEqualsTheSinglePassOverThatCouncilAlone) {
  const Period year = financial_year(2025);
  CouncilRecords records = load(year.end);
  for (const std::string& code : kCouncils) {
    auto alone_db = generate(*dir_, code + ".db", options({code}));
    ASSERT_TRUE(alone_db);
    auto alone = load_case_record(*alone_db);
    ASSERT_TRUE(alone.is_ok()) << alone.status().message();
    for (Slice by : {Slice::kNone, Slice::kLocality, Slice::kTeam, Slice::kAgeBand}) {
      IndicatorOptions o;
      o.by = by;
      auto got = compute_by_council(records, year, o, nullptr, 2);
      ASSERT_TRUE(got.is_ok()) << got.status().message();
      const CouncilIndicators* mine = nullptr;
      for (const auto& c : got->councils)
        if (c.la_code == code) mine = &c;
      ASSERT_NE(mine, nullptr) << code;
      expect_same_rows(mine->rows, compute_indicators(*alone, year, o, nullptr), "council " + code + " by " + std::string(slice_name(by)));
    }
  }
}

TEST_F(ByCouncil, RecordsLoadedForAnotherDayAreRefused) {
  CouncilRecords records = load(Date::ymd(2025, 12, 31));
  auto got = compute_by_council(records, financial_year(2025), {}, nullptr);
  ASSERT_FALSE(got.is_ok());
  EXPECT_NE(got.status().message().find("2025-12-31"), std::string::npos) << got.status().message();
  // One council's record computed for another period says so on every row instead of miscounting.
  auto rows = compute_indicators(records.councils.front().record, financial_year(2025), {}, nullptr);
  ASSERT_FALSE(rows.empty());
  for (const auto& r : rows) {
    EXPECT_FALSE(r.value.has_value()) << r.def->id;
    EXPECT_NE(r.note.find("2025-12-31"), std::string::npos) << r.def->id;
  }
}

}  // namespace
}  // namespace kith::insight
