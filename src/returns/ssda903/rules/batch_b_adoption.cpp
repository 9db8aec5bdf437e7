// Adoption rules (batch B): adopters' details (AD1), decisions that a child
// should be placed for adoption (PlacedAdoption) against episodes and against
// last year's return.
#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

constexpr std::string_view kAdopterFields[] = {"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"};

// Any adopters' detail completed (columns the table lacks count as blank).
bool adopter_details(const Table& ad1, std::size_t row) {
  for (std::string_view f : kAdopterFields)
    if (const Column* c = ad1.column(f); c && !c->null(row)) return true;
  return false;
}

// Flags AD1 rows where the adopters' legal status is `status` and bad(SEX_ADOPTR) holds.
template <typename Bad>
void check_adopters(const RuleInput& in, Flags& out, std::string_view status_column, std::string_view status, Bad bad) {
  const Table* t = with_columns(in, "AD1", {status_column, "SEX_ADOPTR"});
  if (!t) return;
  out.checked(*t);
  const Column &s = col(*t, status_column), &sex = col(*t, "SEX_ADOPTR");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (s[i] == status && bad(sex, i)) out.add(*t, i);
}

// Two adopters are a couple: MM, FF or MF.
KITH_903_RULE("511", kBothRuleSets) {
  check_adopters(in, out, "NB_ADOPTR", "2", [](const Column& sex, std::size_t i) { return !sex.null(i) && !is_one_of(sex[i], {"MM", "FF", "MF"}); });
}
KITH_903_RULE("517", kBothRuleSets) {
  check_adopters(in, out, "LS_ADOPTR", "L3", [](const Column& sex, std::size_t i) { return sex[i] != "MF"; });
}
KITH_903_RULE("518", kBothRuleSets) {
  check_adopters(in, out, "LS_ADOPTR", "L4", [](const Column& sex, std::size_t i) { return !is_one_of(sex[i], {"MM", "FF"}); });
}
KITH_903_RULE("519", kBothRuleSets) {
  check_adopters(in, out, "LS_ADOPTR", "L2", [](const Column& sex, std::size_t i) { return !is_one_of(sex[i], {"MM", "FF", "MF"}); });
}
KITH_903_RULE("520", kBothRuleSets) {
  check_adopters(in, out, "LS_ADOPTR", "L11", [](const Column& sex, std::size_t i) { return is_one_of(sex[i], {"MM", "FF"}); });
}
KITH_903_RULE("524", kBothRuleSets) {
  check_adopters(in, out, "LS_ADOPTR", "L12", [](const Column& sex, std::size_t i) { return !is_one_of(sex[i], {"MM", "FF"}); });
}

// The decision that adoption is in the child's interest (DATE_INT) comes on or
// before each placement for adoption (A3-A6).
KITH_903_RULE("521", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "PLACE"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", "DATE_INT"});
  if (!eps || !ad1) return;
  out.checked(*eps);
  out.checked(*ad1);
  const Column &ac = col(*ad1, "CHILD"), &interest = col(*ad1, "DATE_INT");
  const Column &decom = col(*eps, "DECOM"), &place = col(*eps, "PLACE");
  const ChildRows& episodes = rows_by_child(*eps);
  for (std::size_t a = 0; a < ad1->rows(); ++a) {
    auto it = episodes.find(ac[a]);
    if (it == episodes.end() || !known(interest.date(a))) continue;
    for (std::size_t i : it->second)
      if (is_adoption_placement(place[i]) && known(decom.date(i)) && interest.date(a) > decom.date(i)) {
        out.add(*eps, i);
        out.add(*ad1, a);
      }
  }
}

// Flags both rows where an AD1 row and a PlacedAdoption row of a child give different dates.
void check_same_dates(const RuleInput& in, Flags& out, std::string_view ad1_column, std::string_view placed_column) {
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", ad1_column});
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", placed_column});
  if (!ad1 || !pa) return;
  out.checked(*ad1);
  out.checked(*pa);
  const Column &ac = col(*ad1, "CHILD"), &ad = col(*ad1, ad1_column), &pd = col(*pa, placed_column);
  const ChildRows& decisions = rows_by_child(*pa);
  for (std::size_t a = 0; a < ad1->rows(); ++a) {
    auto it = decisions.find(ac[a]);
    if (it == decisions.end() || !known(ad.date(a))) continue;
    for (std::size_t p : it->second)
      if (known(pd.date(p)) && ad.date(a) != pd.date(p)) {
        out.add(*ad1, a);
        out.add(*pa, p);
      }
  }
}

