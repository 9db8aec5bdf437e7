// Adoption dates (PlacedAdoption, AD1) against episodes and Header, and the
// Ofsted URN checks against the provider list in the metadata (provider_info).
#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

// Per child, the episode row chosen by better(a, b) among rows where eligible(row).
template <typename Eligible, typename Better>
std::unordered_map<std::string_view, std::size_t> pick_episode(const Table& eps, Eligible eligible, Better better) {
  std::unordered_map<std::string_view, std::size_t> out;
  const Column& child = col(eps, "CHILD");
  for (std::size_t i = 0; i < eps.rows(); ++i) {
    if (!eligible(i)) continue;
    auto [it, inserted] = out.emplace(child[i], i);
    if (!inserted && better(i, it->second)) it->second = i;
  }
  return out;
}

// Date of decision to place / no longer place for adoption after the year end or after care ended.
KITH_903_RULE("117", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DEC", "REC"});
  const std::optional<Day> end = in.meta().collection_end;
  if (!pa || !eps || !end) return;
  out.checked(*pa);
  out.checked(*eps);
  const Column &dec = col(*eps, "DEC"), &rec = col(*eps, "REC");
  auto ceased = pick_episode(
      *eps, [&](std::size_t i) { return dec.date(i) != kNoDate && rec[i] != "X1"; },
      [&](std::size_t a, std::size_t b) { return dec.date(a) > dec.date(b); });
  const Column &child = col(*pa, "CHILD"), &placed = col(*pa, "DATE_PLACED"), &stopped = col(*pa, "DATE_PLACED_CEASED");
  for (std::size_t i = 0; i < pa->rows(); ++i) {
    auto it = ceased.find(child[i]);
    Day left = it == ceased.end() ? kNoDate : dec.date(it->second);
    bool bad = false;
    for (Day d : {placed.date(i), stopped.date(i)})
      if (d != kNoDate && (d > *end || (left != kNoDate && d > left))) bad = true;
    if (!bad) continue;
    out.add(*pa, i);
    if (it != ceased.end()) out.add(*eps, it->second);
  }
}

// Date of decision to no longer place for adoption before the year or before care started.
KITH_903_RULE("118", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED_CEASED"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "LS"});
  const std::optional<Day> start = in.meta().collection_start;
  if (!pa || !eps || !start) return;
  out.checked(*pa);
  out.checked(*eps);
  const Column &decom = col(*eps, "DECOM"), &ls = col(*eps, "LS");
  auto first = pick_episode(
      *eps, [&](std::size_t i) { return decom.date(i) != kNoDate && !is_respite(ls[i]); },
      [&](std::size_t a, std::size_t b) { return decom.date(a) < decom.date(b); });
  const Column &child = col(*pa, "CHILD"), &stopped = col(*pa, "DATE_PLACED_CEASED");
  for (std::size_t i = 0; i < pa->rows(); ++i) {
    auto it = first.find(child[i]);
    Day d = stopped.date(i);
    if (d == kNoDate || it == first.end()) continue;
    if (d < *start || d < decom.date(it->second)) {
      out.add(*pa, i);
      out.add(*eps, it->second);
    }
  }
}

KITH_903_RULE("184", kBothRuleSets) {
  const Table* pa = with_columns(in, "PlacedAdoption", {"CHILD", "DATE_PLACED"});
  const Table* header = with_columns(in, "Header", {"CHILD", "DOB"});
  if (!pa || !header) return;
  out.checked(*pa);
  auto dobs = dob_by_child(*header);
  const Column &child = col(*pa, "CHILD"), &placed = col(*pa, "DATE_PLACED");
  for (std::size_t i = 0; i < pa->rows(); ++i) {
    auto it = dobs.find(child[i]);
    if (it != dobs.end() && placed.date(i) != kNoDate && placed.date(i) < it->second) out.add(*pa, i);
  }
}

