// Header rules (batch B): unique pupil numbers, and motherhood (MOTHER, MC_DOB)
// against sex, age, episodes, care leavers and last year's Header.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Children looked after other than for respite (V3, V4) have a UPN.
KITH_903_RULE("442", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "UPN"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "LS"});
  if (!header || !eps) return;
  out.checked(*header);
  const Column& ls = col(*eps, "LS");
  ChildSet looked_after = children_where(*eps, [&](std::size_t i) { return !is_respite(ls[i]); });
  const Column &child = col(*header, "CHILD"), &upn = col(*header, "UPN");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (upn.null(i) && looked_after.count(child[i])) out.add(*header, i);
}

// A UPN belongs to one child; the "UPN unknown" codes UN1-UN7 may repeat.
KITH_903_RULE("444", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"UPN"});
  if (!t) return;
  out.checked(*t);
  const Column& upn = col(*t, "UPN");
  std::unordered_map<std::string_view, int> count;
  auto counted = [&](std::size_t i) { return !upn.null(i) && !is_one_of(upn[i], {"UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7"}); };
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (counted(i)) ++count[upn[i]];
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (counted(i) && count[upn[i]] > 1) out.add(*t, i);
}

// Girls who ceased to be looked after in the year (an episode ending in the year,
// REC other than X1) have MOTHER completed: flags the Header row and those episodes.
KITH_903_RULE("607", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "SEX", "MOTHER"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  if (!header || !eps || !in.meta().collection_start || !in.meta().collection_end) return;
  out.checked(*header);
  out.checked(*eps);
  std::unordered_map<std::string_view, std::size_t> unknown_mother;
  const Column &hc = col(*header, "CHILD"), &sex = col(*header, "SEX"), &mother = col(*header, "MOTHER");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (is_female(sex[i]) && mother.null(i)) unknown_mother.emplace(hc[i], i);
  const Column &child = col(*eps, "CHILD"), &dec = col(*eps, "DEC"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = unknown_mother.find(child[i]);
    if (it == unknown_mother.end() || rec.null(i) || rec[i] == "X1" || !in_year(dec.date(i), in.meta())) continue;
    out.add(*eps, i);
    out.add(*header, it->second);
  }
}

// The first child's date of birth only for girls who are mothers.
KITH_903_RULE("612", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"SEX", "MOTHER", "MC_DOB"});
  if (!t) return;
  out.checked(*t);
  const Column &sex = col(*t, "SEX"), &mother = col(*t, "MOTHER"), &mc_dob = col(*t, "MC_DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_female(sex[i]) && mother[i] != "1" && !mc_dob.null(i)) out.add(*t, i);
}

// Mothers are at least 11 at the start of the year.
KITH_903_RULE("620", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"MOTHER", "DOB"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!t || !start) return;
  out.checked(*t);
  const Column &mother = col(*t, "MOTHER"), &dob = col(*t, "DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (mother[i] == "1" && known(dob.date(i)) && add_years(dob.date(i), 11) > *start) out.add(*t, i);
}

// The first child's date of birth recorded last year stays the same.
KITH_903_RULE("624", kBothRuleSets) {
  const Table* now = with_columns(in, "Header", {"CHILD", "MC_DOB"});
  const Table* last = with_columns(in, "Header_last", {"CHILD", "MC_DOB"});
  if (!now || !last) return;
  out.checked(*now);
  auto before = row_by_child(*last);
  const Column &child = col(*now, "CHILD"), &mc_dob = col(*now, "MC_DOB"), &last_dob = col(*last, "MC_DOB");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (auto it = before.find(child[i]); it != before.end() && !last_dob.null(it->second) && !same_cell(mc_dob, i, last_dob, it->second))
      out.add(*now, i);
}

// The first child was born by the end of the year and, for a child who has left
// care, by the end of the last episode: flags the Header row and the episode
// with the latest DEC.
KITH_903_RULE("625", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "MC_DOB"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC"});
  const std::optional<Day> end = in.meta().collection_end;
  if (!header || !eps || !end) return;
  out.checked(*header);
  out.checked(*eps);
  const Column& dec = col(*eps, "DEC");
  ChildSet open = children_where(*eps, [&](std::size_t i) { return dec.null(i); });
  auto last_episode = extreme_row_by_child(*eps, "DEC", false);
  const Column &child = col(*header, "CHILD"), &mc_dob = col(*header, "MC_DOB");
  for (std::size_t i = 0; i < header->rows(); ++i) {
    if (!known(mc_dob.date(i))) continue;
    Day born = mc_dob.date(i);
    auto it = last_episode.find(child[i]);
    bool after_care = it != last_episode.end() && !open.count(child[i]) && born > dec.date(it->second);
    if (born <= *end && !after_care) continue;
    out.add(*header, i);
    if (it != last_episode.end()) out.add(*eps, it->second);
  }
}

// A mother whose first child was born before this year was a mother last year.
KITH_903_RULE("626", kBothRuleSets) {
  const Table* now = with_columns(in, "Header", {"CHILD", "MOTHER", "MC_DOB"});
  const Table* last = with_columns(in, "Header_last", {"CHILD", "MOTHER"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!now || !last || !start) return;
  out.checked(*now);
  const Column& last_mother = col(*last, "MOTHER");
  ChildSet not_mothers = children_where(*last, [&](std::size_t i) { return last_mother[i] == "0"; });
  const Column &child = col(*now, "CHILD"), &mother = col(*now, "MOTHER"), &mc_dob = col(*now, "MC_DOB");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (mother[i] == "1" && known(mc_dob.date(i)) && mc_dob.date(i) < *start && not_mothers.count(child[i])) out.add(*now, i);
}

// Care leavers (an OC3 row with information) who were not looked after this year have no motherhood details.
KITH_903_RULE("628", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "MOTHER"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD"});
  const Table* oc3 = with_columns(in, "OC3", {"CHILD", "IN_TOUCH", "ACTIV", "ACCOM"});
  if (!header || !eps || !oc3) return;
  out.checked(*header);
  ChildSet looked_after = children_of(*eps);
  ChildSet leavers = children_where(*oc3, [&](std::size_t i) { return any_filled(*oc3, i, {"IN_TOUCH", "ACTIV", "ACCOM"}); });
  const Column &child = col(*header, "CHILD"), &mother = col(*header, "MOTHER");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (!mother.null(i) && leavers.count(child[i]) && !looked_after.count(child[i])) out.add(*header, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
