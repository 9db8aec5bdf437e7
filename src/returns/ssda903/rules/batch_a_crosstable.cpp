// Rules that read Header with Episodes (ages at episode dates, mother status,
// UPN codes, UASC), plus the Header-only UPN and sex checks and the
// placement provider code check.
#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

// Flags episodes where bad(episodes, row, dob) holds for the child's date of birth (from Header);
// with flag_header, also the Header rows of those children.
template <typename Bad>
void check_episode_age(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> columns, bool flag_header, Bad bad) {
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD"});
  if (!header || !eps) return;
  for (std::string_view c : columns)
    if (!eps->column(c)) return;
  out.checked(*eps);
  if (flag_header) out.checked(*header);
  auto dobs = dob_by_child(*header);
  const Column& child = col(*eps, "CHILD");
  ChildSet flagged;
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = dobs.find(child[i]);
    if (it != dobs.end() && bad(*eps, i, it->second)) {
      out.add(*eps, i);
      flagged.insert(child[i]);
    }
  }
  if (flag_header) {
    const Column& hc = col(*header, "CHILD");
    for (std::size_t i = 0; i < header->rows(); ++i)
      if (flagged.count(hc[i])) out.add(*header, i);
  }
}

// The date column of the episode is known and before the birthday at `age`.
auto before_age(std::string_view column, int age) {
  return [column, age](const Table& t, std::size_t i, Day dob) {
    Day d = col(t, column).date(i);
    return d != kNoDate && d < add_years(dob, age);
  };
}

KITH_903_RULE("352", kBothRuleSets) {
  check_episode_age(in, out, {"RNE", "DECOM"}, false, [](const Table& t, std::size_t i, Day dob) {
    Day d = col(t, "DECOM").date(i);
    return col(t, "RNE")[i] == "S" && d != kNoDate && d >= add_years(dob, 18);
  });
}

KITH_903_RULE("358", kBothRuleSets) {
  check_episode_age(in, out, {"LS", "DECOM"}, true, [](const Table& t, std::size_t i, Day dob) {
    return is_one_of(col(t, "LS")[i], {"J1", "J2", "J3"}) && before_age("DECOM", 10)(t, i, dob);
  });
}

KITH_903_RULE("234", kBothRuleSets) {
  check_episode_age(in, out, {"REASON_PLACE_CHANGE", "DECOM"}, true, [](const Table& t, std::size_t i, Day dob) {
    return col(t, "REASON_PLACE_CHANGE")[i] == "CUSTOD" && before_age("DECOM", 10)(t, i, dob);
  });
}

// Supported accommodation not subject to children's homes regulations (K3; H5 before 2025/26) from 16.
KITH_903_RULE("371", kBothRuleSets) {
  check_episode_age(in, out, {"PLACE", "DECOM"}, false, [](const Table& t, std::size_t i, Day dob) {
    return is_one_of(col(t, "PLACE")[i], {"K3", "H5"}) && before_age("DECOM", 16)(t, i, dob);
  });
}

KITH_903_RULE("372", kBothRuleSets) {
  check_episode_age(in, out, {"PLACE", "DECOM"}, false, [](const Table& t, std::size_t i, Day dob) {
    return col(t, "PLACE")[i] == "R5" && before_age("DECOM", 10)(t, i, dob);
  });
}

KITH_903_RULE("373", kBothRuleSets) {
  check_episode_age(in, out, {"PLACE", "DECOM"}, false, [](const Table& t, std::size_t i, Day dob) {
    return col(t, "PLACE")[i] == "S1" && before_age("DECOM", 4)(t, i, dob);
  });
}

// Residential employment (P3) from 14; the reference checks ended episodes only.
KITH_903_RULE("374", kBothRuleSets) {
  check_episode_age(in, out, {"PLACE", "DECOM", "DEC"}, false, [](const Table& t, std::size_t i, Day dob) {
    return col(t, "PLACE")[i] == "P3" && !col(t, "DEC").null(i) && before_age("DECOM", 14)(t, i, dob);
  });
}

KITH_903_RULE("386", kBothRuleSets) {
  check_episode_age(in, out, {"REC", "DEC"}, false, [](const Table& t, std::size_t i, Day dob) {
    Day d = col(t, "DEC").date(i);
    return is_one_of(col(t, "REC")[i], {"E11", "E12"}) && d != kNoDate && d >= add_years(dob, 18);
  });
}

KITH_903_RULE("387", kBothRuleSets) {
  check_episode_age(in, out, {"REC", "DEC"}, false, [](const Table& t, std::size_t i, Day dob) {
    return is_one_of(col(t, "REC")[i], {"E5", "E6"}) && before_age("DEC", 14)(t, i, dob);
  });
}

