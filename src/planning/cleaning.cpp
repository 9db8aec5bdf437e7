#include "planning/cleaning.h"

#include <algorithm>

namespace kith::planning {
namespace {

struct Row {
  std::int32_t child;
  Date start, dob;
  std::optional<Date> end;
  char rne;
  SubType subtype;
};

// An end for ordering: an open end sorts before every date (step 2's rule).
long end_key(const std::optional<Date>& end) { return end ? long(end->days().time_since_epoch().count()) : -(1L << 40); }

// Step 1: why a row cannot be used (kind and reason), or nullopt when it can.
std::optional<std::pair<std::string, std::string>> unusable(const EpisodeRow& r) {
  using Why = std::pair<std::string, std::string>;
  if (r.child < 0) return Why{"no child id", "no child id (CHILD)"};
  if (!r.start) return Why{"no start date", "no start date (DECOM)"};
  if (!r.dob) return Why{"no date of birth", "no date of birth (Header DOB)"};
  if (r.end && *r.end < *r.start)
    return Why{"ends before it starts", "ends (DEC " + r.end->dmy() + ") before it starts (DECOM " + r.start->dmy() + ")"};
  if (*r.start < *r.dob) return Why{"starts before birth", "starts before the child's date of birth"};
  if (*r.start >= birthday(*r.dob, kAgeCareEnds)) return Why{"starts at 18 or over", "starts on or after the child's 18th birthday"};
  return std::nullopt;
}

std::vector<Row> usable_rows(const EpisodeInput& in, CleaningReport& report) {
  std::vector<Row> rows;
  rows.reserve(in.rows.size());
  for (const auto& r : in.rows) {
    if (auto why = unusable(r)) {
      report.excluded.push_back({why->first, in.sources[r.source], r.child < 0 ? "" : in.children[r.child], why->second});
    } else {
      rows.push_back({r.child, *r.start, *r.dob, r.end, r.rne, r.subtype});
    }
  }
  return rows;
}

// Step 2: one row per (child, start), the one ending latest.
void drop_duplicate_starts(std::vector<Row>& rows, CleaningReport& report) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.child != b.child) return a.child < b.child;
    if (a.start != b.start) return a.start < b.start;
    return end_key(a.end) < end_key(b.end);
  });
  std::vector<Row> kept;
  kept.reserve(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    bool later_twin = i + 1 < rows.size() && rows[i + 1].child == rows[i].child && rows[i + 1].start == rows[i].start;
    if (later_twin) ++report.duplicate_starts;
    else kept.push_back(rows[i]);
  }
  rows.swap(kept);
}

// Step 3: one row per (child, end), the longer; then back in start order.
void drop_duplicate_ends(std::vector<Row>& rows, CleaningReport& report) {
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.child != b.child) return a.child < b.child;
    if (end_key(a.end) != end_key(b.end)) return end_key(a.end) < end_key(b.end);
    return a.start < b.start;
  });
  std::vector<Row> kept;
  kept.reserve(rows.size());
  for (const Row& r : rows) {
    bool shorter_twin = r.end && !kept.empty() && kept.back().child == r.child && kept.back().end == r.end;
    if (shorter_twin) ++report.duplicate_ends;
    else kept.push_back(r);
  }
  rows.swap(kept);
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.child != b.child ? a.child < b.child : a.start < b.start;
  });
}

// Step 4: open or overlapping rows end where the child's next row starts.
void end_at_next_start(std::vector<Row>& rows, CleaningReport& report) {
  for (std::size_t i = 0; i + 1 < rows.size(); ++i) {
    if (rows[i + 1].child != rows[i].child) continue;
    if (!rows[i].end || *rows[i].end > rows[i + 1].start) {
      rows[i].end = rows[i + 1].start;
      ++report.ends_moved;
    }
  }
}

// Step 5: L, T and U rows that continue the previous row are part of it.
void merge_continuations(std::vector<Row>& rows, CleaningReport& report) {
  std::vector<Row> kept;
  kept.reserve(rows.size());
  for (const Row& r : rows) {
    bool lt_u = r.rne == 'L' || r.rne == 'T' || r.rne == 'U';
    if (lt_u && !kept.empty() && kept.back().child == r.child && kept.back().end == r.start) {
      kept.back().end = r.end;
      ++report.merged;
    } else {
      kept.push_back(r);
    }
  }
  rows.swap(kept);
}

// Step 6 for one row: spells split at band birthdays, care ending at 18.
// An open row is split only at birthdays the data have reached.
void split_by_age(const Row& r, const std::optional<Date>& last_date, std::vector<CareSpell>& out, CleaningReport& report) {
  Date eighteen = birthday(r.dob, kAgeCareEnds);
  std::optional<Date> end = r.end;
  bool reached = end ? *end > eighteen : (last_date && *last_date >= eighteen);
  if (reached) {
    end = eighteen;
    ++report.ended_at_18;
  }
  Date start = r.start;
  Placement placement = placement_of(r.subtype);
  AgeBand band = *band_on(r.dob, start);  // step 1 kept only rows starting before 18
  for (;; band = AgeBand(int(band) + 1)) {
    std::optional<Date> cut;
    if (int(band) < kBands - 1) {
      Date next = birthday(r.dob, kBandBirthdays[int(band)]);
      bool inside = end ? next < *end : (last_date && next <= *last_date);
      if (inside) cut = next;
    }
    out.push_back({r.child, start, cut ? cut : end, state_of(band, placement), r.subtype, false, false});
    if (!cut) return;
    ++report.splits;
    start = *cut;
  }
}

// Marks entries to care and moves between spells.
void link(std::vector<CareSpell>& spells) {
  for (std::size_t i = 0; i < spells.size(); ++i) {
    bool has_prev = i > 0 && spells[i - 1].child == spells[i].child && spells[i - 1].end == spells[i].start;
    spells[i].entry = !has_prev;
    if (has_prev) spells[i - 1].continues = true;
  }
}

}  // namespace

CleanEpisodes clean_episodes(const EpisodeInput& in) {
  CleanEpisodes out;
  out.report.excluded = in.excluded;
  out.last_date = in.last_date;
  out.children = in.children.size();
  std::vector<Row> rows = usable_rows(in, out.report);
  drop_duplicate_starts(rows, out.report);
  drop_duplicate_ends(rows, out.report);
  end_at_next_start(rows, out.report);
  merge_continuations(rows, out.report);
  out.spells.reserve(rows.size() + rows.size() / 4);
  for (const Row& r : rows) split_by_age(r, in.last_date, out.spells, out.report);
  link(out.spells);
  return out;
}

}  // namespace kith::planning
