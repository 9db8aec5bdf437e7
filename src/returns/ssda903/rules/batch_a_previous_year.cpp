// Rules that compare the return with the previous year's (tables suffixed
// _last): Header details that must not change, UASC status across the two
// years, care leavers' histories of care, adoptions and episodes carried over.
#include <map>

#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

// Flags Header rows whose `field` differs from the same child's in Header_last.
void check_unchanged(const RuleInput& in, Flags& out, std::string_view field) {
  const Table* now = with_columns(in, "Header", {"CHILD", field});
  const Table* last = with_columns(in, "Header_last", {"CHILD", field});
  if (!now || !last) return;
  out.checked(*now);
  std::unordered_map<std::string_view, std::string_view> before;
  const Column &lc = col(*last, "CHILD"), &lv = col(*last, field);
  for (std::size_t i = 0; i < last->rows(); ++i) before.emplace(lc[i], lv[i]);
  const Column &c = col(*now, "CHILD"), &v = col(*now, field);
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (auto it = before.find(c[i]); it != before.end() && it->second != v[i]) out.add(*now, i);
}

KITH_903_RULE("202", kBothRuleSets) { check_unchanged(in, out, "SEX"); }
KITH_903_RULE("203", kBothRuleSets) { check_unchanged(in, out, "DOB"); }
KITH_903_RULE("204", kBothRuleSets) { check_unchanged(in, out, "ETHNIC"); }

// The UPN matches last year's, except that a real UPN may replace an unknown
// code (UN1-UN5), and UN2 or UN4 may follow UN1 (under school age) or no UPN.
KITH_903_RULE("208", kBothRuleSets) {
  const Table* now = with_columns(in, "Header", {"CHILD", "UPN"});
  const Table* last = with_columns(in, "Header_last", {"CHILD", "UPN"});
  if (!now || !last) return;
  out.checked(*now);
  std::unordered_map<std::string_view, std::string_view> before;
  const Column &lc = col(*last, "CHILD"), &lu = col(*last, "UPN");
  for (std::size_t i = 0; i < last->rows(); ++i) before.emplace(lc[i], lu[i]);
  auto unknown = [](std::string_view upn) { return is_one_of(upn, {"UN1", "UN2", "UN3", "UN4", "UN5"}); };
  const Column &c = col(*now, "CHILD"), &u = col(*now, "UPN");
  for (std::size_t i = 0; i < now->rows(); ++i) {
    auto it = before.find(c[i]);
    if (it == before.end() || it->second == u[i]) continue;
    std::string_view prev = it->second, cur = u[i];
    if (unknown(prev) && !cur.empty() && !unknown(cur)) continue;
    if (is_one_of(cur, {"UN2", "UN4"}) && (prev.empty() || prev == "UN1")) continue;
    out.add(*now, i);
  }
}

