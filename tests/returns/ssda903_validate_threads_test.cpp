// validate() runs the rules of a large return on two threads: the findings must be exactly
// those of running every rule one after another on a fresh copy of the return (same rules,
// tables, rows, children, in the same order), run after run. The return is generated here:
// 3,000 synthetic children with deliberate faults, so that many rules flag rows and several
// rules meet on the same lazily parsed columns and child groups first.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "returns/ssda903/reader.h"
#include "returns/ssda903/rule.h"
#include "returns/ssda903/validate.h"

namespace {

namespace s903 = kith::returns::ssda903;

const std::string kSpec = std::string(KITH_SOURCE_DIR) + "/data/spec/ssda903";

std::string date(int day, int month, int year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", day, month, year);
  return buf;
}

// A fixed linear congruential sequence: the same return every run.
struct Sequence {
  unsigned long long seed = 7;
  int next(int k) {
    seed = (seed * 6364136223846793005ULL + 1442695040888963407ULL);
    return int((seed >> 33) % unsigned(k));
  }
};

s903::Return903 generated(int children) {
  Sequence r;
  std::string header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n";
  std::string episodes = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";
  std::string sw = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n";
  std::string reviews = "CHILD,DOB,REVIEW,REVIEW_CODE\n";
  const char* places[] = {"U1", "U4", "K2", "R1", "P1", "S1", "XX"};  // XX: a fault
  const char* legal[] = {"C1", "C2", "E1", "V2", ""};                  // "": a fault
  for (int c = 1; c <= children; ++c) {
    std::string id = std::to_string(500000 + c), dob = date(1 + r.next(28), 1 + r.next(12), 2008 + r.next(17));
    header += id + "," + (r.next(2) ? "M" : "F") + "," + dob + ",WBRI,UN" + std::to_string(1 + r.next(5)) + ",,\n";
    int n = 1 + r.next(3);
    for (int k = 0; k < n; ++k) {
      bool last = k == n - 1;
      std::string start = date(1 + r.next(28), 4 + 2 * k, 2025), end = last ? "" : date(1 + r.next(28), 5 + 2 * k, 2025);
      episodes += id + "," + start + "," + (k == 0 ? "S" : "P") + "," + legal[r.next(5)] + ",N1," + places[r.next(7)] + ",PR1," + end + "," +
                  (last ? "" : "X1") + ",,M1 1AE,M1 1AE,\n";
    }
    int workers = 1 + r.next(3);
    for (int k = 0; k < workers; ++k)
      sw += id + "," + dob + ",SW" + std::to_string(r.next(99)) + "," + date(1 + r.next(28), 1 + 3 * k, 2025) + "," +
            (k == workers - 1 ? "" : date(1 + r.next(28), 2 + 3 * k, 2025)) + "," + (r.next(4) ? "MANAGE" : "XXXX") + "\n";
    reviews += id + "," + dob + "," + date(1 + r.next(28), 6 + r.next(6), 2025) + ",PN" + std::to_string(r.next(9)) + "\n";
  }
  s903::Return903 ret;
  ret.metadata = s903::metadata_for_year(2026, "E08000003");
  std::vector<std::string> warnings;
  for (auto [name, text] : {std::pair{"Header.csv", &header}, {"Episodes.csv", &episodes}, {"SWEpisodes.csv", &sw}, {"Reviews.csv", &reviews}})
    EXPECT_TRUE(s903::add_csv(*text, name, 2026, "", ret, warnings)) << name;
  return ret;
}

using Row = std::tuple<std::string, std::string, int, std::string>;  // rule, table, row, child

std::vector<Row> one_by_one(const s903::Return903& r, s903::RuleSet set, const s903::Catalogue& catalogue) {
  std::vector<const s903::Rule*> rules;
  for (const s903::Rule& rule : s903::registered_rules())
    if (rule.sets & set) rules.push_back(&rule);
  std::sort(rules.begin(), rules.end(), [](auto* a, auto* b) { return a->code < b->code; });
  std::vector<Row> out;
  for (const s903::Rule* rule : rules) {
    s903::Flags flags = s903::run_rule(*rule, r, set, catalogue.codes);
    for (const auto& [table, rows] : flags.rows()) {
      const s903::Column* child = r.table(table) ? r.table(table)->column("CHILD") : nullptr;
      for (int row : rows) out.emplace_back(rule->code, table, row, child ? std::string((*child)[std::size_t(row)]) : "");
    }
  }
  return out;
}

TEST(Ssda903ValidateThreads, TwoThreadsGiveTheFindingsOfTheRulesRunOneByOne) {
  auto catalogue = s903::Catalogue::load(kSpec);
  ASSERT_TRUE(catalogue) << catalogue.status().message();
  const s903::Return903 sequential = generated(3000);
  const std::vector<Row> expected = one_by_one(sequential, s903::kLac2026_27, *catalogue);
  ASSERT_GT(expected.size(), 1000u) << "the faults flag rows";
  for (int run = 0; run < 3; ++run) {
    const s903::Return903 fresh = generated(3000);  // fresh lazy caches each run: the threads race to fill them
    ASSERT_GE(fresh.table("Episodes")->rows() + fresh.table("Header")->rows(), 5000u) << "large enough for the second thread";
    std::vector<Row> got;
    for (const auto& f : s903::validate(fresh, s903::kLac2026_27, *catalogue)) got.emplace_back(f.rule, f.table, f.row ? int(*f.row) : -1, f.child);
    ASSERT_EQ(got.size(), expected.size()) << "run " << run;
    EXPECT_TRUE(got == expected) << "run " << run;
  }
}

}  // namespace
