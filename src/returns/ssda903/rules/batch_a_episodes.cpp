// Episode rules that read the Episodes table alone (plus metadata): episode
// sequences, durations of legal statuses and temporary placements, placement
// provider and URN requirements, distances and postcodes.
#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

// Flags rows of Episodes where every named column is present and bad(row) holds.
template <typename Bad>
void check_episodes(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> columns, Bad bad) {
  const Table* t = with_columns(in, "Episodes", columns);
  if (!t) return;
  out.checked(*t);
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (bad(*t, i)) out.add(*t, i);
}

// Episodes whose DEC - DECOM exceeds max_days (both dates known), for placement `place`.
void check_place_duration(const RuleInput& in, Flags& out, std::string_view place, int max_days) {
  check_episodes(in, out, {"PLACE", "DECOM", "DEC"}, [&](const Table& t, std::size_t i) {
    Day start = col(t, "DECOM").date(i), end = col(t, "DEC").date(i);
    return col(t, "PLACE")[i] == place && start != kNoDate && end != kNoDate && end - start > max_days;
  });
}

// A legal status lasted longer than max_days: consecutive episodes of the same
// status (one's DEC is the next DECOM) count as one period; an open episode runs
// to the end of the collection year. Every episode of a long period is flagged.
void check_status_duration(const RuleInput& in, Flags& out, std::string_view status, int max_days) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "LS"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC"), &ls = col(*t, "LS");
  const std::optional<Day> year_end = in.meta().collection_end;
  auto end_of = [&](std::size_t r) -> Day {
    if (dec.null(r)) return year_end ? *year_end : kNoDate;
    return dec.date(r);
  };
  for (const auto& [child, rows] : by_child_in_decom_order(*t)) {
    std::vector<std::size_t> run;
    auto finish = [&] {
      if (!run.empty()) {
        Day start = decom.date(run.front()), end = end_of(run.back());
        if (start != kNoDate && end != kNoDate && end - start > max_days)
          for (std::size_t r : run) out.add(*t, r);
      }
      run.clear();
    };
    for (std::size_t r : rows) {
      if (ls[r] != status || decom.date(r) == kNoDate) {
        finish();
        continue;
      }
      if (!run.empty() && end_of(run.back()) != decom.date(r)) finish();
      run.push_back(r);
    }
    finish();
  }
}

KITH_903_RULE("142", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "REC"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC"), &rec = col(*t, "REC");
  for (const auto& [child, rows] : by_child_in_decom_order(*t)) {
    if (child.empty()) continue;
    for (std::size_t k = 0; k + 1 < rows.size(); ++k) {
      std::size_t r = rows[k];
      if (decom.date(r) != kNoDate && (dec.null(r) || rec.null(r))) out.add(*t, r);
    }
  }
}

KITH_903_RULE("148", kBothRuleSets) {
  check_episodes(in, out, {"DEC", "REC"}, [](const Table& t, std::size_t i) { return col(t, "DEC").null(i) != col(t, "REC").null(i); });
}

// Distance must be between 0 and 999.9 miles (children who are or were UASC excepted).
KITH_903_RULE("164", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "LS", "PL_DISTANCE"});
  if (!t) return;
  out.checked(*t);
  ChildSet uasc = uasc_children(in);
  const Column &child = col(*t, "CHILD"), &ls = col(*t, "LS"), &distance = col(*t, "PL_DISTANCE");
  for (std::size_t i = 0; i < t->rows(); ++i) {
    std::optional<double> d = distance.number(i);
    if (d && !is_respite(ls[i]) && !uasc.count(child[i]) && (*d < 0 || *d > 999.9)) out.add(*t, i);
  }
}

bool no_provider_place(std::string_view place) {
  return is_temporary(place) || is_one_of(place, {"Z11", "Z12", "Z13", "Z14"});
}

KITH_903_RULE("213", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "PLACE_PROVIDER"}, [](const Table& t, std::size_t i) {
    return no_provider_place(col(t, "PLACE")[i]) && !col(t, "PLACE_PROVIDER").null(i);
  });
}