// Flags `table` rows whose `date` precedes the DECOM of the child's first (or latest)
// episode starting a period of care (RNE S), and that episode.
void check_before_care_started(const RuleInput& in, Flags& out, std::string_view table, std::string_view date, bool latest) {
  const Table* t = with_columns(in, table, {"CHILD", date});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "RNE"});
  if (!t || !eps) return;
  out.checked(*t);
  out.checked(*eps);
  const Column &decom = col(*eps, "DECOM"), &rne = col(*eps, "RNE");
  auto started = pick_episode(
      *eps, [&](std::size_t i) { return decom.date(i) != kNoDate && rne[i] == "S"; },
      [&](std::size_t a, std::size_t b) { return latest ? decom.date(a) > decom.date(b) : decom.date(a) < decom.date(b); });
  const Column &child = col(*t, "CHILD"), &d = col(*t, date);
  for (std::size_t i = 0; i < t->rows(); ++i) {
    auto it = started.find(child[i]);
    if (it != started.end() && d.date(i) != kNoDate && d.date(i) < decom.date(it->second)) {
      out.add(*t, i);
      out.add(*eps, it->second);
    }
  }
}

KITH_903_RULE("1003", kBothRuleSets) { check_before_care_started(in, out, "PlacedAdoption", "DATE_PLACED", false); }
KITH_903_RULE("334", kBothRuleSets) { check_before_care_started(in, out, "AD1", "DATE_INT", true); }

// Matching comes on or before the adoption placement (the episode ending in adoption, E11/E12).
KITH_903_RULE("331", kBothRuleSets) {
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", "DATE_MATCH"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "DECOM", "REC"});
  if (!ad1 || !eps) return;
  out.checked(*ad1);
  out.checked(*eps);
  ChildRows adopted;
  const Column &ec = col(*eps, "CHILD"), &decom = col(*eps, "DECOM"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (is_one_of(rec[i], {"E11", "E12"}) && decom.date(i) != kNoDate) adopted[ec[i]].push_back(i);
  const Column &child = col(*ad1, "CHILD"), &match = col(*ad1, "DATE_MATCH");
  for (std::size_t i = 0; i < ad1->rows(); ++i) {
    auto it = adopted.find(child[i]);
    if (it == adopted.end() || match.date(i) == kNoDate) continue;
    for (std::size_t r : it->second)
      if (match.date(i) > decom.date(r)) {
        out.add(*ad1, i);
        out.add(*eps, r);
      }
  }
}

// Adopted by current foster carers (FOSTER_CARE 1) matches the last placement (A2, A3, A5) and vice versa.
KITH_903_RULE("335", kBothRuleSets) {
  const Table* ad1 = with_columns(in, "AD1", {"CHILD", "FOSTER_CARE"});
  const Table* eps = with_columns(in, "Episodes", {"CHILD", "PLACE", "REC"});
  if (!ad1 || !eps) return;
  out.checked(*ad1);
  out.checked(*eps);
  const ChildRows& foster = rows_by_child(*ad1);
  const Column &fc = col(*ad1, "FOSTER_CARE"), &ec = col(*eps, "CHILD"), &place = col(*eps, "PLACE"), &rec = col(*eps, "REC");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    auto it = foster.find(ec[i]);
    if (it == foster.end() || !is_one_of(rec[i], {"E1", "E11", "E12"})) continue;
    for (std::size_t a : it->second) {
      bool bad = (fc[a] == "0" && is_one_of(place[i], {"A2", "A3", "A5"})) || (fc[a] == "1" && is_one_of(place[i], {"A1", "A4", "A6"}));
      if (bad) {
        out.add(*eps, i);
        out.add(*ad1, a);
      }
    }
  }
}

// --- Ofsted URNs against provider_info ---

// The provider_info rows of each URN.
ChildRows providers_by_urn(const Table& providers) {
  ChildRows out;
  const Column& urn = col(providers, "URN");
  for (std::size_t i = 0; i < providers.rows(); ++i)
    if (!urn.null(i)) out[urn[i]].push_back(i);
  return out;
}

bool in_comma_list(std::string_view list, std::string_view code) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == code) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

std::string without_spaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return upper(out);
}

