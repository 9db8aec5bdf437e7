#include "casework/care_leaving.h"

#include <algorithm>
#include <map>
#include <memory>

namespace kith::casework {
namespace {

constexpr int kThirteenWeeks = 91;

Date birthday(Date born, int age) { return born.plus_months(12 * age); }

const char* code_of(LeavingCare s) {
  switch (s) {
    case LeavingCare::kEligible: return "eligible";
    case LeavingCare::kRelevant: return "relevant";
    case LeavingCare::kFormerRelevant: return "former_relevant";
    case LeavingCare::kQualifying: return "qualifying";
    case LeavingCare::kNone: break;
  }
  return "";
}

const char* label_of(LeavingCare s) {
  switch (s) {
    case LeavingCare::kEligible: return "Eligible";
    case LeavingCare::kRelevant: return "Relevant";
    case LeavingCare::kFormerRelevant: return "Former relevant";
    case LeavingCare::kQualifying: return "Qualifying";
    case LeavingCare::kNone: break;
  }
  return "Not a care leaver";
}

LeavingCare classify(const LeavingCareStatus& st, Date born, Date on) {
  const bool met = st.days_since_14 >= kThirteenWeeks && st.looked_after_from_16;
  if (on < birthday(born, 16) || on >= birthday(born, 25)) return LeavingCare::kNone;
  if (on < birthday(born, 18)) {
    if (met) return st.looked_after_now ? LeavingCare::kEligible : LeavingCare::kRelevant;
    return !st.looked_after_now && st.looked_after_from_16 ? LeavingCare::kQualifying : LeavingCare::kNone;
  }
  if (met) return LeavingCare::kFormerRelevant;
  return st.looked_after_from_16 && on < birthday(born, 21) ? LeavingCare::kQualifying : LeavingCare::kNone;
}

std::string why_of(const LeavingCareStatus& st, Date born, Date on) {
  if (on < birthday(born, 14)) return "Under 14: time in care counts towards leaving care support from the 14th birthday.";
  std::string days = "Looked after " + std::to_string(st.days_since_14) + " days since the 14th birthday (" + std::to_string(kThirteenWeeks) +
                     " needed)";
  if (on >= birthday(born, 25)) return "25 or over: leaving care support has ended.";
  if (on < birthday(born, 16)) return days + "; eligibility starts at 16.";
  std::string at16 = st.looked_after_from_16 ? (st.looked_after_now ? "still looked after" : "looked after on or after the 16th birthday, has left care")
                                             : "not looked after since the 16th birthday";
  return days + "; " + at16 + ".";
}

}  // namespace

LeavingCareStatus leaving_care_status(Date born, const std::vector<CareSpell>& spells, Date on) {
  LeavingCareStatus st;
  const Date b14 = birthday(born, 14), b16 = birthday(born, 16);
  for (const CareSpell& s : spells) {
    if (s.start > on) continue;  // not yet begun on the day asked about
    const Date last = s.end ? std::min(*s.end, on) : on;  // counted up to, not including
    if (!s.end || *s.end > on) st.looked_after_now = true;
    if (s.short_break) continue;  // reg 40(1): a pre-planned series of short breaks does not count
    const Date from = std::max(s.start, b14);
    if (last > from) st.days_since_14 += last - from;
    // "ended after he reached the age of 16": care that ends on the 16th birthday or later, or goes on past it.
    if (last >= b16) st.looked_after_from_16 = true;
  }
  st.status = classify(st, born, on);
  st.code = code_of(st.status);
  st.label = label_of(st.status);
  st.why = why_of(st, born, on);
  return st;
}

namespace {

// A period of care as read, with its legal statuses (start, LS), oldest first.
struct Period {
  Date start;
  std::optional<Date> end;
  std::vector<std::pair<Date, std::string>> statuses;
};
using Periods = std::map<Id, Period>;

// Adds the two reads of a person's periods and legal statuses to the batch.
void add_periods(store::Batch& batch, Id person_id, const std::shared_ptr<Periods>& periods) {
  batch.add("SELECT id, start_date, end_date FROM cla_period WHERE person_id = ? ORDER BY start_date, id", {person_id},
            [periods](const store::Statement& s) {
              if (auto d = s.date(1)) (*periods)[s.int64(0)] = {*d, s.date(2), {}};
            });
  batch.add("SELECT l.cla_period_id, l.start_date, l.status FROM legal_status l JOIN cla_period p ON p.id = l.cla_period_id "
            "WHERE p.person_id = ? ORDER BY l.cla_period_id, l.start_date, l.id",
            {person_id}, [periods](const store::Statement& s) {
              auto p = periods->find(s.int64(0));
              if (p != periods->end() && s.date(1)) p->second.statuses.push_back({*s.date(1), s.text(2)});
            });
}

std::vector<CareSpell> spells_of(const Periods& periods) {
  std::vector<CareSpell> out;
  for (const auto& [id, p] : periods) {
    // The status in force at the period's start is its first one (an import may date it later).
    if (p.statuses.empty()) {
      out.push_back({p.start, p.end, false});
      continue;
    }
    for (std::size_t i = 0; i < p.statuses.size(); ++i) {
      Date from = i == 0 ? p.start : std::max(p.start, p.statuses[i].first);
      std::optional<Date> to = i + 1 < p.statuses.size() ? std::optional<Date>(p.statuses[i + 1].first) : p.end;
      if (p.end && to && *to > *p.end) to = p.end;
      if (to && *to <= from) continue;
      const std::string& ls = p.statuses[i].second;
      out.push_back({from, to, ls == "V3" || ls == "V4"});
    }
  }
  std::sort(out.begin(), out.end(), [](const CareSpell& a, const CareSpell& b) { return a.start < b.start; });
  return out;
}

}  // namespace

Result<std::vector<CareSpell>> care_spells(store::Database& db, Id person_id) {
  auto periods = std::make_shared<Periods>();
  store::Batch batch(db);
  add_periods(batch, person_id, periods);
  KITH_RETURN_IF_ERROR(batch.run());
  return spells_of(*periods);
}

Result<LeavingCareStatus> leaving_care_status(store::Database& db, Id person_id, Date on) {
  return store::read_alone<LeavingCareStatus>(db, add_leaving_care_status, person_id, on);
}

void add_leaving_care_status(store::Batch& batch, Id person_id, Date on, LeavingCareStatus& out) {
  struct Born {
    bool found = false;
    std::optional<Date> date;
  };
  auto born = std::make_shared<Born>();
  auto periods = std::make_shared<Periods>();
  batch.add("SELECT birth_date FROM person WHERE id = ?", {person_id}, [born](const store::Statement& s) {
    born->found = true, born->date = s.date(0);
  });
  add_periods(batch, person_id, periods);
  batch.then([born, periods, person_id, on, &out] {
    if (!born->found) return Status::not_found("no person with id " + std::to_string(person_id));
    out = born->date ? leaving_care_status(*born->date, spells_of(*periods), on)
                     : LeavingCareStatus{LeavingCare::kNone, "", "Not known", 0, false, false, "The date of birth is not recorded."};
    return Status::ok();
  });
}

}  // namespace kith::casework
