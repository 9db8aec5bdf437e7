// What the council maintains itself for its quarterly report: targets (for the
// red/amber/green rating) and commentary. Both are small files a performance
// analyst edits; formats in docs/INSIGHT.md "Quarterly report".
//
//   targets.csv     indicator,target,direction,amber_tolerance
//                   re_referrals_pct,20,lower_is_better,2
//   commentary.csv  indicator,text             (or the markdown-ish form:)
//   commentary.md   ## re_referrals_pct
//                   Text, any number of lines, up to the next "## " heading.
//
// Thread-safety: values and pure functions; read_* read only the named file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"

namespace kith::report {

enum class Direction { kHigherIsBetter, kLowerIsBetter };

struct Target {
  std::string indicator;
  double target = 0;
  Direction direction = Direction::kLowerIsBetter;
  double amber_tolerance = 0;  // in the indicator's own unit (points for a %, per 10,000 for a rate)
};

// Red/amber/green against a target. kNoTarget: the council set none; kNotRated:
// the value is suppressed ("c") or not available, so it cannot be rated.
enum class Rag { kNoTarget, kNotRated, kGreen, kAmber, kRed };
std::string_view rag_label(Rag r);  // "Green", "Amber", "Red", "No target", "Not rated"

// Rates a published value (the text the reader sees: a number, "c" or "") against
// the target: Green when at or better than the target, Amber when worse by no more
// than the tolerance, Red otherwise. Rating the published (rounded) value means a
// councillor can check the colour against the number in front of them.
Rag rate(std::string_view published_value, const std::optional<Target>& target);

// Parses targets CSV text. Every indicator must be one of the report's key measures
// (allowed); errors name the file, line and field ("targets.csv line 3: direction ...").
Result<std::map<std::string, Target>> parse_targets(std::string_view text, const std::string& file,
                                                    const std::vector<std::string>& allowed);
// Parses commentary, CSV (header indicator,text) or markdown-ish ("## id" headings).
// Keys must be in allowed (the measures plus "overall" and "user_numbers").
Result<std::map<std::string, std::string>> parse_commentary(std::string_view text, const std::string& file,
                                                            const std::vector<std::string>& allowed);

// Read the file then parse as above; io error naming the file when it cannot be read.
Result<std::map<std::string, Target>> read_targets(const std::string& path, const std::vector<std::string>& allowed);
Result<std::map<std::string, std::string>> read_commentary(const std::string& path, const std::vector<std::string>& allowed);

}  // namespace kith::report
