// Outcome rules: OC2 (children looked after for 12 months: health, offending,
// SDQ), OC3 (care leavers) and AD1 (adoption) items, alone and against the
// episodes that decide who belongs in each cohort.
#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

const std::initializer_list<std::string_view> kOc2Fields = {"CONVICTED",        "HEALTH_CHECK",     "IMMUNISATIONS",         "TEETH_CHECK",
                                                                "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"};
const std::initializer_list<std::string_view> kOc3Fields = {"IN_TOUCH", "ACTIV", "ACCOM"};
const std::initializer_list<std::string_view> kAd1Fields = {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};

// Flags rows of a table where bad(table, row) holds, when the table has the columns.
template <typename Bad>
void check_rows(const RuleInput& in, Flags& out, std::string_view table, std::initializer_list<std::string_view> columns, Bad bad) {
  const Table* t = with_columns(in, table, columns);
  if (!t) return;
  out.checked(*t);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (bad(*t, i)) out.add(*t, i);
}

// All the columns filled or all blank.
void check_all_or_none(const RuleInput& in, Flags& out, std::string_view table, std::initializer_list<std::string_view> columns) {
  check_rows(in, out, table, columns, [&](const Table& t, std::size_t i) {
    bool any = false, all = true;
    for (std::string_view c : columns) {
      if (col(t, c).null(i))
        all = false;
      else
        any = true;
    }
    return any && !all;
  });
}

// Children of OC3 with any care leaver item filled.
ChildSet care_leavers_with_data(const Table& oc3) {
  return children_where(oc3, [&](std::size_t i) { return any_filled(oc3, i, kOc3Fields); });
}

KITH_903_RULE("134", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD"});
  if (!oc3 || !ad1) return;
  out.checked(*ad1);
  ChildSet leavers = care_leavers_with_data(*oc3);
  const Column& child = col(*ad1, "CHILD");
  for (std::size_t i = 0; i < ad1->rows(); ++i)
    if (leavers.count(child[i]) && any_filled(*ad1, i, kAd1Fields)) out.add(*ad1, i);
}

KITH_903_RULE("151", kBothRuleSets) { check_all_or_none(in, out, "AD1", kAd1Fields); }
KITH_903_RULE("153", kBothRuleSets) { check_all_or_none(in, out, "OC3", kOc3Fields); }

KITH_903_RULE("158", kBothRuleSets) {
  check_rows(in, out, "OC2", {"INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}, [](const Table& t, std::size_t i) {
    return col(t, "INTERVENTION_RECEIVED")[i] == "1" && !col(t, "INTERVENTION_OFFERED").null(i);
  });
}

KITH_903_RULE("159", kBothRuleSets) {
  check_rows(in, out, "OC2", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}, [](const Table& t, std::size_t i) {
    return col(t, "SUBSTANCE_MISUSE")[i] == "1" && col(t, "INTERVENTION_RECEIVED")[i] == "0" && col(t, "INTERVENTION_OFFERED").null(i);
  });
}

KITH_903_RULE("192", kBothRuleSets) {
  check_rows(in, out, "OC2", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"}, [](const Table& t, std::size_t i) {
    return col(t, "SUBSTANCE_MISUSE")[i] == "1" && col(t, "INTERVENTION_RECEIVED").null(i);
  });
}

KITH_903_RULE("193", kBothRuleSets) {
  check_rows(in, out, "OC2", {"SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"}, [](const Table& t, std::size_t i) {
    return col(t, "SUBSTANCE_MISUSE")[i] != "1" && any_filled(t, i, {"INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"});
  });
}

// An SDQ score is a whole number from 0 to 40.
KITH_903_RULE("180", kBothRuleSets) {
  check_rows(in, out, "OC2", {"SDQ_SCORE"}, [](const Table& t, std::size_t i) {
    std::string_view s = col(t, "SDQ_SCORE")[i];
    if (s.empty()) return false;
    if (s.size() > 2) return true;
    int v = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return true;
      v = v * 10 + (c - '0');
    }
    return v > 40;
  });
}