KITH_903_RULE("523", kBothRuleSets) { check_same_dates(in, out, "DATE_INT", "DATE_PLACED"); }

// A reversed decision (DATE_PLACED_CEASED) leaves no adopters' details.
KITH_903_RULE("525", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED_CEASED"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD"});
  if (!pa || !ad1) return;
  out.checked(*pa);
  out.checked(*ad1);
  const Column &pc = col(*pa, "CHILD"), &ceased = col(*pa, "DATE_PLACED_CEASED");
  const ChildRows& adopters = rows_by_child(*ad1);
  for (std::size_t p = 0; p < pa->rows(); ++p) {
    auto it = adopters.find(pc[p]);
    if (it == adopters.end() || ceased.null(p)) continue;
    for (std::size_t a : it->second)
      if (adopter_details(*ad1, a)) {
        out.add(*pa, p);
        out.add(*ad1, a);
      }
  }
}

// Placed for adoption (A3-A6) needs a decision to place (DATE_PLACED).
KITH_903_RULE("551", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "PLACE"});
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED"});
  if (!eps || !pa) return;
  out.checked(*eps);
  const Column& placed = col(*pa, "DATE_PLACED");
  ChildSet decided = children_where(*pa, [&](std::size_t i) { return !placed.null(i); });
  const Column &child = col(*eps, "CHILD"), &place = col(*eps, "PLACE");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (is_adoption_placement(place[i]) && !decided.count(child[i])) out.add(*eps, i);
}

// Flags a PlacedAdoption row and the child's earliest episode matching `episode`
// when the decision to place (DATE_PLACED) is after that episode began.
template <typename Match>
void check_decision_before(const RuleInput& in, Flags& out, std::string_view match_column, Match episode) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", match_column});
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED"});
  if (!eps || !pa) return;
  out.checked(*eps);
  out.checked(*pa);
  const Column &child = col(*eps, "CHILD"), &decom = col(*eps, "DECOM"), &m = col(*eps, match_column);
  std::unordered_map<std::string_view, std::size_t> earliest;
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (!episode(m[i]) || !known(decom.date(i))) continue;
    auto [it, inserted] = earliest.emplace(child[i], i);
    if (!inserted && decom.date(i) < decom.date(it->second)) it->second = i;
  }
  const Column &pc = col(*pa, "CHILD"), &placed = col(*pa, "DATE_PLACED");
  for (std::size_t p = 0; p < pa->rows(); ++p) {
    auto it = earliest.find(pc[p]);
    if (it == earliest.end() || !known(placed.date(p)) || placed.date(p) <= decom.date(it->second)) continue;
    out.add(*pa, p);
    out.add(*eps, it->second);
  }
}

KITH_903_RULE("552", kBothRuleSets) {
  check_decision_before(in, out, "PLACE", [](std::string_view place) { return is_adoption_placement(place); });
}

// The decision to place comes on or before the placement order (LS E1).
KITH_903_RULE("554", kBothRuleSets) {
  check_decision_before(in, out, "LS", [](std::string_view ls) { return ls == "E1"; });
}

// A placement order (LS E1) needs a decision to place: flags episodes of
// children without a PlacedAdoption row, and their PlacedAdoption rows without
// DATE_PLACED or giving a reason the decision ceased without its date.
KITH_903_RULE("553", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "LS"});
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"});
  if (!eps || !pa) return;
  out.checked(*eps);
  out.checked(*pa);
  const Column& ls = col(*eps, "LS");
  ChildSet order = children_where(*eps, [&](std::size_t i) { return ls[i] == "E1"; });
  ChildSet recorded = children_of(*pa);
  const Column& child = col(*eps, "CHILD");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (ls[i] == "E1" && !recorded.count(child[i])) out.add(*eps, i);
  const Column &pc = col(*pa, "CHILD"), &placed = col(*pa, "DATE_PLACED"), &ceased = col(*pa, "DATE_PLACED_CEASED"),
               &reason = col(*pa, "REASON_PLACED_CEASED");
  for (std::size_t p = 0; p < pa->rows(); ++p)
    if (order.count(pc[p]) && (placed.null(p) || (ceased.null(p) && !reason.null(p)))) out.add(*pa, p);
}

