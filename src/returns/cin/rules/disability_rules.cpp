// Disabilities: valid codes, NONE alone, no code twice for a child.
#include <unordered_map>
#include <unordered_set>

#include "model/codes.h"
#include "returns/cin/rules/families.h"
#include "returns/cin/rules/helpers.h"

namespace kith::returns::cin::rules {
namespace {

constexpr std::string_view kTable = "Disabilities";

// 8540: a born child whose referral went on to further action (ReferralNFA 0
// on every episode that records it, none 1) has at least one disability row,
// each a valid code (NONE when the child has none). Children with a true/false
// spelling are left to the schema check, as the reference validator does.
void disability_recorded(const Census& c, Flags& flags) {
  const Table& cin = c.table("CINdetails");
  std::unordered_map<std::string_view, bool> needs;  // child -> every episode says 0
  for (std::size_t r = 0; r < cin.rows(); ++r) {
    auto id = cin.col("LAchildID").text(r).value_or("");
    bool zero = cin.col("ReferralNFA").text(r) == "0";
    auto [it, fresh] = needs.emplace(id, zero);
    if (!fresh) it->second = it->second && zero;
  }
  const Table& d = c.table(kTable);
  std::unordered_set<std::string_view> recorded;
  for (std::size_t r = 0; r < d.rows(); ++r) {
    auto id = d.col("LAchildID").text(r).value_or("");
    recorded.insert(id);
    auto it = needs.find(id);
    if (it != needs.end() && it->second && !from_code<Disability>(d.col("Disability").text(r).value_or("")))
      flags.cell(kTable, "Disability", r);
  }
  const Table& ids = c.table("ChildIdentifiers");
  for (std::size_t r = 0; r < ids.rows(); ++r) {
    auto id = ids.col("LAchildID").text(r).value_or("");
    auto it = needs.find(id);
    if (it != needs.end() && it->second && ids.col("PersonBirthDate").date(r) && !recorded.count(id))
      flags.cell("ChildIdentifiers", "LAchildID", r);
  }
}

// 8790: NONE is not combined with other codes for a child.
void none_alone(const Census& c, Flags& flags) {
  const Table& d = c.table(kTable);
  std::unordered_set<std::string_view> with_none;
  for (std::size_t r = 0; r < d.rows(); ++r)
    if (d.col("Disability").text(r) == "NONE") with_none.insert(d.col("LAchildID").text(r).value_or(""));
  for (std::size_t r = 0; r < d.rows(); ++r) {
    auto code = d.col("Disability").text(r);
    if (code && *code != "NONE" && with_none.count(d.col("LAchildID").text(r).value_or(""))) flags.cell(kTable, "Disability", r);
  }
}

// 8794: a child has each disability code once.
void codes_distinct(const Census& c, Flags& flags) {
  const Table& d = c.table(kTable);
  std::unordered_map<std::string, int> seen;
  for (std::size_t r = 0; r < d.rows(); ++r)
    if (d.col("Disability").text(r)) ++seen[key(d, r, {"LAchildID", "Disability"})];
  for (std::size_t r = 0; r < d.rows(); ++r)
    if (d.col("Disability").text(r) && seen[key(d, r, {"LAchildID", "Disability"})] > 1) flags.cell(kTable, "Disability", r);
}

constexpr Rule kRules[] = {
    {"8540", disability_recorded},
    {"8790", none_alone},
    {"8794", codes_distinct},
};

}  // namespace

std::span<const Rule> disability_rules() { return kRules; }

}  // namespace kith::returns::cin::rules
