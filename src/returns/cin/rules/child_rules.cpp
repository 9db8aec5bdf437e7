// The child: identifiers, sex, dates of birth and death, ethnicity, and the
// link from every child to at least one CIN episode.
#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include "model/codes.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kIds = "ChildIdentifiers";

// 1570: an LA child id has at most 20 characters.
void id_short_enough(const Census& c, Flags& flags) {
  const Column& id = c.table(kIds).col("LAchildID");
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (auto v = id.text(r); v && v->size() > 20) flags.cell(kIds, "LAchildID", r);
}

// 1580: an LA child id holds letters and digits only.
void id_alphanumeric(const Census& c, Flags& flags) {
  const Column& id = c.table(kIds).col("LAchildID");
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r) {
    auto v = id.text(r);
    if (v && !std::all_of(v->begin(), v->end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0; }))
      flags.cell(kIds, "LAchildID", r);
  }
}

// 4180: sex is M, F or U.
void sex_valid(const Census& c, Flags& flags) {
  const Column& sex = c.table(kIds).col("Sex");
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (!from_code<Sex>(sex.text(r).value_or(""))) flags.cell(kIds, "Sex", r);
}

// 4220: ethnicity is a current DfE code.
void ethnicity_valid(const Census& c, Flags& flags) {
  const Table& t = c.table("ChildCharacteristics");
  for (std::size_t r = 0; r < t.rows(); ++r)
    if (!from_code<Ethnicity>(t.col("Ethnicity").text(r).value_or(""))) flags.cell("ChildCharacteristics", "Ethnicity", r);
}

// 8500: every child has an LA child id.
void id_present(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (!c.table(kIds).col("LAchildID").text(r)) flags.cell(kIds, "LAchildID", r);
}

// 8510: no two child records share an LA child id.
void id_unique(const Census& c, Flags& flags) {
  const Column& id = c.table(kIds).col("LAchildID");
  std::unordered_map<std::string_view, int> seen;
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (auto v = id.text(r)) ++seen[*v];
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (auto v = id.text(r); v && seen[*v] > 1) flags.cell(kIds, "LAchildID", r);
}

// 8520: a child is born on or before the reference date.
void born_by_reference_date(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (auto born = c.table(kIds).col("PersonBirthDate").date(r); born && *born > c.reference_date)
      flags.cell(kIds, "PersonBirthDate", r);
}

// 8525Q: exactly one of date of birth and expected date of birth.
void one_birth_date(const Census& c, Flags& flags) {
  const Table& t = c.table(kIds);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    bool born = !t.col("PersonBirthDate").is_null(r), expected = !t.col("ExpectedPersonBirthDate").is_null(r);
    if (born == expected) flags.cells(kIds, {"PersonBirthDate", "ExpectedPersonBirthDate"}, r);
  }
}

// 8530Q: an expected birth falls between March and December of the census year's end.
void expected_birth_in_range(const Census& c, Flags& flags) {
  int year = c.reference_date.year();
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r) {
    auto due = c.table(kIds).col("ExpectedPersonBirthDate").date(r);
    if (due && (*due < Date::ymd(year, 3, 1) || *due > Date::ymd(year, 12, 31))) flags.cell(kIds, "ExpectedPersonBirthDate", r);
  }
}

// 8535Q: a child with a date of death has a date of birth no later.
void death_after_birth(const Census& c, Flags& flags) {
  const Table& t = c.table(kIds);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    auto died = t.col("PersonDeathDate").date(r);
    auto born = t.col("PersonBirthDate").date(r);
    if (died && (!born || *died < *born)) flags.cells(kIds, {"PersonBirthDate", "PersonDeathDate"}, r);
  }
}

// 8545Q: a date of death falls within the census year.
void death_in_census_year(const Census& c, Flags& flags) {
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r)
    if (auto died = c.table(kIds).col("PersonDeathDate").date(r); died && !c.in_period(*died)) flags.cell(kIds, "PersonDeathDate", r);
}