KITH_903_RULE("214", kBothRuleSets) {
  check_episodes(in, out, {"LS", "PL_POST", "URN"}, [](const Table& t, std::size_t i) {
    return is_respite(col(t, "LS")[i]) && (!col(t, "PL_POST").null(i) || !col(t, "URN").null(i));
  });
}

KITH_903_RULE("217", kBothRuleSets) {
  const Day from = to_day(Date::ymd(2015, 4, 1));
  check_episodes(in, out, {"PLACE", "DECOM", "RNE"}, [&](const Table& t, std::size_t i) {
    Day decom = col(t, "DECOM").date(i);
    return is_one_of(col(t, "PLACE")[i], {"A3", "A5"}) && decom != kNoDate && decom >= from &&
           !is_one_of(col(t, "RNE")[i], {"S", "T", "U"});
  });
}

// Placement types that have no Ofsted URN.
bool no_urn_place(std::string_view place) {
  return no_provider_place(place) || is_one_of(place, {"P1", "P3", "R1", "R2", "R5"});
}

// A URN is needed for placements open during the year, in England.
KITH_903_RULE("218", kBothRuleSets) {
  const std::optional<Day> start = in.meta().collection_start;
  if (!start) return;
  check_episodes(in, out, {"PLACE", "DEC", "PL_LA", "URN"}, [&](const Table& t, std::size_t i) {
    std::string_view la = col(t, "PL_LA")[i];
    bool outside_england = is_one_of(la, {"WAL", "SCO", "NIR"}) || (!la.empty() && (la[0] == 'W' || la[0] == 'S' || la[0] == 'N'));
    const Column& dec = col(t, "DEC");
    bool in_year = dec.null(i) || (dec.date(i) != kNoDate && dec.date(i) >= *start);
    return col(t, "URN").null(i) && !no_urn_place(col(t, "PLACE")[i]) && in_year && !outside_england;
  });
}

KITH_903_RULE("222", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "URN"}, [](const Table& t, std::size_t i) {
    return no_urn_place(col(t, "PLACE")[i]) && !col(t, "URN").null(i);
  });
}

// An episode ending X1 followed by a change of placement (RNE P, B, T, U), neither
// temporary, needs the reason for the change.
KITH_903_RULE("225", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE", "REC", "PLACE", "REASON_PLACE_CHANGE"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &rec = col(*t, "REC"), &place = col(*t, "PLACE"), &reason = col(*t, "REASON_PLACE_CHANGE");
  for (const auto& [child, rows] : by_child_in_decom_order(*t))
    for (std::size_t k = 0; k + 1 < rows.size(); ++k) {
      std::size_t r = rows[k], next = rows[k + 1];
      if (rec[r] == "X1" && reason.null(r) && !is_temporary(place[r]) && is_one_of(rne[next], {"P", "B", "T", "U"}) &&
          !is_temporary(place[next]))
        out.add(*t, r);
    }
}

// A temporary placement has no reason for placement change, nor does the episode before it.
KITH_903_RULE("226", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "PLACE", "REASON_PLACE_CHANGE"});
  if (!t) return;
  out.checked(*t);
  const Column &place = col(*t, "PLACE"), &reason = col(*t, "REASON_PLACE_CHANGE");
  for (const auto& [child, rows] : by_child_in_decom_order(*t))
    for (std::size_t k = 0; k < rows.size(); ++k) {
      std::size_t r = rows[k];
      if (is_temporary(place[r]) && (!reason.null(r) || (k > 0 && !reason.null(rows[k - 1])))) out.add(*t, r);
    }
}

