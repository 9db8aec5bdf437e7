// Internal to the indicator engine: the per-computation context (indexes over
// the CaseRecord, the slicer) and the Tally each indicator fills. Not for use
// outside src/insight. Thread-safety: one Context per computation.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "insight/indicators.h"

namespace kith::insight::engine {

// open on `day`: started by then and not yet ended (an end date is the first day no longer open).
inline bool open_on(Date start, const std::optional<Date>& end, Date day) { return start <= day && (!end || *end > day); }
// held at any time in [from, to], ends inclusive (a placement ending on 1 April was held that day).
inline bool held_during(Date start, const std::optional<Date>& end, Date from, Date to) { return start <= to && (!end || *end >= from); }
inline bool within(Date d, Date from, Date to) { return from <= d && d <= to; }

// What the measures read of a record that no period changes, worked out once per
// load (index_case_record) rather than on every computation:
// - each person's rows of the kinds the measures look up by person, as offsets
//   into the record's vectors, grouped by person with record order kept within a
//   person (offsets, not pointers to rows, so a copied record shares it safely);
// - by row, facts that depend on that row and its person only (a referral's
//   previous referral, an assessment's working days, a care leaver's age).
// Immutable once built. Row counts tell a stale index (rows added since).
struct RecordIndex {
  static constexpr std::uint32_t kNoRow = ~std::uint32_t(0);
  struct Range { std::uint32_t begin = 0, end = 0; };
  struct Person { Range periods, involvements, health_checks, ehcps; };
  std::unordered_map<Id, Person> people;
  std::vector<std::uint32_t> periods, involvements, health_checks, ehcps;

  std::vector<const Person*> referral_person;     // by referral: its child's rows (null: none); points into `people`
  std::vector<bool> re_referral;                  // by referral: within 12 months after an earlier referral of the child
  std::vector<int> assessment_working_days;       // by assessment: start to authorisation (0 when not authorised)
  std::vector<int> icpc_working_days;             // by ICPC: strategy discussion to conference (0 when none)
  std::vector<int> care_leaver_age;               // by care leaver contact: age that day; -1 when the person or birth is unknown
  std::vector<bool> allocated_social_worker;      // by involvement: role is "allocated_social_worker"
  std::vector<std::uint32_t> involvement_worker;  // by involvement: the worker's first row in record.workers, or kNoRow
  std::vector<std::uint32_t> worker_first_row;    // by worker: the first row with the same id (itself when ids are unique)

  static std::shared_ptr<const RecordIndex> of(const CaseRecord& r);
  // True when built from a record with as many rows of every kind it indexes.
  bool matches(const CaseRecord& r) const;

 private:
  std::size_t rows_[9] = {};
  static void count_rows(const CaseRecord& r, std::size_t (&out)[9]);
};

// One person's rows of one kind: iterates as `const Row*`, in record order.
template <typename Row>
class RowsOf {
 public:
  class iterator {
   public:
    iterator(const Row* base, const std::uint32_t* at) : base_(base), at_(at) {}
    const Row* operator*() const { return base_ + *at_; }
    iterator& operator++() { ++at_; return *this; }
    bool operator!=(const iterator& o) const { return at_ != o.at_; }

   private:
    const Row* base_;
    const std::uint32_t* at_;
  };
  RowsOf() = default;
  RowsOf(const Row* base, const std::uint32_t* first, const std::uint32_t* last) : base_(base), first_(first), last_(last) {}
  iterator begin() const { return {base_, first_}; }
  iterator end() const { return {base_, last_}; }
  bool empty() const { return first_ == last_; }

 private:
  const Row* base_ = nullptr;
  const std::uint32_t* first_ = nullptr;
  const std::uint32_t* last_ = nullptr;
};

// Numerators and denominators per slice value, and for "All".
class Tally {
 public:
  // Inline for the unsliced case: every measure adds once per row it counts.
  void add(const std::optional<std::string>& key, double numerator, double denominator = 0) {
    all_.first += numerator;
    all_.second += denominator;
    if (key) add_cell(*key, numerator, denominator);
  }
  // Adds another tally's numerators and denominators, cell by cell (a council's into England's).
  void merge(const Tally& other);
  const std::map<std::string, std::pair<double, double>>& cells() const { return cells_; }
  std::pair<double, double> all() const { return all_; }

 private:
  void add_cell(const std::string& key, double numerator, double denominator);

  std::pair<double, double> all_{0, 0};
  std::map<std::string, std::pair<double, double>> cells_;
};

class Context {
 public:
  Context(const CaseRecord& r, const Period& p, const IndicatorOptions& o, const returns::ssda903::PostcodeIndex* postcodes);

  const CaseRecord& record;
  const Period& period;
  const IndicatorOptions& options;
  const returns::ssda903::PostcodeIndex* postcodes;
  const Date year_start;  // period.year_start(), worked out once: "during the year" measures read it per row

  // The slice value of a child on a day; nullopt when not slicing (inline: most computations do not slice).
  std::optional<std::string> child_key(Id person, Date day) const {
    if (options.by == Slice::kNone) return std::nullopt;
    return sliced_child_key(person, day);
  }
  // The slice value of a worker (by team) or family; nullopt when not slicing or the slice is about children.
  std::optional<std::string> worker_key(const WorkerRow& w) const;
  std::optional<std::string> family_key(Id family) const;

