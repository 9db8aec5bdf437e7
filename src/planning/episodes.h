// Episodes of care as they arrive, before cleaning: from SSDA903 Episodes
// and Header files (a folder per year) or from the case record's
// cla_period and placement rows. Rows that cannot be read at all (a date
// that is not a date, an unknown PLACE code) are set aside with a reason
// here; everything else is judged by clean_episodes (cleaning.h).
//
// Thread-safety: values and reentrant functions; a Database belongs to the
// calling thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/date.h"
#include "model/result.h"
#include "planning/states.h"
#include "store/database.h"

namespace kith::planning {

// A row left out of the model, and why: shown to the user, never silent.
struct Exclusion {
  std::string kind;    // the rule, for grouping: "unknown placement type", "ends before it starts", ...
  std::string where;   // "2024/Episodes.csv line 12" or "placement 310"
  std::string child;   // the CHILD id or person id; "" when the row has none
  std::string reason;  // "no start date (DECOM)", "ends before it starts", ...
};

struct EpisodeRow {
  std::int32_t child = -1;  // index into EpisodeInput::children; -1 when blank
  std::optional<Date> start, end, dob;
  char rne = 0;             // reason for new episode: S, L, P, T, B, U; 0 when blank
  SubType subtype = SubType::kOther;
  std::int32_t source = 0;  // index into EpisodeInput::sources
};

struct EpisodeInput {
  std::vector<std::string> children;  // child ids as written
  std::vector<std::string> sources;   // where each row came from, for messages
  std::vector<EpisodeRow> rows;
  std::vector<Exclusion> excluded;    // rows that could not be read
  std::optional<Date> last_date;      // the data run to here (SSDA903: the 31 March ending the latest year seen)
  std::unordered_map<std::string, std::int32_t> child_ids;  // children's inverse

  // Adds a child id (or finds it) and returns its index.
  std::int32_t child_index(const std::string& id);
  // Records where the next row comes from and returns its source index.
  std::int32_t add_source(std::string where);
  // Moves the data's last date forward to d when later.
  void note_date(const std::optional<Date>& d);
};

// Reads the Episodes and Header CSV files (names containing "episode" and
// "header", any case) of each folder; a folder holding neither is read as a
// parent of year folders. Values are upper-cased, "" is null, dates are
// dd/mm/YYYY. Later folders' dates of birth win. Invalid when a folder has
// no Episodes file or a file lacks a needed column; io when unreadable.
// The data are taken to run to the 31 March ending the latest year seen.
Result<EpisodeInput> read_903_folders(const std::vector<std::string>& folders);

// Derives the same rows from the case record: one per placement (start S
// for a period's first placement, P after it), the period's end closing an
// open placement. Changes of legal status alone are not rows: the cleaning
// would merge them back (RNE L). The data run to the latest date recorded.
Result<EpisodeInput> read_case_record(store::Database& db);

}  // namespace kith::planning