// Adoption with current foster carers (A3, A4) follows a foster or adoption placement.
KITH_903_RULE("336", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "PLACE"});
  if (!t) return;
  out.checked(*t);
  const Column& place = col(*t, "PLACE");
  for (const auto& [child, rows] : by_child_in_decom_order(*t))
    for (std::size_t k = 1; k < rows.size(); ++k)
      if (is_one_of(place[rows[k]], {"A3", "A4"}) &&
          !is_one_of(place[rows[k - 1]], {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"}))
        out.add(*t, rows[k]);
}

KITH_903_RULE("354", kBothRuleSets) {
  check_date_against(in, out, "Episodes", "DECOM", in.meta().collection_end, [](Day decom, Day end) { return decom > end; });
}

KITH_903_RULE("385", kBothRuleSets) {
  check_date_against(in, out, "Episodes", "DEC", in.meta().collection_end, [](Day dec, Day end) { return dec > end; });
}

KITH_903_RULE("355", kBothRuleSets) {
  check_date_pair(in, out, "Episodes", "DECOM", "DEC", [](Day decom, Day dec) { return decom == dec; });
}

// A child's first episode (from the collection year on) starts a period of care.
KITH_903_RULE("357", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!t || !start) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &rne = col(*t, "RNE");
  for (const auto& [child, rows] : by_child_in_decom_order(*t)) {
    std::size_t first = rows.front();
    if (!child.empty() && decom.date(first) != kNoDate && decom.date(first) >= *start && rne[first] != "S") out.add(*t, first);
  }
}

KITH_903_RULE("361", kBothRuleSets) { check_status_duration(in, out, "L1", 3); }
KITH_903_RULE("362", kBothRuleSets) { check_status_duration(in, out, "L2", 21); }
KITH_903_RULE("363", kBothRuleSets) { check_status_duration(in, out, "L3", 7); }
KITH_903_RULE("364", kBothRuleSets) { check_status_duration(in, out, "J2", 14); }

// Each short-term respite break (V3) lasts at most 17 days; an open one runs to the year end.
KITH_903_RULE("365", kBothRuleSets) {
  const std::optional<Day> year_end = in.meta().collection_end;
  check_episodes(in, out, {"LS", "DECOM", "DEC"}, [&](const Table& t, std::size_t i) {
    const Column& dec = col(t, "DEC");
    Day start = col(t, "DECOM").date(i);
    Day end = dec.null(i) ? (year_end ? *year_end : kNoDate) : dec.date(i);
    return col(t, "LS")[i] == "V3" && start != kNoDate && end != kNoDate && end - start > 17;
  });
}

KITH_903_RULE("366", kBothRuleSets) {
  check_episodes(in, out, {"LS", "RNE"}, [](const Table& t, std::size_t i) { return col(t, "LS")[i] == "V3" && col(t, "RNE")[i] != "S"; });
}

// Respite (V3) within the collection year totals at most 75 days per child.
KITH_903_RULE("367", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "LS"});
  const std::optional<Day> start = in.meta().collection_start, end = in.meta().collection_end;
  if (!t || !start || !end) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC"), &ls = col(*t, "LS");
  for (const auto& [child, rows] : rows_by_child(*t)) {
    std::vector<std::size_t> counted;
    int total = 0;
    for (std::size_t r : rows) {
      if (ls[r] != "V3" || decom.date(r) == kNoDate) continue;
      Day to = dec.null(r) ? *end : dec.date(r);
      if (to == kNoDate || to < decom.date(r)) continue;
      Day from = std::max(decom.date(r), *start);
      to = std::min(to, *end);
      if (to > from) total += to - from;
      counted.push_back(r);
    }
    if (total > 75)
      for (std::size_t r : counted) out.add(*t, r);
  }
}

KITH_903_RULE("375", kBothRuleSets) { check_place_duration(in, out, "T1", 42); }
KITH_903_RULE("376", kBothRuleSets) { check_place_duration(in, out, "T3", 21); }
KITH_903_RULE("379", kBothRuleSets) { check_place_duration(in, out, "T4", 7); }

// At most two temporary placements for a foster carer's holiday (T3) per child.
KITH_903_RULE("377", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "PLACE"});
  if (!t) return;
  out.checked(*t);
  const Column& place = col(*t, "PLACE");
  for (const auto& [child, rows] : rows_by_child(*t)) {
    std::vector<std::size_t> t3;
    for (std::size_t r : rows)
      if (place[r] == "T3") t3.push_back(r);
    if (!child.empty() && t3.size() > 2)
      for (std::size_t r : t3) out.add(*t, r);
  }
}

KITH_903_RULE("378", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "LS"}, [](const Table& t, std::size_t i) { return col(t, "PLACE")[i] == "P1" && col(t, "LS")[i] == "V2"; });
}

