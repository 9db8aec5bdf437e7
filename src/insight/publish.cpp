#include "insight/publish.h"

#include <xlsxwriter.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "insight/suppression.h"
#include "io/csv.h"

namespace kith::insight {
namespace {

constexpr const char* kAttribution = "Contains public sector information licensed under the Open Government Licence v3.0.";

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

int decimals_for(Unit u) { return u == Unit::kRatio ? 2 : (u == Unit::kPer10k || u == Unit::kPercent) ? 1 : 0; }

// Counts of children are whole; FTE and days are not, so they keep one decimal.
std::string amount(double v, const IndicatorDef& d) { return d.counts_children || d.unit == Unit::kPounds ? fixed(v, 0) : fixed(v, 1); }

// Suppresses rows[first, last) of one indicator: rows[first] is "All", the rest its slices.
void suppress_indicator(const std::vector<IndicatorRow>& rows, std::size_t first, std::size_t last, std::vector<PublishedRow>& out) {
  auto table = [&](auto get) {
    std::vector<std::int64_t> parts;
    for (std::size_t i = first + 1; i < last; ++i) parts.push_back(std::llround(get(rows[i])));
    return suppress(parts, std::llround(get(rows[first])));
  };
  auto num = table([](const IndicatorRow& r) { return r.numerator; });
  auto den = table([](const IndicatorRow& r) { return r.denominator.value_or(0); });
  for (std::size_t i = first; i < last; ++i) {
    bool n_hidden = i == first ? num.total_hidden : num.hidden[i - first - 1];
    bool d_hidden = rows[i].denominator && (i == first ? den.total_hidden : den.hidden[i - first - 1]);
    auto& p = out[i];
    if (n_hidden) p.numerator = "c";
    if (d_hidden) p.denominator = "c";
    if ((n_hidden || d_hidden) && !p.value.empty()) p.value = "c";
  }
}

std::vector<std::string> fields(const PublishedRow& r, const Period& period, Slice slice) {
  return {period.label, std::string(slice_name(slice)), r.slice_value, std::string(r.def->id), std::string(r.def->label), r.numerator,
          r.denominator, r.value, std::string(unit_name(r.def->unit)), std::string(polarity_name(r.def->polarity)),
          std::string(r.def->lait_code), r.note};
}

const std::vector<std::string> kColumns = {"period", "slice", "slice_value", "indicator", "label", "numerator", "denominator",
                                           "value", "unit", "polarity", "lait_code", "note"};

}  // namespace

std::vector<PublishedRow> publish(const std::vector<IndicatorRow>& rows) {
  std::vector<PublishedRow> out;
  for (const auto& r : rows) {
    bool derivable = r.value || r.numerator != 0 || r.denominator;
    out.push_back({r.def, r.slice_value, derivable ? amount(r.numerator, *r.def) : "",
                   r.denominator ? amount(*r.denominator, *r.def) : "", r.value ? fixed(*r.value, decimals_for(r.def->unit)) : "", r.note});
  }
  for (std::size_t first = 0; first < rows.size();) {
    std::size_t last = first + 1;
    while (last < rows.size() && rows[last].def == rows[first].def) ++last;
    if (rows[first].def->counts_children) suppress_indicator(rows, first, last, out);
    first = last;
  }
  return out;
}

std::string to_csv(const std::vector<PublishedRow>& rows, const Period& period, Slice slice) {
  auto line = [](const std::vector<std::string>& f) {
    std::string s;
    for (std::size_t i = 0; i < f.size(); ++i) s += (i ? "," : "") + io::csv_field(f[i]);
    return s + "\n";
  };
  std::string out = line(kColumns);
  for (const auto& r : rows) out += line(fields(r, period, slice));
  return out;
}

std::string to_json(const std::vector<PublishedRow>& rows, const Period& period, Slice slice) {
  nlohmann::ordered_json j = {{"period", period.label}, {"start", period.start.iso()}, {"end", period.end.iso()},
                              {"slice", slice_name(slice)}, {"attribution", kAttribution}, {"indicators", nlohmann::json::array()}};
  for (const auto& r : rows) {
    auto& list = j["indicators"];
    if (list.empty() || list.back()["id"] != r.def->id)
      list.push_back({{"id", r.def->id}, {"label", r.def->label}, {"unit", unit_name(r.def->unit)},
                      {"polarity", polarity_name(r.def->polarity)}, {"lait_code", r.def->lait_code},
                      {"definition", r.def->definition}, {"rows", nlohmann::json::array()}});
    list.back()["rows"].push_back({{"slice_value", r.slice_value}, {"numerator", r.numerator}, {"denominator", r.denominator},
                                   {"value", r.value}, {"note", r.note}});
  }
  return j.dump(2) + "\n";
}

Status write_xlsx(const std::vector<PublishedRow>& rows, const Period& period, Slice slice, const std::string& path) {
  lxw_workbook* book = workbook_new(path.c_str());
  if (!book) return Status::io("cannot create " + path);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Indicators");
  for (std::size_t c = 0; c < kColumns.size(); ++c) worksheet_write_string(sheet, 0, lxw_col_t(c), kColumns[c].c_str(), nullptr);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    auto f = fields(rows[r], period, slice);
    for (std::size_t c = 0; c < f.size(); ++c) {
      char* end = nullptr;
      double v = std::strtod(f[c].c_str(), &end);
      bool numeric = c >= 5 && c <= 7 && !f[c].empty() && end && *end == '\0';  // numerator, denominator, value
      if (numeric) worksheet_write_number(sheet, lxw_row_t(r + 1), lxw_col_t(c), v, nullptr);
      else worksheet_write_string(sheet, lxw_row_t(r + 1), lxw_col_t(c), f[c].c_str(), nullptr);
    }
  }
  lxw_worksheet* defs = workbook_add_worksheet(book, "Definitions");
  const char* head[] = {"indicator", "label", "unit", "polarity", "lait_code", "definition"};
  for (int c = 0; c < 6; ++c) worksheet_write_string(defs, 0, lxw_col_t(c), head[c], nullptr);
  lxw_row_t r = 1;
  for (const auto& d : indicator_catalogue()) {
    std::string cells[] = {std::string(d.id), std::string(d.label), std::string(unit_name(d.unit)), std::string(polarity_name(d.polarity)),
                           std::string(d.lait_code), std::string(d.definition)};
    for (int c = 0; c < 6; ++c) worksheet_write_string(defs, r, lxw_col_t(c), cells[c].c_str(), nullptr);
    ++r;
  }
  worksheet_write_string(defs, r + 1, 0, kAttribution, nullptr);
  return workbook_close(book) == LXW_NO_ERROR ? Status::ok() : Status::io("cannot write " + path);
}

}  // namespace kith::insight