// A mother last year (MOTHER 1) is still one, for children with episodes this year.
KITH_903_RULE("207", kBothRuleSets) {
  const Table* now = with_columns(in, "Header", {"CHILD", "MOTHER"});
  const Table* last = with_columns(in, "Header_last", {"CHILD", "MOTHER"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD"});
  if (!now || !last || !eps) return;
  out.checked(*now);
  const Column& lm = col(*last, "MOTHER");
  ChildSet mothers = children_where(*last, [&](std::size_t i) { return lm[i] == "1"; });
  ChildSet looked_after = children_of(*eps);
  const Column &c = col(*now, "CHILD"), &m = col(*now, "MOTHER");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (mothers.count(c[i]) && looked_after.count(c[i]) && m[i] != "1") out.add(*now, i);
}

// Care leavers recorded as having died last year (IN_TOUCH DIED) are still so recorded.
KITH_903_RULE("348", kBothRuleSets) {
  const Table* now = with_columns(in, "OC3", {"CHILD", "IN_TOUCH"});
  const Table* last = with_columns(in, "OC3_last", {"CHILD", "IN_TOUCH"});
  if (!now || !last) return;
  out.checked(*now);
  const Column& lt = col(*last, "IN_TOUCH");
  ChildSet died = children_where(*last, [&](std::size_t i) { return lt[i] == "DIED"; });
  const Column &c = col(*now, "CHILD"), &t = col(*now, "IN_TOUCH");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (died.count(c[i]) && t[i] != "DIED") out.add(*now, i);
}

// Children who started to be looked after before this year appear in last year's episodes.
KITH_903_RULE("NoE", kBothRuleSets) {
  const Table* now = with_columns(in, "Episodes", {"CHILD", "DECOM"});
  const Table* last = with_columns(in, "Episodes_last", {"CHILD"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!now || !last || !start) return;
  out.checked(*now);
  ChildSet before = children_of(*last);
  const Column &c = col(*now, "CHILD"), &decom = col(*now, "DECOM");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (decom.date(i) != kNoDate && decom.date(i) < *start && !before.count(c[i])) out.add(*now, i);
}

// Episodes starting on or after an adoption (E11, E12) recorded this year or last.
KITH_903_RULE("199", kBothRuleSets) {
  const Table* now = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC", "REC"});
  if (!now) return;
  out.checked(*now);
  std::unordered_map<std::string_view, Day> adopted;  // earliest adoption per child
  for (const Table* t : {now, with_columns(in, "Episodes_last", {"CHILD", "DEC", "REC"})}) {
    if (!t) continue;
    const Column &c = col(*t, "CHILD"), &dec = col(*t, "DEC"), &rec = col(*t, "REC");
    for (std::size_t i = 0; i < t->rows(); ++i) {
      if (!is_one_of(rec[i], {"E11", "E12"}) || dec.date(i) == kNoDate) continue;
      auto [it, inserted] = adopted.emplace(c[i], dec.date(i));
      if (!inserted) it->second = std::min(it->second, dec.date(i));
    }
  }
  const Column &c = col(*now, "CHILD"), &decom = col(*now, "DECOM");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (auto it = adopted.find(c[i]); it != adopted.end() && decom.date(i) != kNoDate && decom.date(i) >= it->second) out.add(*now, i);
}

// Care leavers who died in care (REC E2, this year or last) have no care leaver record.
KITH_903_RULE("1000", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* now = with_columns(in, "Episodes", {"CHILD", "REC"});
  if (!oc3 || !now) return;
  out.checked(*oc3);
  ChildSet died;
  for (const Table* t : {now, with_columns(in, "Episodes_last", {"CHILD", "REC"})}) {
    if (!t) continue;
    const Column& rec = col(*t, "REC");
    died.merge(children_where(*t, [&](std::size_t i) { return rec[i] == "E2"; }));
  }
  const Column& c = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (died.count(c[i])) out.add(*oc3, i);
}

// Care leavers have episodes this year or last.
KITH_903_RULE("1002", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* now = with_columns(in, "Episodes", {"CHILD"});
  if (!oc3 || !now) return;
  out.checked(*oc3);
  ChildSet looked_after = children_of(*now);
  if (const Table* last = with_columns(in, "Episodes_last", {"CHILD"})) looked_after.merge(children_of(*last));
  const Column& c = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (!looked_after.count(c[i])) out.add(*oc3, i);
}

// A care leaver whose latest episode last year was open at the year end has episodes this year.
KITH_903_RULE("1010", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* now = with_columns(in, "Episodes", {"CHILD"});
  const Table* last = with_columns(in, "Episodes_last", {"CHILD", "DECOM", "DEC"});
  if (!oc3 || !now || !last) return;
  out.checked(*oc3);
  ChildSet this_year = children_of(*now);
  const Column& dec = col(*last, "DEC");
  ChildSet open;
  for (const auto& [child, rows] : by_child_in_decom_order(*last))
    if (dec.null(rows.back())) open.insert(child);
  const Column& c = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i)
    if (open.count(c[i]) && !this_year.count(c[i])) out.add(*oc3, i);
}

// A care leaver was a relevant or former relevant child: looked after (not on
// respite) for at least 13 weeks (91 days) from the 14th birthday, on or after
// the 16th birthday, and not adopted at the end. Uses this year's and last year's
// episodes (an episode in both counts once, the ended version preferred).
KITH_903_RULE("1001", kBothRuleSets) {
  const Table* oc3 = with_columns(in, "OC3", {"CHILD"});
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  const Table* now = with_columns(in, "Episodes", {"CHILD", "DECOM", "DEC"});
  const std::optional<Day> end = in.meta().collection_end;
  if (!oc3 || !header || !now || !end) return;
  out.checked(*oc3);
  struct Ep {
    Day decom, dec;  // dec: kNoDate when open
    bool open, respite;
    std::string_view rec;
  };
  std::unordered_map<std::string_view, std::map<Day, Ep>> episodes;  // child -> DECOM -> episode
  for (const Table* t : {with_columns(in, "Episodes_last", {"CHILD", "DECOM", "DEC"}), now}) {
    if (!t) continue;
    const Column &c = col(*t, "CHILD"), &decom = col(*t, "DECOM"), &dec = col(*t, "DEC");
    const Column *ls = t->column("LS"), *rec = t->column("REC");
    for (std::size_t i = 0; i < t->rows(); ++i) {
      if (decom.date(i) == kNoDate) continue;
      Ep e{decom.date(i), dec.date(i), dec.null(i), ls && is_respite((*ls)[i]), rec ? (*rec)[i] : std::string_view()};
      auto [it, inserted] = episodes[c[i]].emplace(e.decom, e);
      if (!inserted && it->second.open && !e.open) it->second = e;
    }
  }
  auto dobs = dob_by_child(*header);
  const Column& c = col(*oc3, "CHILD");
  for (std::size_t i = 0; i < oc3->rows(); ++i) {
    auto dob = dobs.find(c[i]);
    auto eps = episodes.find(c[i]);
    bool relevant = false;
    if (dob != dobs.end() && eps != episodes.end()) {
      Day at14 = add_years(dob->second, 14), at16 = add_years(dob->second, 16);
      int days = 0;
      bool at_16 = false;
      for (const auto& [decom, e] : eps->second) {
        Day to = e.open ? *end : e.dec;
        if (e.respite || to == kNoDate) continue;
        days += std::max(0, to - std::max(decom, at14));
        at_16 = at_16 || to >= at16;
      }
      bool adopted = is_one_of(eps->second.rbegin()->second.rec, {"E11", "E12"});
      relevant = days >= 91 && at_16 && !adopted;
    }
    if (!relevant) out.add(*oc3, i);
  }
}

// UASC this year and last: the date UASC ceased is the 18th birthday. Status
// comes from Header(_last).UASC when supplied, else from a date ceased in UASC(_last).
KITH_903_RULE("205B", kBothRuleSets) {
  const Table* uasc = with_columns(in, "UASC", {"CHILD", "DOB", "DUC"});
  if (!uasc) return;
  auto status = [&](std::string_view header_name, std::string_view uasc_name, bool& known) {
    if (const Table* h = with_columns(in, header_name, {"CHILD", "UASC"})) {
      known = true;
      const Column& u = col(*h, "UASC");
      return children_where(*h, [&](std::size_t i) { return u[i] == "1"; });
    }
    if (const Table* u = with_columns(in, uasc_name, {"CHILD", "DUC"})) {
      known = true;
      const Column& duc = col(*u, "DUC");
      return children_where(*u, [&](std::size_t i) { return !duc.null(i); });
    }
    known = false;
    return ChildSet{};
  };
  bool known_now = false, known_last = false;
  ChildSet now = status("Header", "UASC", known_now), last = status("Header_last", "UASC_last", known_last);
  if (!known_last) return;
  out.checked(*uasc);
  const Column &c = col(*uasc, "CHILD"), &dob = col(*uasc, "DOB"), &duc = col(*uasc, "DUC");
  ChildSet flagged;
  for (std::size_t i = 0; i < uasc->rows(); ++i)
    if (now.count(c[i]) && last.count(c[i]) && dob.date(i) != kNoDate && duc.date(i) != kNoDate && duc.date(i) != add_years(dob.date(i), 18)) {
      out.add(*uasc, i);
      flagged.insert(c[i]);
    }
  if (const Table* header = with_columns(in, "Header", {"CHILD", "UASC"})) {
    out.checked(*header);
    const Column& hc = col(*header, "CHILD");
    for (std::size_t i = 0; i < header->rows(); ++i)
      if (flagged.count(hc[i])) out.add(*header, i);
  }
}

// UASC this year but in last year's return without UASC status. Status comes from
// Header(_last).UASC when both are supplied (flagging Header), else from a date
// ceased in UASC(_last) (flagging UASC).
KITH_903_RULE("205D", kBothRuleSets) {
  const Table* now = with_columns(in, "Header", {"CHILD", "UASC"});
  const Table* last = with_columns(in, "Header_last", {"CHILD", "UASC"});
  std::string_view field = "UASC";
  if (!now || !last) {
    now = with_columns(in, "UASC", {"CHILD", "DUC"});
    last = with_columns(in, "UASC_last", {"CHILD", "DUC"});
    field = "DUC";
  }
  if (!now || !last) return;
  out.checked(*now);
  auto is_uasc = [&](const Table& t, std::size_t i) {
    const Column& c = col(t, field);
    return field == "UASC" ? c[i] == "1" : !c.null(i);
  };
  ChildSet known_last = children_of(*last);
  ChildSet uasc_last = children_where(*last, [&](std::size_t i) { return is_uasc(*last, i); });
  const Column& c = col(*now, "CHILD");
  for (std::size_t i = 0; i < now->rows(); ++i)
    if (is_uasc(*now, i) && known_last.count(c[i]) && !uasc_last.count(c[i])) out.add(*now, i);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