KITH_903_RULE("380", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "RNE"}, [](const Table& t, std::size_t i) {
    return is_temporary(col(t, "PLACE")[i]) && is_one_of(col(t, "RNE")[i], {"S", "L", "J"});
  });
}

KITH_903_RULE("381", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "REC"}, [](const Table& t, std::size_t i) {
    const Column& rec = col(t, "REC");
    return is_temporary(col(t, "PLACE")[i]) && !rec.null(i) && rec[i] != "X1";
  });
}

KITH_903_RULE("384", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "LS"}, [](const Table& t, std::size_t i) {
    return is_one_of(col(t, "PLACE")[i], {"U1", "U4"}) && is_respite(col(t, "LS")[i]);
  });
}

// REC X1 (new episode begins) if and only if the child's next episode starts on the DEC.
KITH_903_RULE("388", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "REC"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC"), &rec = col(*t, "REC");
  for (const auto& [child, rows] : by_child_in_decom_order(*t)) {
    if (child.empty()) continue;
    for (std::size_t k = 0; k < rows.size(); ++k) {
      std::size_t r = rows[k];
      bool continues = k + 1 < rows.size() && dec.date(r) != kNoDate && decom.date(rows[k + 1]) == dec.date(r);
      if (rec[r] == "X1" ? !continues : continues) out.add(*t, r);
    }
  }
}

KITH_903_RULE("390", kBothRuleSets) {
  check_episodes(in, out, {"PLACE", "REC"}, [](const Table& t, std::size_t i) {
    return is_one_of(col(t, "REC")[i], {"E11", "E12"}) && !is_one_of(col(t, "PLACE")[i], {"A3", "A4", "A5", "A6"});
  });
}

KITH_903_RULE("392a", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "LS", "PL_DISTANCE"});
  if (!t) return;
  out.checked(*t);
  ChildSet uasc = uasc_children(in);
  const Column &child = col(*t, "CHILD"), &ls = col(*t, "LS"), &distance = col(*t, "PL_DISTANCE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (distance.null(i) && !is_respite(ls[i]) && !uasc.count(child[i])) out.add(*t, i);
}

KITH_903_RULE("392b", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "LS", "HOME_POST", "PL_POST"});
  if (!t) return;
  out.checked(*t);
  ChildSet uasc = uasc_children(in);
  const Column &child = col(*t, "CHILD"), &ls = col(*t, "LS"), &home = col(*t, "HOME_POST"), &pl = col(*t, "PL_POST");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if ((home.null(i) || pl.null(i)) && !is_respite(ls[i]) && !uasc.count(child[i])) out.add(*t, i);
}

// After a temporary placement (T0-T4) the child returns to the placement before it:
// the next episode is a change of placement (RNE P) to the same PLACE (and PL_POST).
KITH_903_RULE("383", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE", "PLACE"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &place = col(*t, "PLACE");
  const Column* post = t->column("PL_POST");
  for (const auto& [child, rows] : by_child_in_decom_order(*t))
    for (std::size_t k = 1; k < rows.size(); ++k) {
      std::size_t after = rows[k];
      if (is_temporary(place[after]) || !is_temporary(place[rows[k - 1]])) continue;
      std::size_t j = k - 1;
      while (j > 0 && is_temporary(place[rows[j]])) --j;
      if (is_temporary(place[rows[j]])) continue;  // no normal placement before the temporary ones
      std::size_t before = rows[j];
      if (rne[after] != "P" || place[after] != place[before] || (post && (*post)[after] != (*post)[before])) out.add(*t, after);
    }
}

// Own provision (PR1) outside the LA's area, for placements other than fostering and adoption.
KITH_903_RULE("1015", kBothRuleSets) {
  const std::string& la = in.meta().local_authority;
  check_episodes(in, out, {"PLACE", "LS", "PLACE_PROVIDER", "PL_LA"}, [&](const Table& t, std::size_t i) {
    const Column &place = col(t, "PLACE"), &ls = col(t, "LS"), &pl_la = col(t, "PL_LA");
    return !place.null(i) && !ls.null(i) && !pl_la.null(i) && col(t, "PLACE_PROVIDER")[i] == "PR1" &&
           !is_one_of(place[i], {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"}) && !is_respite(ls[i]) &&
           pl_la[i] != la;
  });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
