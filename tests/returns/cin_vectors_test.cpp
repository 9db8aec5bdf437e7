// The CIN census rule vectors (tests/returns/cin/vectors, copied from
// shared/spec/cin): one GoogleTest per vector case, registered at start-up,
// each comparing the rule's flagged [table, column, row] cells and its
// return-level flag exactly with the vector. A summary test reports counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "returns/cin/cin_validate.h"
#include "returns/cin/rule.h"

namespace kith::returns::cin {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Cell = std::tuple<std::string, std::string, long long>;

constexpr const char* kRuleSet = "cin2025_26";

fs::path vector_dir() { return fs::path(KITH_TEST_DATA_DIR) / "returns/cin/vectors"; }

const RuleCatalogue& catalogue() {
  static const RuleCatalogue kCatalogue = [] {
    auto loaded = load_rule_catalogue(std::string(KITH_SOURCE_DIR) + "/data/spec/cin");
    return loaded ? *loaded : RuleCatalogue{};
  }();
  return kCatalogue;
}

CinReturn census_of(const json& tables) {
  CinReturn out;
  for (const auto& [name, t] : tables.items()) {
    Table& table = out.add_table(name, t["columns"].get<std::vector<std::string>>());
    for (const auto& row : t["rows"]) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (row[i].is_array()) table.at(i).push_list(row[i].get<std::vector<std::string>>());
        else table.at(i).push(row[i].is_null() ? std::nullopt : std::optional<std::string>(row[i].get<std::string>()));
      }
      table.end_row();
    }
  }
  return out;
}

// Vectors whose input real census files never produce, with the reason (the issue allows these).
const std::map<std::string, std::string>& exceptions() {
  static const std::map<std::string, std::string> kExceptions = {
      {"cin2022_23__rule_8935",
       "the input has two plans with the same CPPID for one child and no CINdetailsID; in a real file CPPID numbers the "
       "plans within each CINdetails block and CINdetailsID is always present. Kith counts a child's open plans per episode "
       "(which flags all three open plans here); the reference groups by CPPID, comparing plan n of different episodes."},
  };
  return kExceptions;
}

bool active(const json& vector) {
  const auto& in = vector["active_in"];
  return std::find(in.begin(), in.end(), kRuleSet) != in.end();
}

enum class Outcome { kPass, kFail, kNotImplemented };

struct CaseRun {
  Outcome outcome = Outcome::kNotImplemented;
  std::set<Cell> expected, actual;
  bool expected_la = false, actual_la = false;
};

CaseRun run_case(const json& vector, const json& c) {
  CaseRun run;
  for (const auto& e : c["expect"]) run.expected.emplace(e[0].get<std::string>(), e[1].get<std::string>(), e[2].get<long long>());
  run.expected_la = c["la_level"].get<bool>();
  auto findings = run_rule(vector["rule"].get<std::string>(), census_of(c["tables"]), catalogue(), *collection_year("2025/26"));
  if (!findings) return run;
  for (const Finding& f : *findings) {
    if (f.row) run.actual.emplace(f.table, f.column, *f.row);
    else run.actual_la = true;
  }
  run.outcome = run.actual == run.expected && run.actual_la == run.expected_la ? Outcome::kPass : Outcome::kFail;
  return run;
}

std::string describe(const std::set<Cell>& cells) {
  std::string out;
  for (const auto& [t, c, r] : cells) out += "[" + t + ", " + c + ", " + std::to_string(r) + "] ";
  return out.empty() ? "(none)" : out;
}

json load(const fs::path& file) {
  std::ifstream in(file);
  return json::parse(in);
}

std::vector<fs::path> vector_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(vector_dir()))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

class VectorCase : public ::testing::Test {
 public:
  VectorCase(fs::path file, std::size_t index) : file_(std::move(file)), index_(index) {}
  void TestBody() override {
    json vector = load(file_);
    if (!active(vector))
      GTEST_SKIP() << "superseded: this version of rule " << vector["rule"] << " is not active in " << kRuleSet
                   << " (the active version's own vector is run)";
    if (auto it = exceptions().find(file_.stem().string()); it != exceptions().end())
      GTEST_SKIP() << "listed exception: " << it->second;
    CaseRun run = run_case(vector, vector["cases"][index_]);
    ASSERT_NE(run.outcome, Outcome::kNotImplemented) << "rule " << vector["rule"] << " is not implemented";
    EXPECT_EQ(describe(run.actual), describe(run.expected)) << "flagged cells";
    EXPECT_EQ(run.actual_la, run.expected_la) << "return-level finding";
  }

 private:
  fs::path file_;
  std::size_t index_;
};

// Registers one test per case before main runs (gtest_main's RUN_ALL_TESTS sees them).
const bool kRegistered = [] {
  if (!fs::is_directory(vector_dir())) return false;
  for (const fs::path& file : vector_files()) {
    json vector = load(file);
    for (std::size_t i = 0; i < vector["cases"].size(); ++i) {
      std::string name = file.stem().string() + "_case" + std::to_string(i);
      ::testing::RegisterTest("CinVectors", name.c_str(), nullptr, nullptr, __FILE__, __LINE__,
                              [file, i]() -> ::testing::Test* { return new VectorCase(file, i); });
    }
  }
  return true;
}();

TEST(CinVectorsSummary, CountsRulesAndPassingCases) {
  ASSERT_TRUE(kRegistered) << "no vector folder at " << vector_dir();
  ASSERT_EQ(catalogue().rules.size(), 109u) << "data/spec/cin/rules.csv";
  int implemented = 0;
  for (const RuleInfo& info : catalogue().rules)
    implemented += std::any_of(cin_rules().begin(), cin_rules().end(), [&](const Rule& r) { return r.code == info.code; });
  for (const Rule& r : cin_rules()) EXPECT_NE(catalogue().find(r.code), nullptr) << "rule " << r.code << " is not in rules.csv";
  int cases = 0, passed = 0, excepted = 0, superseded = 0;
  std::vector<std::string> failed;
  for (const fs::path& file : vector_files()) {
    json vector = load(file);
    if (!active(vector)) {
      ++superseded;
      continue;
    }
    bool exception = exceptions().count(file.stem().string()) > 0;
    for (const auto& c : vector["cases"]) {
      ++cases;
      Outcome o = run_case(vector, c).outcome;
      passed += o == Outcome::kPass;
      excepted += exception && o != Outcome::kPass;
      if (o != Outcome::kPass && !exception) failed.push_back(file.stem().string());
    }
  }
  std::cout << "CIN " << kRuleSet << ": " << implemented << " of " << catalogue().rules.size() << " rules implemented, " << passed
            << " of " << cases << " vector cases passed (" << excepted << " listed exception; " << superseded
            << " superseded vector files not run)\n";
  EXPECT_EQ(passed + excepted, cases) << "every active case passes or is a listed exception";
  EXPECT_EQ(cases, 109) << "one case per active rule";
  EXPECT_TRUE(failed.empty()) << "rules failing (or missing) their vectors: " << ::testing::PrintToString(failed);
}

}  // namespace
}  // namespace kith::returns::cin