// Children placed for adoption (A3-A6) or under a placement order (E1) who left
// care other than by adoption (REC not X1, E11, E12) need the decision reversed
// (DATE_PLACED_CEASED and REASON_PLACED_CEASED).
KITH_903_RULE("557", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "PLACE", "LS", "REC"});
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"});
  if (!eps || !pa) return;
  out.checked(*eps);
  out.checked(*pa);
  const Column &ceased = col(*pa, "DATE_PLACED_CEASED"), &reason = col(*pa, "REASON_PLACED_CEASED");
  const ChildRows& decisions = rows_by_child(*pa);
  const Column &child = col(*eps, "CHILD"), &place = col(*eps, "PLACE"), &ls = col(*eps, "LS"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (!(is_adoption_placement(place[i]) || ls[i] == "E1") || rec.null(i) || is_one_of(rec[i], {"X1", "E11", "E12"})) continue;
    auto it = decisions.find(child[i]);
    if (it == decisions.end()) {
      out.add(*eps, i);
      continue;
    }
    for (std::size_t p : it->second)
      if (ceased.null(p) || reason.null(p)) {
        out.add(*eps, i);
        out.add(*pa, p);
      }
  }
}

// Flags PlacedAdoption rows of children in PlacedAdoption_last for which bad(row, last row) holds.
template <typename Bad>
void check_against_last(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> columns, Bad bad) {
  const Table* now = in.table("PlacedAdoption");
  const Table* last = in.table("PlacedAdoption_last");
  if (!now || !last || !now->column("CHILD") || !last->column("CHILD")) return;
  for (std::string_view c : columns)
    if (!now->column(c) || !last->column(c)) return;
  out.checked(*now);
  auto before = row_by_child(*last);
  const Column& child = col(*now, "CHILD");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (auto it = before.find(child[i]); it != before.end() && bad(i, it->second)) out.add(*now, i);
}