// The four core OC2 items are completed, or every OC2 item is blank.
KITH_903_RULE("182", kBothRuleSets) {
  check_rows(in, out, "OC2", {}, [](const Table& t, std::size_t i) {
    bool core_missing = false;
    for (std::string_view c : {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"})
      if (const Column* column = t.column(c); !column || column->null(i)) core_missing = true;
    return core_missing && any_filled(t, i, kOc2Fields);
  });
}

KITH_903_RULE("215", kBothRuleSets) {
  const Table* oc2 = with_columns(in, "OC2", {"CHILD"});
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  if (!oc2 || !oc3) return;
  out.checked(*oc2);
  out.checked(*oc3);
  ChildSet leavers = care_leavers_with_data(*oc3);
  ChildSet oc2_filled = children_where(*oc2, [&](std::size_t i) { return any_filled(*oc2, i, kOc2Fields); });
  const Column &c2 = col(*oc2, "CHILD"), &c3 = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (any_filled(*oc3, i, kOc3Fields) && oc2_filled.count(c3[i])) out.add(*oc3, i);
  for (std::size_t i = 0; i < oc2->rows(); ++i)
    if (any_filled(*oc2, i, kOc2Fields) && leavers.count(c2[i])) out.add(*oc2, i);
}

// A young person who died or returned home (6 months or more) has no activity or accommodation.
KITH_903_RULE("344", kBothRuleSets) {
  check_rows(in, out, "OC3", {"IN_TOUCH", "ACTIV", "ACCOM"}, [](const Table& t, std::size_t i) {
    const Column &activ = col(t, "ACTIV"), &accom = col(t, "ACCOM");
    bool blank = activ.null(i) && accom.null(i);
    bool not_applicable = activ[i] == "0" && accom[i] == "0";
    return is_one_of(col(t, "IN_TOUCH")[i], {"DIED", "RHOM"}) && !blank && !not_applicable;
  });
}

// --- The OC2 cohort (looked after continuously for 12 months at 31 March) ---

// Flags OC2 rows by cohort membership and the row's items.
template <typename Bad>
void check_oc2_cohort(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> columns, Bad bad) {
  const Table* oc2 = with_columns(in, "OC2", {"CHILD"});
  if (!oc2 || !with_columns(in, "Episodes", {"CHILD", "DECOM"}) || !in.meta().collection_end) return;
  for (std::string_view c : columns)
    if (!oc2->column(c)) return;
  out.checked(*oc2);
  ChildSet cohort = looked_after_12_months(in);
  const Column& child = col(*oc2, "CHILD");
  for (std::size_t i = 0; i < oc2->rows(); ++i)
    if (bad(*oc2, i, cohort.count(child[i]) > 0)) out.add(*oc2, i);
}

KITH_903_RULE("185", kBothRuleSets) {
  check_oc2_cohort(in, out, {"SDQ_SCORE"}, [](const Table& t, std::size_t i, bool cla) { return !cla && !col(t, "SDQ_SCORE").null(i); });
}

KITH_903_RULE("198", kBothRuleSets) {
  check_oc2_cohort(in, out, {"SDQ_REASON"}, [](const Table& t, std::size_t i, bool cla) { return !cla && !col(t, "SDQ_REASON").null(i); });
}

KITH_903_RULE("190", kBothRuleSets) {
  check_oc2_cohort(in, out, {}, [](const Table& t, std::size_t i, bool cla) { return !cla && any_filled(t, i, kOc2Fields); });
}

// Ages at the start and end of the collection year decide who needs an SDQ.
struct SdqAges {
  bool four_at_start, four_at_end, under_17_at_start, under_17_at_end;
};
std::optional<SdqAges> sdq_ages(const RuleInput& in, Day dob) {
  const auto &start = in.meta().collection_start, &end = in.meta().collection_end;
  if (!start || !end || dob == kNoDate) return std::nullopt;
  return SdqAges{add_years(dob, 4) <= *start, add_years(dob, 4) <= *end, add_years(dob, 17) > *start, add_years(dob, 17) > *end};
}

KITH_903_RULE("157", kBothRuleSets) {
  check_oc2_cohort(in, out, {"DOB", "SDQ_REASON"}, [&](const Table& t, std::size_t i, bool cla) {
    auto ages = sdq_ages(in, col(t, "DOB").date(i));
    return cla && ages && ages->four_at_start && ages->under_17_at_end && col(t, "SDQ_REASON")[i] == "SDQ1";
  });
}

KITH_903_RULE("186", kBothRuleSets) {
  check_oc2_cohort(in, out, {"DOB", "SDQ_SCORE", "SDQ_REASON"}, [&](const Table& t, std::size_t i, bool cla) {
    auto ages = sdq_ages(in, col(t, "DOB").date(i));
    return cla && ages && ages->four_at_start && ages->under_17_at_end && col(t, "SDQ_SCORE").null(i) && col(t, "SDQ_REASON").null(i);
  });
}

KITH_903_RULE("197B", kBothRuleSets) {
  check_oc2_cohort(in, out, {"DOB", "SDQ_SCORE", "SDQ_REASON"}, [&](const Table& t, std::size_t i, bool cla) {
    auto ages = sdq_ages(in, col(t, "DOB").date(i));
    return cla && ages && ages->four_at_end && ages->under_17_at_start && col(t, "SDQ_SCORE").null(i) && col(t, "SDQ_REASON").null(i);
  });
}

// Children in the OC2 cohort have the core OC2 items; children in it without an OC2 row flag their episodes.
KITH_903_RULE("191", kBothRuleSets) {
  const Table* oc2 = with_columns(in, "OC2", {"CHILD"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  if (!oc2 || !eps || !in.meta().collection_end) return;
  out.checked(*oc2);
  out.checked(*eps);
  ChildSet cohort = looked_after_12_months(in);
  const Column& child = col(*oc2, "CHILD");
  for (std::size_t i = 0; i < oc2->rows(); ++i) {
    bool missing = false;
    for (std::string_view c : {"IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"})
      if (const Column* column = oc2->column(c); !column || column->null(i)) missing = true;
    if (cohort.count(child[i]) && missing) out.add(*oc2, i);
  }
  ChildSet in_oc2 = children_of(*oc2);
  const Column& ec = col(*eps, "CHILD");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (cohort.count(ec[i]) && !in_oc2.count(ec[i])) out.add(*eps, i);
}

// Children in the OC2 cohort have no adoption or care leaver items.
KITH_903_RULE("187", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD"});
  if ((!oc3 && !ad1) || !with_columns(in, "Episodes", {"CHILD", "DECOM"}) || !in.meta().collection_end) return;
  ChildSet cohort = looked_after_12_months(in);
  for (auto [t, fields] : {std::pair{oc3, kOc3Fields}, std::pair{ad1, kAd1Fields}}) {
    if (!t) continue;
    out.checked(*t);
    const Column& child = col(*t, "CHILD");
    for (std::size_t i = 0; i < t->rows(); ++i)
      if (cohort.count(child[i]) && any_filled(*t, i, fields)) out.add(*t, i);
  }
}

// --- Care leavers (OC3) against their episodes ---

// The 17th or 18th birthday falling in the collection year, if any.
std::optional<Day> birthday_17_or_18_in_year(const RuleInput& in, Day dob) {
  const auto& end = in.meta().collection_end;
  if (!end || dob == kNoDate) return std::nullopt;
  Day start = in.meta().collection_start ? *in.meta().collection_start : add_years(*end, -1) + 1;
  for (int age : {17, 18}) {
    Day birthday = add_years(dob, age);
    if (birthday >= start && birthday <= *end) return birthday;
  }
  return std::nullopt;
}

// Still looked after on the 17th or 18th birthday in the year: no care leaver items.
KITH_903_RULE("1007", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD", "DOB"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  if (!oc3 || !eps || !in.meta().collection_end) return;
  out.checked(*oc3);
  const ChildRows& episodes = rows_by_child(*eps);
  const Column &child = col(*oc3, "CHILD"), &dob = col(*oc3, "DOB"), &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  for (std::size_t i = 0; i < oc3->rows(); ++i) {
    auto birthday = birthday_17_or_18_in_year(in, dob.date(i));
    auto it = episodes.find(child[i]);
    if (!birthday || it == episodes.end() || !any_filled(*oc3, i, kOc3Fields)) continue;
    for (std::size_t r : it->second)
      if (decom.date(r) != kNoDate && decom.date(r) <= *birthday && (dec.null(r) || (dec.date(r) != kNoDate && dec.date(r) > *birthday))) {
        out.add(*oc3, i);
        break;
      }
  }
}

// Ceased to be looked after on or after the 17th or 18th birthday in the year: no care leaver items.
KITH_903_RULE("1016", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD", "DOB"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC"});
  if (!oc3 || !eps || !in.meta().collection_end) return;
  out.checked(*oc3);
  const ChildRows& episodes = rows_by_child(*eps);
  const Column &child = col(*oc3, "CHILD"), &dob = col(*oc3, "DOB"), &dec = col(*eps, "DEC");
  for (std::size_t i = 0; i < oc3->rows(); ++i) {
    auto birthday = birthday_17_or_18_in_year(in, dob.date(i));
    auto it = episodes.find(child[i]);
    if (!birthday || it == episodes.end() || !any_filled(*oc3, i, kOc3Fields)) continue;
    for (std::size_t r : it->second)
      if (dec.date(r) != kNoDate && dec.date(r) >= *birthday) {
        out.add(*oc3, i);
        break;
      }
  }
}

// Care transferred to another LA (E3) in the final episode: no care leaver items.
KITH_903_RULE("1011", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "REC"});
  if (!oc3 || !eps) return;
  out.checked(*oc3);
  const Column& rec = col(*eps, "REC");
  ChildSet transferred;
  for (const auto& [child, rows] : by_child_in_decom_order(*eps))
    if (rec[rows.back()] == "E3") transferred.insert(child);
  const Column& child = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (transferred.count(child[i]) && any_filled(*oc3, i, kOc3Fields)) out.add(*oc3, i);
}

