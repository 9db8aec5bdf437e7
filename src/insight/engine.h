// Internal to the indicator engine: the per-computation context (indexes over
// the CaseRecord, the slicer) and the Tally each indicator fills. Not for use
// outside src/insight. Thread-safety: one Context per computation.
#pragma once

#include <functional>
#include <map>
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

// Numerators and denominators per slice value, and for "All".
class Tally {
 public:
  void add(const std::optional<std::string>& key, double numerator, double denominator = 0);
  // Adds another tally's numerators and denominators, cell by cell (a council's into England's).
  void merge(const Tally& other);
  const std::map<std::string, std::pair<double, double>>& cells() const { return cells_; }
  std::pair<double, double> all() const { return all_; }

 private:
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

  // The slice value of a child on a day; nullopt when not slicing.
  std::optional<std::string> child_key(Id person, Date day) const;
  // The slice value of a worker (by team) or family; nullopt when not slicing or the slice is about children.
  std::optional<std::string> worker_key(const WorkerRow& w) const;
  std::optional<std::string> family_key(Id family) const;

  const ChildRow* person(Id id) const;
  // The period of care open on `day` that counts as looked after (short breaks V3/V4 excluded).
  const ClaPeriodRow* looked_after_on(Id person, Date day) const;
  // Children looked after on the period's last day, in id order.
  const std::vector<Id>& looked_after_at_end() const { return cla_at_end_; }
  const std::vector<const ClaPeriodRow*>& periods_of(Id person) const;
  const std::vector<const InvolvementRow*>& involvements_of(Id person) const;
  const std::vector<const HealthCheckRow*>& health_checks_of(Id person) const;
  const std::vector<const EhcpRow*>& ehcps_of(Id person) const;
  // Children aged 0-17, alive and resident (home address in a locality) on the period's last day.
  const Tally& population() const { return population_; }

 private:
  std::optional<std::string> team_name(const std::optional<Id>& team) const;
  std::string age_band(Id person, Date day) const;
  void count_population();
  void count_population(const PopulationCounts& counts);

  std::unordered_map<Id, std::vector<const ClaPeriodRow*>> periods_;
  std::unordered_map<Id, std::vector<const InvolvementRow*>> involvements_;
  std::unordered_map<Id, std::vector<const HealthCheckRow*>> health_;
  std::unordered_map<Id, std::vector<const EhcpRow*>> ehcps_;
  std::vector<Id> cla_at_end_;
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
