// UASC status as entered and across two years (rules 105, 205A, 205C). What
// "UASC this year / last year" means depends on how the return was read
// (Metadata::format, set by the reader): from XML, Header(_last).UASC is what
// the LA entered (xml_reader keeps HEADER/UASC); from CSV,
// Header.UASC is derived by the importer from the UASC table, and a date UASC
// ceased in last year's UASC table also shows UASC status last year.
#include "returns/ssda903/rules/batch_a_helpers.h"

namespace kith::returns::ssda903::rules {
namespace {

using namespace batch_a;

// Children with UASC status this year: Header.UASC 1, or (no Header) the UASC table's children.
ChildSet uasc_this_year(const RuleInput& in, const Table& uasc) {
  if (const Table* h = with_columns(in, "Header", {"CHILD", "UASC"})) {
    const Column& u = col(*h, "UASC");
    return children_where(*h, [&](std::size_t i) { return u[i] == "1"; });
  }
  return children_of(uasc);
}

// Children with UASC status last year: Header_last.UASC 1; from CSV also a DUC in UASC_last.
ChildSet uasc_last_year(const RuleInput& in) {
  ChildSet out;
  if (const Table* h = with_columns(in, "Header_last", {"CHILD", "UASC"})) {
    const Column& u = col(*h, "UASC");
    out = children_where(*h, [&](std::size_t i) { return u[i] == "1"; });
  }
  if (in.meta().format == ReturnFormat::kCsv)
    if (const Table* t = with_columns(in, "UASC_last", {"CHILD", "DUC"})) {
      const Column& duc = col(*t, "DUC");
      for (std::string_view c : children_where(*t, [&](std::size_t i) { return !duc.null(i); })) out.insert(c);
    }
  return out;
}

// Flags the rows of the children in `flagged` in UASC and (when present) Header.
void flag_children(const RuleInput& in, Flags& out, const Table& uasc, const ChildSet& flagged) {
  const Column& c = col(uasc, "CHILD");
  for (std::size_t i = 0; i < uasc.rows(); ++i)
    if (flagged.count(c[i])) out.add(uasc, i);
  if (const Table* header = with_columns(in, "Header", {"CHILD"})) {
    out.checked(*header);
    const Column& hc = col(*header, "CHILD");
    for (std::size_t i = 0; i < header->rows(); ++i)
      if (flagged.count(hc[i])) out.add(*header, i);
  }
}

// UASC status is 0 or 1. From CSV the importer derives it, so only an XML return can get it wrong.
KITH_903_RULE("105", kBothRuleSets) {
  const Table* header = with_columns(in, "Header", {"UASC"});
  if (!header || in.meta().format != ReturnFormat::kXml) return;
  out.checked(*header);
  const Column& u = col(*header, "UASC");
  for (std::size_t i = 0; i < header->rows(); ++i)
    if (u[i] != "0" && u[i] != "1") out.add(*header, i);
}

// UASC last year, not this year: last year's date UASC ceased must fall before this
// collection year began (it ceased last year); a missing or later date contradicts it.
KITH_903_RULE("205A", kBothRuleSets) {
  const Table* uasc = with_columns(in, "UASC", {"CHILD", "DUC"});
  const Table* last = with_columns(in, "UASC_last", {"CHILD", "DUC"});
  if (!uasc || !last || !with_columns(in, "Header", {"CHILD", "UASC"}) || !in.meta().collection_start) return;
  out.checked(*uasc);
  std::unordered_map<std::string_view, Day> ceased_last;
  const Column &lc = col(*last, "CHILD"), &lduc = col(*last, "DUC");
  for (std::size_t i = 0; i < last->rows(); ++i) ceased_last.emplace(lc[i], lduc.date(i));
  ChildSet now = uasc_this_year(in, *uasc), before = uasc_last_year(in), flagged;
  for (std::string_view child : before) {
    if (now.count(child)) continue;
    auto it = ceased_last.find(child);
    Day ceased = it == ceased_last.end() ? kNoDate : it->second;
    if (ceased == kNoDate || ceased >= *in.meta().collection_start) flagged.insert(child);
  }
  flag_children(in, out, *uasc, flagged);
}

// Not UASC this year nor last, yet a date UASC ceased is given in either year's UASC table.
KITH_903_RULE("205C", kBothRuleSets) {
  const Table* uasc = with_columns(in, "UASC", {"CHILD", "DUC"});
  if (!uasc) return;
  out.checked(*uasc);
  ChildSet with_date;
  for (const Table* t : {uasc, with_columns(in, "UASC_last", {"CHILD", "DUC"})}) {
    if (!t) continue;
    const Column& duc = col(*t, "DUC");
    for (std::string_view c : children_where(*t, [&](std::size_t i) { return !duc.null(i); })) with_date.insert(c);
  }
  ChildSet now = uasc_this_year(in, *uasc), before = uasc_last_year(in), flagged;
  for (std::string_view child : with_date)
    if (!now.count(child) && !before.count(child)) flagged.insert(child);
  flag_children(in, out, *uasc, flagged);
}

}  // namespace
}  // namespace kith::returns::ssda903::rules