// Flags episodes with a URN known to provider_info where bad(episodes, row, providers, provider_rows) holds.
template <typename Bad>
void check_urn(const RuleInput& in, Flags& out, std::string_view provider_column, std::initializer_list<std::string_view> columns, Bad bad) {
  const Table* providers = providers_with(in, provider_column);
  const Table* eps = with_columns(in, "Episodes", {"URN"});
  if (!providers || !eps) return;
  for (std::string_view c : columns)
    if (!eps->column(c)) return;
  out.checked(*eps);
  ChildRows by_urn = providers_by_urn(*providers);
  const Column& urn = col(*eps, "URN");
  for (std::size_t i = 0; i < eps->rows(); ++i) {
    if (urn.null(i)) continue;
    auto it = by_urn.find(urn[i]);
    if (it != by_urn.end() && bad(*eps, i, *providers, it->second)) out.add(*eps, i);
  }
}

KITH_903_RULE("1008", kBothRuleSets) {
  const Table* providers = providers_with(in, "URN");
  const Table* eps = with_columns(in, "Episodes", {"URN"});
  if (!providers || !eps) return;
  out.checked(*eps);
  ChildRows by_urn = providers_by_urn(*providers);
  const Column& urn = col(*eps, "URN");
  for (std::size_t i = 0; i < eps->rows(); ++i)
    if (!urn.null(i) && urn[i] != "XXXXXXX" && !by_urn.count(urn[i])) out.add(*eps, i);
}

KITH_903_RULE("219", kBothRuleSets) {
  check_urn(in, out, "PLACE_CODES", {"PLACE"}, [](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    for (std::size_t r : rows)
      if (in_comma_list(col(p, "PLACE_CODES")[r], col(t, "PLACE")[i])) return false;
    return true;
  });
}

KITH_903_RULE("224", kBothRuleSets) {
  check_urn(in, out, "PROVIDER_CODES", {"PLACE_PROVIDER"}, [](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    for (std::size_t r : rows)
      if (in_comma_list(col(p, "PROVIDER_CODES")[r], col(t, "PLACE_PROVIDER")[i])) return false;
    return true;
  });
}

KITH_903_RULE("221", kBothRuleSets) {
  check_urn(in, out, "POSTCODE", {"PL_POST"}, [](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    const Column& pl = col(t, "PL_POST");
    if (pl.null(i)) return false;
    for (std::size_t r : rows)
      if (without_spaces(col(p, "POSTCODE")[r]) == without_spaces(pl[i])) return false;
    return true;
  });
}

// The provider's registration ended on or before the episode started.
KITH_903_RULE("227", kBothRuleSets) {
  check_urn(in, out, "REG_END", {"DECOM"}, [](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    Day decom = col(t, "DECOM").date(i);
    if (decom == kNoDate) return false;
    for (std::size_t r : rows)
      if (Day end = col(p, "REG_END").date(r); end != kNoDate && decom >= end) return true;
    return false;
  });
}

// The provider's registration ended before the episode did (an open episode runs to the year end).
KITH_903_RULE("228", kBothRuleSets) {
  const std::optional<Day> year_end = in.meta().collection_end;
  check_urn(in, out, "REG_END", {"DEC"}, [&](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    const Column& dec = col(t, "DEC");
    Day d = dec.null(i) ? (year_end ? *year_end : kNoDate) : dec.date(i);
    if (d == kNoDate) return false;
    for (std::size_t r : rows)
      if (Day end = col(p, "REG_END").date(r); end != kNoDate && d > end) return true;
    return false;
  });
}

// Own provision (PR1) is in the LA's area and other LA provision (PR2) is not.
KITH_903_RULE("229", kBothRuleSets) {
  const std::string& la = in.meta().local_authority;
  check_urn(in, out, "LA_CODE_INFERRED", {"PLACE_PROVIDER"}, [&](const Table& t, std::size_t i, const Table& p, const std::vector<std::size_t>& rows) {
    std::string_view provider = col(t, "PLACE_PROVIDER")[i];
    for (std::size_t r : rows) {
      std::string_view inferred = col(p, "LA_CODE_INFERRED")[r];
      if ((provider == "PR1" && inferred != la) || (provider == "PR2" && inferred == la)) return true;
    }
    return false;
  });
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
