// The part of the case record the indicators read, loaded once with plain
// SELECTs into rows grouped for the engine (placements and legal statuses
// under their period of care, episodes under their child). Indicators are
// computed from this snapshot, so one load serves every indicator and slice.
//
// Thread-safety: load_case_record uses only the Database passed; a loaded
// CaseRecord is immutable and may be shared between threads.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/date.h"
#include "model/records.h"
#include "model/result.h"
#include "store/database.h"

namespace kith::insight {

namespace engine {
struct RecordIndex;  // each person's rows (engine.h): built once per load, read by every computation
}

struct ChildRow {  // any person: age decides whether they count as a child
  Id id = 0;
  std::string sex, ethnicity;
  std::optional<Date> birth, death;
  std::optional<Id> locality, hub, family;  // home address's locality; the family's hub
};

struct ContactRow { Id id = 0, person = 0; Date date; std::string decision; };
struct ConversationRow { Id person = 0; Date date; bool alternative_to_referral = false; };
struct ReferralRow {  // a cin_episode: starts at the referral
  Id id = 0, person = 0;
  Date referral;
  std::optional<Date> close;
  std::optional<Id> stepped_up_from_eh;
};
struct AssessmentRow { Id episode = 0, person = 0; Date start; std::optional<Date> authorised; };
struct Section47Row { Id id = 0, person = 0; Date start; };
struct IcpcRow { Id person = 0; Date date; std::optional<Date> strategy_discussion; };
struct CpPlanRow { Id person = 0; Date start; std::optional<Date> end; };
struct LegalStatusRow { Date start; std::string status; };
struct PlacementRow {
  Date start;
  std::optional<Date> end;
  std::string type, postcode;
  std::int64_t weekly_cost_pence = 0;
};
struct ClaPeriodRow {
  Id id = 0, person = 0;
  Date start;
  std::optional<Date> end;
  std::string home_postcode;
  std::vector<LegalStatusRow> legal_statuses;  // by start date
  std::vector<PlacementRow> placements;        // by start date
};
struct InvolvementRow {
  Id person = 0, worker = 0;
  std::optional<Id> team;
  std::string role;
  Date start;
  std::optional<Date> end;
  bool is_change = false;  // reason_for_change recorded: a re-allocation, not a first allocation
};
struct WorkerRow {
  Id id = 0;
  std::optional<Id> team;
  std::string role, agency, contract;
  double fte = 0;
  Date start;
  std::optional<Date> leave;
};
struct AbsenceRow { Id worker = 0; Date start; int working_days = 0; };
struct EarlyHelpRow { Id family = 0; Date start; std::optional<Date> end; std::string end_reason; bool step_down = false; };
struct LeadProfessionalRow { Id family = 0; Date start; std::optional<Date> end; };
struct CareLeaverContactRow { Id person = 0; Date date; std::string in_touch, activity, accommodation; };
struct HealthCheckRow { Id person = 0; std::string kind; Date date; };
struct EhcpRow { Id person = 0; std::optional<Date> plan, end; };  // plan: the date the EHCP was issued
struct TeamRow { std::string name; std::optional<Id> locality, hub; };
// Children aged 0-17, alive, with a home address in a locality, counted in SQL:
// one cell per locality, family hub, sex, ethnicity and DfE age band.
struct PopulationCell {
  std::optional<Id> locality, hub;  // home address's locality; the latest family's hub
  std::string sex, ethnicity;       // codes, as person holds them
  int youngest_age = 0;             // the age band by its youngest age: 0, 1, 5, 10 or 16
  std::int64_t children = 0;
};
struct PopulationCounts {
  Date as_of;  // the day ages and "alive" were taken on: only a period ending that day may use these counts
  std::vector<PopulationCell> cells;
};
struct FamilyRow { std::optional<Id> locality, hub; };

struct CaseRecord {
  std::unordered_map<Id, ChildRow> people;
  std::vector<ContactRow> contacts;
  std::vector<ConversationRow> conversations;
  std::vector<ReferralRow> referrals;  // by person, then referral date
  std::vector<AssessmentRow> assessments;
  std::vector<Section47Row> section47s;
  std::vector<IcpcRow> icpcs;
  std::vector<CpPlanRow> cp_plans;     // by person, then start
  std::vector<ClaPeriodRow> cla_periods;
  std::vector<InvolvementRow> involvements;
  std::vector<WorkerRow> workers;
  std::vector<AbsenceRow> absences;
  std::vector<EarlyHelpRow> early_help;
  std::vector<LeadProfessionalRow> lead_professionals;  // by family, then start
  std::vector<CareLeaverContactRow> care_leaver_contacts;
  std::vector<HealthCheckRow> health_checks;
  std::vector<EhcpRow> ehcps;
  std::map<Id, std::string> localities, hubs;
  std::map<Id, TeamRow> teams;
  std::unordered_map<Id, FamilyRow> families;
  // Set by load_council_records: `people` then holds only the people the rows
  // mention, and the population comes from these counts instead of `people`.
  std::optional<PopulationCounts> population;
  // Each person's periods of care, involvements, health checks and EHCPs, set by
  // the loaders (index_case_record) so that computing a period does not group the
  // rows again. Offsets, not pointers: a copied or moved record keeps it valid.
  // A record built or changed by hand without it is indexed per computation.
  std::shared_ptr<const engine::RecordIndex> index;
};

// Indexes a record whose rows are complete (the loaders call it last). Changing
// the rows afterwards needs another call. Not thread-safe for the same record.
void index_case_record(CaseRecord& record);

// Loads the snapshot. Errors are the database's (missing tables, I/O).
Result<CaseRecord> load_case_record(store::Database& db);

// One council's part of the record. A person belongs to the council of their
// home address's locality (else of their latest family's); a family to its
// locality's (else its hub's); a team to its locality's, a council-wide team
// (MASH, leaving care) to the council of the children it works with; a worker
// to their team's (else to that of the children they work with); every other
// row to its person's or family's council.
struct CouncilRecord {
  Id council = 0;  // 0: rows for which no council could be found (none in a generated store)
  std::string la_code, name;
  CaseRecord record;
};

struct CouncilRecords {
  Date as_of;                          // the population's day: the period's last day
  std::vector<CouncilRecord> councils;  // by council id; the rows of no council, if any, last
  std::size_t people = 0;               // people loaded, across councils
  std::int64_t population = 0;          // children counted in SQL, across councils
};

// Loads the record for computing periods that end on `as_of`: the people the
// rows mention (not every person), the child population counted in SQL by
// council, locality, hub, sex, ethnicity and age band, health checks and
// EHCPs of children ever looked after only (no indicator reads others), and
// splits every row by council. Errors are the database's.
Result<CouncilRecords> load_council_records(store::Database& db, Date as_of);

// The youngest age of the DfE age band holding `age` (0-17): 0, 1, 5, 10 or 16.
int age_band_start(int age);

}  // namespace kith::insight
