// Leaving care eligibility worked out from the periods of care and the date of
// birth (Children (Leaving Care) Act 2000; Children Act 1989 s23A-s24 and
// Sch 2 para 19B; Care Planning Regulations 2010 reg 40), so the worker does
// not have to type it and the pathway plan form can default to it:
//
//   eligible         16 or 17, still looked after, and looked after for 13 weeks
//                    (91 days) in all since the 14th birthday, ending after 16
//   relevant         16 or 17, no longer looked after, and was eligible when
//                    they left care
//   former relevant  18 to 24 (support to the 25th birthday), was eligible or
//                    relevant
//   qualifying       16 to 20, looked after on or after the 16th birthday but
//                    not for the 13 weeks (under 21: the duty to advise and
//                    befriend; the 21-25 extension for education is the worker's
//                    choice on the form)
//
// Days are counted as the SSDA903 counts them: a period from DECOM to DEC is
// DEC - DECOM days (the day care ends is not a day looked after); an open
// period counts to the day asked about. Periods add together. Days under a
// short-break legal status (V3, V4: a pre-planned series of short breaks, which
// reg 40(1) excludes from eligibility) are not counted. Birthdays follow
// Date::plus_months, as the OC3 birthday windows do (29 February -> 28 February).
//
// Thread-safety: free functions; each call uses only the Database passed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "store/batch.h"
#include "store/database.h"

namespace kith::casework {

enum class LeavingCare { kNone, kEligible, kRelevant, kFormerRelevant, kQualifying };

// One stretch of being looked after under one legal status: [start, end),
// end unset while it goes on. short_break marks V3/V4 (not counted).
struct CareSpell {
  Date start;
  std::optional<Date> end;
  bool short_break = false;
};

struct LeavingCareStatus {
  LeavingCare status = LeavingCare::kNone;
  std::string code;      // "eligible" | "relevant" | "former_relevant" | "qualifying" | "" (care_leaver.eligibility)
  std::string label;     // "Eligible", "Former relevant", "Not a care leaver"
  int days_since_14 = 0;              // days looked after since the 14th birthday, short breaks excluded, to `on`
  bool looked_after_from_16 = false;  // looked after on or after the 16th birthday (short breaks excluded)
  bool looked_after_now = false;      // on `on`
  std::string why;       // one sentence for the child's record, no identifiers
};

// The status on the day `on` of someone born on `born` with these spells
// (any order; spells after `on` are ignored). Pure: the rules above.
LeavingCareStatus leaving_care_status(Date born, const std::vector<CareSpell>& spells, Date on);

// The same from the record: the person's periods of care split at each legal
// status. not_found for an unknown person; kNone when the date of birth is
// not recorded (nothing can be worked out).
Result<LeavingCareStatus> leaving_care_status(store::Database& db, Id person_id, Date on);
// The same added to a batch (store/batch.h); once it has run, out (which must
// outlive it) holds the status (the run fails: unknown person).
void add_leaving_care_status(store::Batch& batch, Id person_id, Date on, LeavingCareStatus& out);

// The spells of a person's periods of care, by legal status, oldest first.
Result<std::vector<CareSpell>> care_spells(store::Database& db, Id person_id);

}  // namespace kith::casework
