// Indicator tables as they leave the system: suppressed (suppression.h),
// rounded as DfE publishes, with no child identifiers, written as CSV, JSON
// or XLSX.
//
// Thread-safety: pure functions; write_xlsx writes only the named file.
#pragma once

#include <string>
#include <vector>

#include "insight/indicators.h"
#include "model/result.h"

namespace kith::insight {

struct PublishedRow {
  const IndicatorDef* def = nullptr;
  std::string slice_value, numerator, denominator, value;  // numbers as text, "c" suppressed, "" not applicable
  std::string note;
};

// Suppresses each children-counting indicator's slice table (numerators and
// denominators separately, "All" as the total) and rounds values: 1 decimal for
// rates and percentages, 2 for ratios, whole numbers for counts and pounds. A
// value is "c" when its numerator or denominator is.
std::vector<PublishedRow> publish(const std::vector<IndicatorRow>& rows);

// One line per row; header: period,slice,slice_value,indicator,label,numerator,denominator,value,unit,polarity,lait_code,note.
std::string to_csv(const std::vector<PublishedRow>& rows, const Period& period, Slice slice);
// {"period", "slice", "attribution", "indicators": [{id, label, unit, polarity, lait_code, definition, rows: [...]}]}.
std::string to_json(const std::vector<PublishedRow>& rows, const Period& period, Slice slice);
// A workbook with an "Indicators" sheet (the CSV's columns) and a "Definitions" sheet.
Status write_xlsx(const std::vector<PublishedRow>& rows, const Period& period, Slice slice, const std::string& path);

}  // namespace kith::insight