  const ChildRow* person(Id id) const;
  // The period of care open on `day` that counts as looked after (short breaks V3/V4 excluded).
  const ClaPeriodRow* looked_after_on(Id person, Date day) const;

  // A child looked after on the period's last day, with what the measures read of them found
  // once per computation (a dozen measures read each of these children).
  struct LookedAfter {
    Id person = 0;
    const ChildRow* child = nullptr;                  // null when the person was not loaded
    const ClaPeriodRow* spell = nullptr;              // looked_after_on(person, period.end)
    const RecordIndex::Person* rows = nullptr;        // never null: the child has a period of care
    bool looked_after_a_year = false;                 // the spell started 12+ months before the last day (DfE's OC2 cohort)
  };
  // Children looked after on the period's last day, in id order.
  const std::vector<LookedAfter>& looked_after_at_end() const { return cla_at_end_; }

  // A person's rows: found by id (one look-up) or from a look-up done before.
  const RecordIndex::Person* rows_of(Id person) const;
  RowsOf<ClaPeriodRow> periods_of(Id person) const { return periods_of(rows_of(person)); }
  RowsOf<InvolvementRow> involvements_of(Id person) const { return involvements_of(rows_of(person)); }
  RowsOf<HealthCheckRow> health_checks_of(Id person) const { return health_checks_of(rows_of(person)); }
  RowsOf<EhcpRow> ehcps_of(Id person) const { return ehcps_of(rows_of(person)); }
  RowsOf<ClaPeriodRow> periods_of(const RecordIndex::Person* rows) const;
  RowsOf<InvolvementRow> involvements_of(const RecordIndex::Person* rows) const;
  RowsOf<HealthCheckRow> health_checks_of(const RecordIndex::Person* rows) const;
  RowsOf<EhcpRow> ehcps_of(const RecordIndex::Person* rows) const;
  // Whether an involvement of the record is an allocated social worker's (its role, compared once per load).
  bool allocated_social_worker(const InvolvementRow& i) const { return index_->allocated_social_worker[std::size_t(&i - record.involvements.data())]; }
  // The record's index: by-row facts (RecordIndex) for measures that walk a vector of the record by position.
  const RecordIndex& index() const { return *index_; }
  // Children aged 0-17, alive and resident (home address in a locality) on the period's last day.
  const Tally& population() const { return population_; }

 private:
  std::optional<std::string> team_name(const std::optional<Id>& team) const;
  std::string age_band(Id person, Date day) const;
  void count_population();
  void count_population(const PopulationCounts& counts);

  void find_looked_after_at_end();
  std::optional<std::string> sliced_child_key(Id person, Date day) const;

  std::shared_ptr<const RecordIndex> index_;  // the record's own, or one built for this computation
  std::vector<LookedAfter> cla_at_end_;
  Tally population_;
};

using Compute = std::function<void(const Context&, Tally&)>;

// Compute functions, one family per file.
void population(const Context&, Tally&);
void contacts(const Context&, Tally&);
void referrals(const Context&, Tally&);
void children_in_need(const Context&, Tally&);
void section47s(const Context&, Tally&);
void cp_plans(const Context&, Tally&);
void looked_after(const Context&, Tally&);
void re_referrals(const Context&, Tally&);
void assessments_in_45_days(const Context&, Tally&);
void icpcs_in_15_days(const Context&, Tally&);
void second_cp_plans(const Context&, Tally&);
void cp_plans_2_years_ceased(const Context&, Tally&);
void cp_plans_2_years_open(const Context&, Tally&);
void three_placements(const Context&, Tally&);
void long_term_stability(const Context&, Tally&);
void placed_over_20_miles(const Context&, Tally&);
void three_social_workers(const Context&, Tally&);
void gp_registered(const Context&, Tally&);
void dentist_registered(const Context&, Tally&);
void care_leavers_in_touch(const Context&, Tally&);
// measures_health.cpp: the OC2 cohort's health outcomes, and EHCPs of children looked after.
void health_assessments(const Context&, Tally&);
void dental_checks(const Context&, Tally&);
void immunisations(const Context&, Tally&);
void development_assessments(const Context&, Tally&);
void looked_after_with_ehcp(const Context&, Tally&);
void care_leavers_eet(const Context&, Tally&);
void care_leavers_accommodation(const Context&, Tally&);
void caseload(const Context&, Tally&);
void agency_rate(const Context&, Tally&);
void turnover(const Context&, Tally&);
void absence(const Context&, Tally&);
void hand_offs(const Context&, Tally&);
void lead_professional_changes(const Context&, Tally&);
void alternatives_to_referral(const Context&, Tally&);
void stayed_with_family(const Context&, Tally&);
void step_ups(const Context&, Tally&);
void step_downs(const Context&, Tally&);
void placement_spend(const Context&, Tally&);
void agency_uplift(const Context&, Tally&);

}  // namespace kith::insight::engine
