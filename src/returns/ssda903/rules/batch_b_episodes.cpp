// Episode rules (batch B): reasons for new episodes against the episode before,
// episodes in order, legal status and placement codes, ages at leaving care,
// and the first episode of the year against last year's open episode.
#include <cmath>

#include "returns/ssda903/rules/batch_b_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_b;

// Flags Episodes and Header rows where REC is one of `codes` and bad(age in whole years at DEC) holds.
template <typename Bad>
void check_age_at_leaving(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> codes, bool flag_header, Bad bad) {
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  if (!eps || !header) return;
  out.checked(*eps);
  if (flag_header) out.checked(*header);
  auto header_row = row_by_child(*header);
  const Column &child = col(*eps, "CHILD"), &dec = col(*eps, "DEC"), &rec = col(*eps, "REC"), &dob = col(*header, "DOB");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = header_row.find(child[i]);
    if (it == header_row.end() || !is_one_of(rec[i], codes) || !known(dec.date(i)) || !known(dob.date(it->second))) continue;
    if (!bad(age_on(dob.date(it->second), dec.date(i)))) continue;
    out.add(*eps, i);
    if (flag_header) out.add(*header, it->second);
  }
}

// Special guardianship and residence orders (E45-E48) end at 18.
KITH_903_RULE("407", kBothRuleSets) {
  check_age_at_leaving(in, out, {"E45", "E46", "E47", "E48"}, true, [](int age) { return age >= 18; });
}

// Staying put (E17) is for young people of 18 or over.
KITH_903_RULE("460", kBothRuleSets) {
  check_age_at_leaving(in, out, {"E17"}, false, [](int age) { return age < 18; });
}

// Respite under V3 and under V4 for the same child in one year.
KITH_903_RULE("426", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "LS"});
  if (!t) return;
  out.checked(*t);
  const Column& ls = col(*t, "LS");
  ChildSet v3 = children_where(*t, [&](std::size_t i) { return ls[i] == "V3"; });
  ChildSet v4 = children_where(*t, [&](std::size_t i) { return ls[i] == "V4"; });
  const Column& child = col(*t, "CHILD");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_respite(ls[i]) && v3.count(child[i]) && v4.count(child[i])) out.add(*t, i);
}

KITH_903_RULE("431", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "RNE", "DECOM", "DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &decom = col(*t, "DECOM"), &dec = col(*t, "DEC");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t cur) {
    if (rne[cur] == "S" && known(dec.date(prev)) && dec.date(prev) == decom.date(cur)) out.add(*t, cur);
  });
}

KITH_903_RULE("432", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "RNE", "DECOM", "REC"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &rec = col(*t, "REC");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t cur) {
    if (!rec.null(prev) && rec[prev] != "X1" && rne[cur] != "S") out.add(*t, cur);
  });
}

KITH_903_RULE("433", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "RNE", "DECOM", "DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &decom = col(*t, "DECOM"), &dec = col(*t, "DEC");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t cur) {
    if (is_one_of(rne[cur], {"P", "B", "T", "U"}) && known(dec.date(prev)) && known(decom.date(cur)) && dec.date(prev) != decom.date(cur))
      out.add(*t, cur);
  });
}

// A change of legal status (L), placement (P) or both (B) must show in the
// episode: LS against the previous episode's, and the placement (postcode, URN,
// placement type, provider) against the previous episode's.
void check_reason_for_change(const RuleInput& in, Flags& out, std::string_view reason, bool status_changes, bool placement_changes) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE", "LS", "PL_POST", "URN", "PLACE", "PLACE_PROVIDER"});
  if (!t) return;
  out.checked(*t);
  const Column &rne = col(*t, "RNE"), &ls = col(*t, "LS");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t cur) {
    if (rne[cur] != reason) return;
    bool status_changed = ls[prev] != ls[cur];
    bool placement_changed = false;
    for (std::string_view c : {"PL_POST", "URN", "PLACE", "PLACE_PROVIDER"})
      placement_changed = placement_changed || col(*t, c)[prev] != col(*t, c)[cur];
    if (status_changed != status_changes || placement_changed != placement_changes) out.add(*t, cur);
  });
}