// 8590: every child has a CIN episode.
void child_has_episode(const Census& c, Flags& flags) {
  std::unordered_set<std::string_view> with_episode;
  const Table& cin = c.table("CINdetails");
  for (std::size_t r = 0; r < cin.rows(); ++r)
    if (auto id = cin.col("LAchildID").text(r)) with_episode.insert(*id);
  for (std::size_t r = 0; r < c.table(kIds).rows(); ++r) {
    auto id = c.table(kIds).col("LAchildID").text(r);
    if (id && !with_episode.count(*id)) flags.cell(kIds, "LAchildID", r);  // a missing id is 8500's
  }
}

// 8750: an unborn child (expected date of birth, no date of birth) has sex U.
void unborn_sex_unknown(const Census& c, Flags& flags) {
  const Table& t = c.table(kIds);
  for (std::size_t r = 0; r < t.rows(); ++r) {
    bool unborn = t.col("PersonBirthDate").is_null(r) && !t.col("ExpectedPersonBirthDate").is_null(r);
    if (unborn && t.col("Sex").text(r) != "U") flags.cells(kIds, {"PersonBirthDate", "ExpectedPersonBirthDate", "Sex"}, r);
  }
}

// 8772: UPN reason UN7 (referral with no further action) only when every
// episode is a no-further-action referral.
void un7_only_for_nfa(const Census& c, Flags& flags) {
  const Table& ids = c.table(kIds);
  std::unordered_set<std::string_view> un7;
  for (std::size_t r = 0; r < ids.rows(); ++r)
    if (ids.col("UPNunknown").text(r) == "UN7") un7.insert(ids.col("LAchildID").text(r).value_or(""));
  if (un7.empty()) return;
  const Table& cin = c.table("CINdetails");
  std::unordered_set<std::string_view> acted_on;
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto id = cin.col("LAchildID").text(r).value_or("");
    if (un7.count(id) && !is_yes(cin.col("ReferralNFA").text(r))) {
      acted_on.insert(id);
      flags.cell("CINdetails", "ReferralNFA", r);
    }
  }
  for (std::size_t r = 0; r < ids.rows(); ++r)
    if (ids.col("UPNunknown").text(r) == "UN7" && acted_on.count(ids.col("LAchildID").text(r).value_or("")))
      flags.cell(kIds, "UPNunknown", r);
}

// 8775Q: a child is under 25 at each episode's closure (or, if open, at the reference date).
void under_25(const Census& c, Flags& flags) {
  const Table& ids = c.table(kIds);
  std::unordered_map<std::string_view, std::pair<Date, std::size_t>> born;
  for (std::size_t r = 0; r < ids.rows(); ++r)
    if (auto d = ids.col("PersonBirthDate").date(r)) born.emplace(ids.col("LAchildID").text(r).value_or(""), std::pair{*d, r});
  const Table& cin = c.table("CINdetails");
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto it = born.find(cin.col("LAchildID").text(r).value_or(""));
    if (it == born.end()) continue;
    Date at = cin.col("CINclosureDate").date(r).value_or(c.reference_date);
    if (at > it->second.first.plus_months(25 * 12)) {
      flags.cell("CINdetails", "CINclosureDate", r);
      flags.cell(kIds, "PersonBirthDate", it->second.second);
    }
  }
}

constexpr Rule kRules[] = {
    {"1570", id_short_enough},          {"1580", id_alphanumeric},       {"4180", sex_valid},
    {"4220", ethnicity_valid},          {"8500", id_present},            {"8510", id_unique},
    {"8520", born_by_reference_date},   {"8525Q", one_birth_date},       {"8530Q", expected_birth_in_range},
    {"8535Q", death_after_birth},       {"8545Q", death_in_census_year}, {"8590", child_has_episode},
    {"8750", unborn_sex_unknown},       {"8772", un7_only_for_nfa},      {"8775Q", under_25},
};

}  // namespace

std::span<const Rule> child_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