KITH_903_RULE("389", kBothRuleSets) {
  check_episode_age(in, out, {"REC", "DEC"}, false, [](const Table& t, std::size_t i, Day dob) {
    return col(t, "REC")[i] == "E7" && before_age("DEC", 16)(t, i, dob);
  });
}

// Looked after past the 18th birthday (open at the year end) only under V2 in a children's home (K2).
KITH_903_RULE("359", kBothRuleSets) {
  const std::optional<Day> end = in.meta().collection_end;
  if (!end) return;
  check_episode_age(in, out, {"DEC", "LS", "PLACE"}, false, [&](const Table& t, std::size_t i, Day dob) {
    return col(t, "DEC").null(i) && add_years(dob, 18) <= *end && !(col(t, "LS")[i] == "V2" && col(t, "PLACE")[i] == "K2");
  });
}

// The child's first episode starts before birth.
KITH_903_RULE("302", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  if (!header || !eps) return;
  out.checked(*eps);
  out.checked(*header);
  auto dobs = dob_by_child(*header);
  const Column& decom = col(*eps, "DECOM");
  ChildSet flagged;
  for (const auto& [child, rows] : by_child_in_decom_order(*eps)) {
    auto it = dobs.find(child);
    std::size_t first = rows.front();
    if (it != dobs.end() && decom.date(first) != kNoDate && decom.date(first) < it->second) {
      out.add(*eps, first);
      flagged.insert(child);
    }
  }
  const Column& hc = col(*header, "CHILD");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (flagged.count(hc[i])) out.add(*header, i);
}

// UN4 (UPN not yet obtained) on a child whose episode started in the last week of the year.
KITH_903_RULE("210", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "UPN"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  const std::optional<Day> end = in.meta().collection_end;
  if (!header || !eps || !end) return;
  out.checked(*eps);
  out.checked(*header);
  const Column &upn = col(*header, "UPN"), &hc = col(*header, "CHILD");
  ChildSet un4 = children_where(*header, [&](std::size_t i) { return upn[i] == "UN4"; });
  const Column &ec = col(*eps, "CHILD"), &decom = col(*eps, "DECOM");
  ChildSet flagged;
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (un4.count(ec[i]) && decom.date(i) != kNoDate && decom.date(i) > *end - 7) {
      out.add(*eps, i);
      flagged.insert(ec[i]);
    }
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (flagged.count(hc[i]) && upn[i] == "UN4") out.add(*header, i);
}

// A UPN: a letter other than I, O or S, then 12 digits or 11 digits and a letter; or UN1-UN5.
bool valid_upn(std::string_view upn) {
  if (is_one_of(upn, {"UN1", "UN2", "UN3", "UN4", "UN5"})) return true;
  if (upn.size() != 13) return false;
  auto letter = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!letter(upn[0]) || is_one_of(upn.substr(0, 1), {"I", "O", "S"})) return false;
  for (std::size_t k = 1; k < 12; ++k)
    if (!digit(upn[k])) return false;
  return digit(upn[12]) || letter(upn[12]);
}

KITH_903_RULE("168", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"UPN"});
  if (!t) return;
  out.checked(*t);
  const Column& upn = col(*t, "UPN");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!upn.null(i) && !valid_upn(upn[i])) out.add(*t, i);
}

// UN1 (under school age) for a child 4 or older on 31 August before the collection year starts.
KITH_903_RULE("209", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"UPN", "DOB"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!t || !start) return;
  out.checked(*t);
  const Day reference = to_day(Date::ymd(to_date(*start).year() - 1, 8, 31));
  const Column &upn = col(*t, "UPN"), &dob = col(*t, "DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (upn[i] == "UN1" && dob.date(i) != kNoDate && add_years(dob.date(i), 4) <= reference) out.add(*t, i);
}

KITH_903_RULE("174", kBothRuleSets) {
  const Table* t = with_columns(in, "Header", {"SEX", "MC_DOB"});
  if (!t) return;
  out.checked(*t);
  const Column &sex = col(*t, "SEX"), &mc_dob = col(*t, "MC_DOB");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (sex[i] == "M" && !mc_dob.null(i)) out.add(*t, i);
}

// Placement provider: a valid code, and none for temporary and "other" (Z11-Z14) placements.
KITH_903_RULE("178", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"PLACE_PROVIDER", "PLACE"});
  if (!t) return;
  out.checked(*t);
  const Column &provider = col(*t, "PLACE_PROVIDER"), &place = col(*t, "PLACE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (!provider.null(i) &&
        (!in.valid_code("PLACE_PROVIDER", provider[i]) || is_one_of(place[i], {"T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"})))
      out.add(*t, i);
}