KITH_903_RULE("434", kBothRuleSets) { check_reason_for_change(in, out, "L", true, false); }
KITH_903_RULE("435", kBothRuleSets) { check_reason_for_change(in, out, "P", false, true); }
KITH_903_RULE("436", kBothRuleSets) { check_reason_for_change(in, out, "B", true, true); }

// Died (E2) or aged 18 (E15) ends care: no episode may follow.
KITH_903_RULE("437", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "REC"});
  if (!t) return;
  out.checked(*t);
  const Column& rec = col(*t, "REC");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t) {
    if (is_one_of(rec[prev], {"E2", "E15"})) out.add(*t, prev);
  });
}

// Placement orders (E1) date from the Adoption and Children Act 2002's commencement, December 2005.
KITH_903_RULE("446", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"LS", "DECOM"});
  if (!t) return;
  out.checked(*t);
  const Day commencement = to_day(Date::ymd(2005, 12, 1));
  const Column &ls = col(*t, "LS"), &decom = col(*t, "DECOM");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (ls[i] == "E1" && known(decom.date(i)) && decom.date(i) < commencement) out.add(*t, i);
}

KITH_903_RULE("501", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC");
  each_consecutive(*t, "DECOM", [&](std::size_t prev, std::size_t cur) {
    if (known(dec.date(prev)) && known(decom.date(cur)) && decom.date(cur) < dec.date(prev)) out.add(*t, cur);
  });
}

// The category of need stays that of the start of the period of care; a period
// continues while the previous episode ended X1 on the day this one started.
KITH_903_RULE("504", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "REC", "CIN"});
  if (!t) return;
  out.checked(*t);
  const Column &decom = col(*t, "DECOM"), &dec = col(*t, "DEC"), &rec = col(*t, "REC"), &cin = col(*t, "CIN");
  for (const auto& [child, rows] : by_child_sorted(*t, "DECOM")) {
    if (child.empty()) continue;
    std::size_t start = rows[0];
    for (std::size_t k = 1; k < rows.size(); ++k) {
      std::size_t prev = rows[k - 1], cur = rows[k];
      bool continues = rec[prev] == "X1" && known(dec.date(prev)) && dec.date(prev) == decom.date(cur);
      if (!continues)
        start = cur;
      else if (cin[cur] != cin[start])
        out.add(*t, cur);
    }
  }
}

// Leaving care to former foster carers (E45, E46) follows a foster placement (U1-U6).
KITH_903_RULE("516", kBothRuleSets) {
  const Table* t = with_columns(in, "Episodes", {"REC", "PLACE"});
  if (!t) return;
  out.checked(*t);
  const Column &rec = col(*t, "REC"), &place = col(*t, "PLACE");
  for (std::size_t i = 0; i < t->rows(); ++i)
    if (is_one_of(rec[i], {"E45", "E46"}) && !is_one_of(place[i], {"U1", "U2", "U3", "U4", "U5", "U6"})) out.add(*t, i);
}

// Episodes that began before this year are in last year's return.
KITH_903_RULE("562", kBothRuleSets) {
  const Table* now = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  const Table* last = with_columns(in, "Episodes_last", {"CHILD", "DECOM"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!now || !last || !start) return;
  out.checked(*now);
  std::unordered_map<std::string_view, std::vector<Day>> before;
  const Column &lc = col(*last, "CHILD"), &ld = col(*last, "DECOM");
  for (std::size_t i = 0; i < last->rows(); ++i) before[lc[i]].push_back(ld.date(i));
  const Column &c = col(*now, "CHILD"), &d = col(*now, "DECOM");
  for (std::size_t i = 0; i < now->rows(); ++i) {
    if (!known(d.date(i)) || d.date(i) >= *start) continue;
    auto it = before.find(c[i]);
    bool carried = it != before.end() && std::find(it->second.begin(), it->second.end(), d.date(i)) != it->second.end();
    if (!carried) out.add(*now, i);
  }
}

// For each child in both years whose latest episode last year is still open,
// calls bad(first episode this year, that episode) and flags this year's episode.
template <typename Bad>
void check_first_against_open_last(const RuleInput& in, Flags& out, std::initializer_list<std::string_view> fields, Bad bad) {
  const Table* now = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  const Table* last = with_columns(in, "Episodes_last", {"CHILD", "DECOM", "DEC"});
  if (!now || !last) return;
  for (std::string_view f : fields)
    if (!now->column(f) || !last->column(f)) return;
  out.checked(*now);
  auto latest = extreme_row_by_child(*last, "DECOM", false);
  const Column& last_dec = col(*last, "DEC");
  for (const auto& [child, first] : extreme_row_by_child(*now, "DECOM", true)) {
    auto it = latest.find(child);
    if (it != latest.end() && last_dec.null(it->second) && bad(first, it->second)) out.add(*now, first);
  }
}

// Flags the first episode this year whose field differs from last year's open episode.
void check_carried_field(const RuleInput& in, Flags& out, std::string_view field) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {field}, [&](std::size_t a, std::size_t b) { return col(*now, field)[a] != col(*last, field)[b]; });
}