// A decision to place made before this year was in last year's return.
KITH_903_RULE("559", kBothRuleSets) {
  const Table* now = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED"});
  const Table* last = with_columns(in, "PlacedAdoption_last", {"CHILD", "DATE_PLACED"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!now || !last || !start) return;
  out.checked(*now);
  const Column& lp = col(*last, "DATE_PLACED");
  ChildSet recorded = children_where(*last, [&](std::size_t i) { return !lp.null(i); });
  const Column &child = col(*now, "CHILD"), &placed = col(*now, "DATE_PLACED");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (known(placed.date(i)) && placed.date(i) < *start && !recorded.count(child[i])) out.add(*now, i);
}

// The decision date changed although last year's decision was not reversed.
KITH_903_RULE("560", kBothRuleSets) {
  const Table* now = in.table("PlacedAdoption");
  const Table* last = in.table("PlacedAdoption_last");
  check_against_last(in, out, {"DATE_PLACED", "DATE_PLACED_CEASED"}, [&](std::size_t i, std::size_t j) {
    const Column &p = col(*now, "DATE_PLACED"), &lp = col(*last, "DATE_PLACED");
    return col(*last, "DATE_PLACED_CEASED").null(j) && !p.null(i) && !lp.null(j) && !same_cell(p, i, lp, j);
  });
}

// The decision date is unchanged from last year but the decision was reversed.
KITH_903_RULE("561", kBothRuleSets) {
  const Table* now = in.table("PlacedAdoption");
  const Table* last = in.table("PlacedAdoption_last");
  check_against_last(in, out, {"DATE_PLACED", "DATE_PLACED_CEASED"}, [&](std::size_t i, std::size_t j) {
    const Column &p = col(*now, "DATE_PLACED"), &lp = col(*last, "DATE_PLACED");
    return !col(*now, "DATE_PLACED_CEASED").null(i) && !p.null(i) && !lp.null(j) && same_cell(p, i, lp, j);
  });
}

// A new or changed decision to place, after last year's, must be dated after last year's decision ceased.
KITH_903_RULE("584", kBothRuleSets) {
  const Table* now = in.table("PlacedAdoption");
  const Table* last = in.table("PlacedAdoption_last");
  check_against_last(in, out, {"DATE_PLACED", "DATE_PLACED_CEASED"}, [&](std::size_t i, std::size_t j) {
    const Column &p = col(*now, "DATE_PLACED"), &lp = col(*last, "DATE_PLACED"), &lc = col(*last, "DATE_PLACED_CEASED");
    if (lp.null(j)) return false;
    bool changed = !same_cell(p, i, lp, j) || !lc.null(j);
    bool after_cessation = known(p.date(i)) && known(lc.date(j)) && p.date(i) > lc.date(j);
    return changed && !after_cessation;
  });
}

// Adopted (E11, E12) on the day the child was matched with adopters.
KITH_903_RULE("582", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "REC", "DEC"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", "DATE_MATCH"});
  if (!eps || !ad1) return;
  out.checked(*eps);
  std::unordered_map<std::string_view, std::vector<Day>> matched;
  const Column &ac = col(*ad1, "CHILD"), &match = col(*ad1, "DATE_MATCH");
  for (std::size_t a = 0; a < ad1->rows(); ++a)
    if (known(match.date(a))) matched[ac[a]].push_back(match.date(a));
  const Column &child = col(*eps, "CHILD"), &rec = col(*eps, "REC"), &dec = col(*eps, "DEC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = matched.find(child[i]);
    if (it == matched.end() || !is_one_of(rec[i], {"E11", "E12"}) || !known(dec.date(i))) continue;
    if (std::find(it->second.begin(), it->second.end(), dec.date(i)) != it->second.end()) out.add(*eps, i);
  }
}

// Of several decisions to place, each but the latest has been reversed.
KITH_903_RULE("583", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"});
  if (!pa) return;
  out.checked(*pa);
  const Column& ceased = col(*pa, "DATE_PLACED_CEASED");
  for (const auto& [child, rows] : by_child_sorted(*pa, "DATE_PLACED"))
    for (std::size_t k = 0; !child.empty() && k + 1 < rows.size(); ++k)
      if (ceased.null(rows[k])) out.add(*pa, rows[k]);
}

// A new decision to place may not start while the previous one is open nor before it ceased.
KITH_903_RULE("579", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"});
  if (!pa) return;
  out.checked(*pa);
  const Column &placed = col(*pa, "DATE_PLACED"), &ceased = col(*pa, "DATE_PLACED_CEASED");
  each_consecutive(*pa, "DATE_PLACED", [&](std::size_t prev, std::size_t cur) {
    if (known(placed.date(cur)) && (!known(ceased.date(prev)) || placed.date(cur) < ceased.date(prev))) out.add(*pa, cur);
  });
}

// Children adopted this year (E11, E12 ceasing in the year).
ChildSet adopted_this_year(const RuleInput& in, const Table& eps) {
  const Column &rec = col(eps, "REC"), &dec = col(eps, "DEC");
  return children_where(eps, [&](std::size_t i) { return is_one_of(rec[i], {"E11", "E12"}) && in_year(dec.date(i), in.meta()); });
}

// Children adopted this year have every adopters' field completed.
KITH_903_RULE("601", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"});
  if (!eps || !ad1 || !in.meta().collection_start || !in.meta().collection_end) return;
  out.checked(*eps);
  out.checked(*ad1);
  std::unordered_map<std::string_view, bool> complete;  // child -> every AD1 row complete
  const Column& ac = col(*ad1, "CHILD");
  for (std::size_t a = 0; a < ad1->rows(); ++a) {
    bool full = true;
    for (std::string_view f : kAdopterFields) full = full && !col(*ad1, f).null(a);
    auto [it, inserted] = complete.emplace(ac[a], full);
    if (!inserted) it->second = it->second && full;
  }
  const Column &child = col(*eps, "CHILD"), &rec = col(*eps, "REC"), &dec = col(*eps, "DEC");
  ChildSet incomplete;
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (!is_one_of(rec[i], {"E11", "E12"}) || !in_year(dec.date(i), in.meta())) continue;
    auto it = complete.find(child[i]);
    if (it != complete.end() && it->second) continue;
    out.add(*eps, i);
    incomplete.insert(child[i]);
  }
  for (std::size_t a = 0; a < ad1->rows(); ++a) {
    bool full = true;
    for (std::string_view f : kAdopterFields) full = full && !col(*ad1, f).null(a);
    if (!full && incomplete.count(ac[a])) out.add(*ad1, a);
  }
}

// Adopters' details only for children adopted this year.
KITH_903_RULE("602", kBothRuleSets) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  const Table* ad1 = with_columns(in, "AD1", {"CHILD"});
  if (!eps || !ad1 || !in.meta().collection_start || !in.meta().collection_end) return;
  out.checked(*ad1);
  ChildSet adopted = adopted_this_year(in, *eps);
  const Column& child = col(*ad1, "CHILD");
  for (std::size_t a = 0; a < ad1->rows(); ++a)
    if (adopter_details(*ad1, a) && !adopted.count(child[a])) out.add(*ad1, a);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