// A date UASC ceased needs Header.UASC 1.
KITH_903_RULE("303", kBothRuleSets) {
  const Table* uasc = with_columns(in, "UASC", {"CHILD", "DUC"});
  const Table* header = with_columns(in, "Header", {"CHILD", "UASC"});
  if (!uasc || !header) return;
  out.checked(*uasc);
  out.checked(*header);
  const Column& hu = col(*header, "UASC");
  ChildSet not_uasc = children_where(*header, [&](std::size_t i) { return hu[i] != "1"; });
  const Column &uc = col(*uasc, "CHILD"), &duc = col(*uasc, "DUC");
  ChildSet flagged;
  for (std::size_t i = 0; i < uasc->rows(); ++i)
    if (!duc.null(i) && not_uasc.count(uc[i])) {
      out.add(*uasc, i);
      flagged.insert(uc[i]);
    }
  const Column& hc = col(*header, "CHILD");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (flagged.count(hc[i]) && hu[i] != "1") out.add(*header, i);
}

// Children with a non-respite episode in the collection year (the MOTHER cohort).
ChildSet looked_after_in_year(const Table& eps, std::optional<Day> start, std::optional<Day> end) {
  const Column* ls = eps.column("LS");
  const Column* decom = eps.column("DECOM");
  const Column* dec = eps.column("DEC");
  return children_where(eps, [&](std::size_t i) {
    if (ls && is_respite((*ls)[i])) return false;
    if (end && decom && decom->date(i) != kNoDate && decom->date(i) > *end) return false;
    if (start && dec && !dec->null(i) && dec->date(i) != kNoDate && dec->date(i) < *start) return false;
    return true;
  });
}

// MOTHER is 0 or 1 for girls looked after in the year, and never 1 for boys.
KITH_903_RULE("165", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "SEX", "MOTHER"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "LS"});
  if (!header || !eps) return;
  out.checked(*header);
  ChildSet cohort = looked_after_in_year(*eps, in.meta().collection_start, in.meta().collection_end);
  const Column &child = col(*header, "CHILD"), &sex = col(*header, "SEX"), &mother = col(*header, "MOTHER");
  ChildSet flagged;
  for (std::size_t i = 0; i < header->rows(); ++i) {
    if (!cohort.count(child[i])) continue;
    bool bad = (is_female(sex[i]) && !is_one_of(mother[i], {"0", "1"})) || (is_male(sex[i]) && mother[i] == "1");
    if (bad) {
      out.add(*header, i);
      flagged.insert(child[i]);
    }
  }
  if (const Table* oc3 = with_columns(in, "OC3", {"CHILD"})) {
    out.checked(*oc3);
    const Column& oc = col(*oc3, "CHILD");
    for (std::size_t i = 0; i < oc3->rows(); ++i)
      if (flagged.count(oc[i])) out.add(*oc3, i);
  }
}

// A girl looked after (not only on respite) has MOTHER completed.
KITH_903_RULE("393", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"CHILD", "SEX", "MOTHER"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "LS"});
  if (!header || !eps) return;
  out.checked(*header);
  const Column& ls = col(*eps, "LS");
  ChildSet looked_after = children_where(*eps, [&](std::size_t i) { return !is_respite(ls[i]); });
  const Column &child = col(*header, "CHILD"), &sex = col(*header, "SEX"), &mother = col(*header, "MOTHER");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (is_female(sex[i]) && mother.null(i) && looked_after.count(child[i])) out.add(*header, i);
}

// Children only ever on respite (V3, V4) have no MOTHER, reviews or participation.
KITH_903_RULE("399", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "LS"});
  const Table* header = with_columns(in, "Header", {"CHILD", "MOTHER"});
  const Table* reviews = with_columns(in, "Reviews", {"CHILD"});
  if (!eps || (!header && !reviews)) return;
  out.checked(*eps);
  const Column& ls = col(*eps, "LS");
  ChildSet respite_only;
  for (const auto& [child, rows] : rows_by_child(*eps)) {
    bool all = !child.empty();
    for (std::size_t r : rows) all = all && is_respite(ls[r]);
    if (all) respite_only.insert(child);
  }
  ChildSet flagged;
  if (header) {
    out.checked(*header);
    const Column &hc = col(*header, "CHILD"), &mother = col(*header, "MOTHER");
    for (std::size_t i = 0; i < header->rows(); ++i)
      if (respite_only.count(hc[i]) && !mother.null(i)) {
        out.add(*header, i);
        flagged.insert(hc[i]);
      }
  }
  if (reviews) {
    out.checked(*reviews);
    const Column& rc = col(*reviews, "CHILD");
    for (std::size_t i = 0; i < reviews->rows(); ++i)
      if (respite_only.count(rc[i]) && any_filled(*reviews, i, {"REVIEW", "REVIEW_CODE"})) {
        out.add(*reviews, i);
        flagged.insert(rc[i]);
      }
  }
  const Column& ec = col(*eps, "CHILD");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (flagged.count(ec[i])) out.add(*eps, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