// Children with no episodes this year have no data in the other tables.
KITH_903_RULE("1012", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD"});
  if (!eps) return;
  ChildSet with_episodes = children_of(*eps);
  for (std::string_view name : {"PlacedAdoption", "Missing", "Reviews", "AD1", "PrevPerm", "OC2"}) {
    const Table* t = with_columns(in, name, {"CHILD"});
    if (!t) continue;
    out.checked(*t);
    const Column& child = col(*t, "CHILD");
    for (std::size_t i = 0; i < t->rows(); ++i)
      if (!with_episodes.count(child[i])) out.add(*t, i);
  }
}

// A UASC child with no episode in the collection year, whose care leaver items are filled.
KITH_903_RULE("1014", kBothRuleSets) {
  const Table* uasc = with_columns(in, "UASC", {"CHILD"});
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  const auto &start = in.meta().collection_start, &end = in.meta().collection_end;
  if (!uasc || !oc3 || !eps || !start || !end) return;
  out.checked(*uasc);
  out.checked(*oc3);
  const Column &decom = col(*eps, "DECOM"), &dec = col(*eps, "DEC");
  auto in_year = [&](std::size_t r) {
    Day s = decom.date(r), e = dec.date(r);
    return (s != kNoDate && s >= *start && s <= *end) || (e != kNoDate && e >= *start && e <= *end) ||
           (s != kNoDate && s <= *start && dec.null(r));
  };
  ChildSet with_episodes = children_of(*eps);
  ChildSet active = children_where(*eps, in_year);
  ChildSet leavers = care_leavers_with_data(*oc3);
  std::vector<std::string_view> uasc_columns;
  for (const std::string& c : uasc->column_names())
    if (c != "CHILD") uasc_columns.push_back(c);
  const Column& uc = col(*uasc, "CHILD");
  ChildSet flagged;
  for (std::size_t i = 0; i < uasc->rows(); ++i) {
    bool has_uasc = false;
    for (std::string_view c : uasc_columns) has_uasc = has_uasc || !uasc->column(c)->null(i);
    if (has_uasc && with_episodes.count(uc[i]) && !active.count(uc[i]) && leavers.count(uc[i])) {
      out.add(*uasc, i);
      flagged.insert(uc[i]);
    }
  }
  const Column& oc = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (flagged.count(oc[i]) && any_filled(*oc3, i, kOc3Fields)) out.add(*oc3, i);
}

// Around the 17th birthday (in the collection year) the care leaver does not live with former foster carers.
KITH_903_RULE("3001", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD", "ACCOM"});
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  const auto &start = in.meta().collection_start, &end = in.meta().collection_end;
  if (!oc3 || !header || !start || !end) return;
  out.checked(*oc3);
  auto dobs = dob_by_child(*header);
  const Column &child = col(*oc3, "CHILD"), &accom = col(*oc3, "ACCOM");
  for (std::size_t i = 0; i < oc3->rows(); ++i) {
    auto it = dobs.find(child[i]);
    if (it == dobs.end() || !is_one_of(accom[i], {"Z1", "Z2"})) continue;
    Day birthday = add_years(it->second, 17);
    if (birthday >= *start && birthday <= *end) out.add(*oc3, i);
  }
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