// Placement distances differ when only one is known or they differ by 0.2 miles or more.
bool distances_differ(const Column& a, std::size_t i, const Column& b, std::size_t j) {
  if (a.null(i) || b.null(j)) return a.null(i) != b.null(j);
  std::optional<double> x = a.number(i), y = b.number(j);
  if (!x || !y) return a[i] != b[j];
  return std::abs(*x - *y) >= 0.2 - 1e-9;
}

KITH_903_RULE("502", kBothRuleSets) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {}, [&](std::size_t a, std::size_t b) {
    return col(*now, "DECOM").date(a) != col(*last, "DECOM").date(b);
  });
}

KITH_903_RULE("503A", kBothRuleSets) { check_carried_field(in, out, "RNE"); }
KITH_903_RULE("503B", kBothRuleSets) { check_carried_field(in, out, "LS"); }
KITH_903_RULE("503C", kBothRuleSets) { check_carried_field(in, out, "CIN"); }
KITH_903_RULE("503E", kBothRuleSets) { check_carried_field(in, out, "PLACE_PROVIDER"); }
KITH_903_RULE("503F", kBothRuleSets) { check_carried_field(in, out, "URN"); }
KITH_903_RULE("503H", kBothRuleSets) { check_carried_field(in, out, "PL_LA"); }
KITH_903_RULE("503J", kBothRuleSets) { check_carried_field(in, out, "PL_LOCATION"); }

// From 2025/26 "other placements" Z1 is split into Z11-Z14: Z1 last year matches any of them.
KITH_903_RULE("503D", kBothRuleSets) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {"PLACE"}, [&](std::size_t a, std::size_t b) {
    std::string_view p = col(*now, "PLACE")[a], before = col(*last, "PLACE")[b];
    if (before == "Z1" && is_one_of(p, {"Z11", "Z12", "Z13", "Z14"})) return false;
    return p != before;
  });
}

KITH_903_RULE("503G", kBothRuleSets) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {"PL_DISTANCE"}, [&](std::size_t a, std::size_t b) {
    return distances_differ(col(*now, "PL_DISTANCE"), a, col(*last, "PL_DISTANCE"), b);
  });
}

// As 503H and 503G, for continuing episodes: the same reason for new episode as last year's open one.
KITH_903_RULE("452", kBothRuleSets) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {"RNE", "PL_LA"}, [&](std::size_t a, std::size_t b) {
    return col(*now, "RNE")[a] == col(*last, "RNE")[b] && col(*now, "PL_LA")[a] != col(*last, "PL_LA")[b];
  });
}

KITH_903_RULE("453", kBothRuleSets) {
  const Table* now = in.table("Episodes");
  const Table* last = in.table("Episodes_last");
  check_first_against_open_last(in, out, {"RNE", "PL_DISTANCE"}, [&](std::size_t a, std::size_t b) {
    return col(*now, "RNE")[a] == col(*last, "RNE")[b] && distances_differ(col(*now, "PL_DISTANCE"), a, col(*last, "PL_DISTANCE"), b);
  });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
