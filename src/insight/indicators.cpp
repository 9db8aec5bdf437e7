// The catalogue (what each indicator means) and the engine's entry points.
#include "insight/indicators.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <unordered_set>

#include "insight/engine.h"
#include "returns/ssda903/postcodes.h"

namespace kith::insight {
namespace {

using engine::Compute;

struct Indicator {
  IndicatorDef def;
  Compute compute;  // empty when the case record cannot give this measure
  std::string_view missing_note = {};
};

constexpr Polarity kHigh = Polarity::kHigherIsBetter, kLow = Polarity::kLowerIsBetter, kNeutral = Polarity::kNeutral;

// Definitions follow the LAIT data dictionary (lait_csc_data_dictionary.csv) and the DfE
// statistics notes; "the period" is the reporting period, "the year" the 12 months to its end.
const std::vector<Indicator>& indicators() {
  static const std::vector<Indicator> kAll = {
      {{"children_population", "Children aged 0-17 (population)", Unit::kCount, kNeutral, "",
        "Children aged 0-17 on the period's last day, alive and resident (home address in one of the council's localities): "
        "the denominator of every rate per 10,000.", true}, engine::population},
      {{"contacts", "Contacts", Unit::kCount, kNeutral, "",
        "Contacts received at the front door in the period (each contact counted).", true}, engine::contacts},
      {{"referrals_per_10k", "Referrals per 10,000 children", Unit::kPer10k, kNeutral, "CPP_Total_Rateper10,000",
        "Referrals (CIN episodes starting) in the period, each counted, per 10,000 children aged 0-17. Not annualised.", true},
       engine::referrals},
      {{"cin_per_10k", "Children in need per 10,000 children", Unit::kPer10k, kNeutral, "CIN",
        "Children with an open CIN episode on the period's last day (including CP plans and CLA), per 10,000 children.", true},
       engine::children_in_need},
      {{"s47_per_10k", "Section 47 enquiries per 10,000 children", Unit::kPer10k, kNeutral, "Section_47",
        "Section 47 enquiries starting in the period per 10,000 children. Not annualised.", true}, engine::section47s},
      {{"cp_plans_per_10k", "Child protection plans per 10,000 children", Unit::kPer10k, kNeutral, "CPP_rate",
        "Children subject of a child protection plan on the period's last day per 10,000 children.", true}, engine::cp_plans},
      {{"cla_per_10k", "Children looked after per 10,000 children", Unit::kPer10k, kNeutral, "LAC",
        "Children looked after on the period's last day (short-break care V3/V4 excluded) per 10,000 children aged under 18.", true},
       engine::looked_after},
      {{"re_referrals_pct", "Re-referrals within 12 months", Unit::kPercent, kLow, "ReReferral",
        "Referrals in the period that were within 12 months of a previous referral of the same child, as a % of referrals in the period.",
        true}, engine::re_referrals},
      {{"assessments_45wd_pct", "Assessments completed within 45 working days", Unit::kPercent, kHigh, "Continue_Assess_Comp",
        "Assessments authorised in the period whose authorisation was within 45 working days of their start, as a % of assessments "
        "authorised in the period.", true}, engine::assessments_in_45_days},
      {{"icpc_15wd_pct", "Initial child protection conferences within 15 working days", Unit::kPercent, kHigh, "CP_conf_15days",
        "Initial conferences held in the period within 15 working days of the strategy discussion that started the S47 enquiry, as a % "
        "of initial conferences held in the period (those with no strategy discussion recorded are left out).", true},
       engine::icpcs_in_15_days},
      {{"cp_second_plan_pct", "Second or subsequent child protection plans", Unit::kPercent, kLow, "PrevRegCPR",
        "Of CP plans starting in the period (each occasion counted), those for a child who had a previous plan, however long ago.", true},
       engine::second_cp_plans},
      {{"cp_2yrs_ceased_pct", "CP plans lasting 2 years or more (plans ceasing)", Unit::kPercent, kLow, "CPPlans2yrs",
        "Of CP plans ceasing in the period, those that lasted 2 years or more (more than 729 days including the day of cessation). "
        "Variant published in LAIT as CPPlans2yrs.", true}, engine::cp_plans_2_years_ceased},
      {{"cp_2yrs_open_pct", "CP plans lasting 2 years or more (plans open at period end)", Unit::kPercent, kLow, "CPPlans2yrsActive",
        "Of CP plans open on the period's last day, those open 2 years or more by then. Variant published in d5 "
        "(2_years_or_more_percent at 31 March).", true}, engine::cp_plans_2_years_open},
      {{"cla_3plus_placements_pct", "Looked after children with 3 or more placements in the year", Unit::kPercent, kLow, "LACStable_2016on",
        "Children looked after on the period's last day with three or more placements during the 12 months to that day (placements open "
        "at the start or end of the 12 months included), as a % of children looked after that day.", true}, engine::three_placements},
      {{"cla_long_term_stability_pct", "Long-term placement stability", Unit::kPercent, kHigh, "LAC_LongStable%",
        "Children looked after on the period's last day, aged under 16, looked after continuously for at least 2.5 years, who had been "
        "in the same placement for at least 2 years, as a % of those children.", true}, engine::long_term_stability},
      {{"cla_placed_20_miles_pct", "Looked after children placed more than 20 miles from home", Unit::kPercent, kLow, "LACDistance",
        "Children looked after on the period's last day whose placement postcode is more than 20 miles (straight line between ONS "
        "postcode centroids, as SSDA903 PL_DISTANCE) from the home postcode, as a % of children looked after that day. Unknown "
        "postcodes count in the denominator only.", true}, engine::placed_over_20_miles},
      {{"cla_3plus_social_workers_pct", "Looked after children with 3 or more social workers in the year", Unit::kPercent, kLow,
        "Stability_SocialWorker",
        "Children looked after on the period's last day who had 3 or more different allocated social workers during the 12 months to that "
        "day (including while not looked after), as a % of children looked after that day.", true}, engine::three_social_workers},
      {{"cla_gp_registered_pct", "Looked after children registered with a GP", Unit::kPercent, kHigh, "",
        "Children looked after on the period's last day with a GP registration recorded by then, as a % of children looked after.", true},
       engine::gp_registered},
      {{"cla_dentist_registered_pct", "Looked after children registered with a dentist", Unit::kPercent, kHigh, "",
        "Children looked after on the period's last day with a dentist registration recorded by then, as a % of children looked after.",
        true}, engine::dentist_registered},
      {{"cla_health_assessment_pct", "Looked after children with an up-to-date health assessment", Unit::kPercent, kHigh, "LACHealth%",
        "Children looked after on the period's last day who had been looked after continuously for at least 12 months (DfE's OC2 "
        "cohort), with a health assessment in the 12 months to that day (two for children under 5), as a % of the cohort.", true},
       engine::health_assessments},
      {{"cla_dental_check_pct", "Looked after children with a dental check", Unit::kPercent, kHigh, "LACDental%",
        "Of the same cohort, those whose teeth were checked by a dentist in the 12 months to the period's last day.", true},
       engine::dental_checks},
      {{"cla_immunisations_pct", "Looked after children with up-to-date immunisations", Unit::kPercent, kHigh, "LACVaccinations%",
        "Of the same cohort, those whose immunisations were recorded as up to date (health check kind 'immunisations') in the 12 "
        "months to the period's last day.", true}, engine::immunisations},
      {{"cla_development_assessment_pct", "Looked after children under 5 with an up-to-date development assessment", Unit::kPercent,
        kHigh, "",
        "Of the same cohort, children under 5 on the period's last day with a development assessment (health check kind "
        "'development_assessment') in the 12 months to that day, as a % of the cohort's under 5s.", true},
       engine::development_assessments},
      {{"cla_ehcp_pct", "Looked after children with an education, health and care plan", Unit::kPercent, kNeutral, "",
        "Children looked after on the period's last day with an EHCP issued by then and not ended, as a % of children looked after.",
        true}, engine::looked_after_with_ehcp},
      {{"care_leavers_in_touch_pct", "Care leavers aged 19-21 in touch", Unit::kPercent, kHigh, "CareLeavers_LA_NotInTouch",
        "Care leavers with an OC3 contact in the period at age 19-21 (latest contact each) with IN_TOUCH = YES, as a % of them; "
        "those who died or returned home (DIED, RHOM) are excluded. LAIT publishes the complement (not in touch).", true},
       engine::care_leavers_in_touch},
      {{"care_leavers_eet_pct", "Care leavers aged 19-21 in education, employment or training", Unit::kPercent, kHigh, "CareLeaverEET",
        "Of the same care leavers, those whose activity is education, employment or training (F1-F5, P1-P5).", true},
       engine::care_leavers_eet},
      {{"care_leavers_suitable_accommodation_pct", "Care leavers aged 19-21 in suitable accommodation", Unit::kPercent, kHigh,
        "CareLeaverAcc",
        "Of the same care leavers, those whose accommodation is considered suitable (code ending 1); gone abroad, deported or residence "
        "not known (G, H, R) are excluded.", true}, engine::care_leavers_accommodation},
      {{"caseload_per_fte", "Caseload per social worker FTE", Unit::kRatio, kLow, "Work_Force_AvgNumCase_SW",
        "Open allocations to social workers on the period's last day divided by the FTE of the workers holding one or more (CSWW).", false},
       engine::caseload},
      {{"agency_rate_pct", "Agency social workers", Unit::kPercent, kLow, "Work_Force_Agecy_Rate",
        "Agency social worker FTE in post on the period's last day as a % of all (agency and permanent) social worker FTE in post.", false},
       engine::agency_rate},
      {{"vacancy_rate_pct", "Social worker vacancy rate", Unit::kPercent, kLow, "Work_Force_Vac_Rate",
        "Vacant FTE as a % of vacant and permanent FTE (CSWW).", false},
       nullptr, "not derivable: the case record holds workers, not the funded establishment of posts"},
      {{"turnover_rate_pct", "Social worker turnover", Unit::kPercent, kLow, "Work_Force_TO_Rate",
        "Permanent social worker FTE leaving in the 12 months to the period's last day as a % of permanent FTE in post that day.", false},
       engine::turnover},
      {{"absence_rate_pct", "Social worker sickness absence", Unit::kPercent, kLow, "Work_Force_SWAbsence",
        "Working days lost to sickness in the 12 months to the period's last day (absences counted by start date) as a % of the working "
        "days of the social worker FTE in post that day.", false}, engine::absence},
      {{"hand_offs_per_episode", "Hand-offs per CIN episode", Unit::kRatio, kLow, "",
        "Re-allocations of the child (an allocation with a reason for change) after the referral and up to closure, per CIN episode "
        "closed in the period.", true}, engine::hand_offs},
      {{"lead_professional_changes", "Lead professional changes per family", Unit::kRatio, kLow, "",
        "Lead professionals starting in the period who replaced an earlier one, per family with a lead professional in the period.", false},
       engine::lead_professional_changes},
      {{"alternatives_to_referral_pct", "Front-door conversations ending in an alternative to referral", Unit::kPercent, kNeutral, "",
        "Conversations in the period flagged alternative_to_referral, as a % of conversations in the period.", true},
       engine::alternatives_to_referral},
      {{"stayed_with_family_pct", "Children supported who stayed with their birth families", Unit::kPercent, kHigh, "",
        "CIN episodes closed in the period in which the child was never looked after, as a % of CIN episodes closed in the period.", true},
       engine::stayed_with_family},
      {{"early_help_step_ups_pct", "Early help episodes ending in a step-up", Unit::kPercent, kNeutral, "",
        "Early help episodes ending in the period with a step-up to social care, as a % of early help episodes ending in the period.",
        false}, engine::step_ups},
      {{"early_help_step_downs_pct", "Early help episodes starting as a step-down", Unit::kPercent, kNeutral, "",
        "Early help episodes starting in the period as a step-down from a CIN episode, as a % of early help episodes starting.", false},
       engine::step_downs},
      {{"placement_spend_pounds", "Placement spend", Unit::kPounds, kNeutral, "",
        "Sum over placements of weekly cost x days placed in the period / 7 (a placement's end date is not a day placed).", false},
       engine::placement_spend},
      {{"agency_uplift_pounds", "Agency uplift cost", Unit::kPounds, kNeutral, "",
        "Agency social worker FTE-days in post in the period x the uplift a year per agency FTE / 365 (default uplift GBP 13,600 = "
        "GBP 340,000 / 25 agency workers, council minutes 2022).", false}, engine::agency_uplift},
  };
  return kAll;
}

std::optional<double> value_of(Unit unit, double numerator, std::optional<double> denominator) {
  switch (unit) {
    case Unit::kCount:
    case Unit::kPounds: return numerator;
    case Unit::kPer10k: return denominator && *denominator > 0 ? std::optional(1e4 * numerator / *denominator) : std::nullopt;
    case Unit::kPercent: return denominator && *denominator > 0 ? std::optional(100 * numerator / *denominator) : std::nullopt;
    case Unit::kRatio: return denominator && *denominator > 0 ? std::optional(numerator / *denominator) : std::nullopt;
  }
  return std::nullopt;
}

IndicatorRow make_row(const Indicator& ind, std::string slice, double num, double den, const engine::Tally& population) {
  IndicatorRow row{&ind.def, std::move(slice), num, std::nullopt, std::nullopt, {}};
  if (ind.def.unit == Unit::kPer10k) {
    const auto& cells = population.cells();
    auto it = cells.find(row.slice_value);
    row.denominator = row.slice_value == "All" ? population.all().first : it == cells.end() ? 0.0 : it->second.first;
  } else if (ind.def.unit == Unit::kPercent || ind.def.unit == Unit::kRatio) {
    row.denominator = den;
  }
  row.value = value_of(ind.def.unit, num, row.denominator);
  if (!row.value) row.note = "denominator is 0";
  return row;
}

}  // namespace

const std::vector<IndicatorDef>& indicator_catalogue() {
  static const std::vector<IndicatorDef> kDefs = [] {
    std::vector<IndicatorDef> out;
    for (const auto& i : indicators()) out.push_back(i.def);
    return out;
  }();
  return kDefs;
}

namespace {

// One tally per catalogue indicator (empty for those with no compute).
std::vector<engine::Tally> tallies_of(const CaseRecord& record, const Period& period, const IndicatorOptions& options,
                                      const returns::ssda903::PostcodeIndex* postcodes) {
  engine::Context context(record, period, options, postcodes);
  std::vector<engine::Tally> out(indicators().size());
  for (std::size_t i = 0; i < out.size(); ++i)
    if (indicators()[i].compute) indicators()[i].compute(context, out[i]);
  return out;
}

// The rows of a set of tallies; the population tally gives every rate per 10,000 its denominator.
std::vector<IndicatorRow> rows_of(const std::vector<engine::Tally>& tallies, bool have_postcodes) {
  const engine::Tally* population = nullptr;
  for (std::size_t i = 0; i < tallies.size(); ++i)
    if (indicators()[i].def.id == "children_population") population = &tallies[i];
  std::vector<IndicatorRow> rows;
  for (std::size_t i = 0; i < tallies.size(); ++i) {
    const Indicator& ind = indicators()[i];
    if (!ind.compute) {
      rows.push_back({&ind.def, "All", 0, std::nullopt, std::nullopt, std::string(ind.missing_note)});
      continue;
    }
    const engine::Tally& tally = tallies[i];
    rows.push_back(make_row(ind, "All", tally.all().first, tally.all().second, *population));
    if (ind.def.id == "cla_placed_20_miles_pct" && !have_postcodes) rows.back().note = "postcodes not loaded: distances unknown";
    for (const auto& [key, cell] : tally.cells()) rows.push_back(make_row(ind, key, cell.first, cell.second, *population));
  }
  return rows;
}

// Population counts made for another day would count the wrong children: every row says so rather than mislead.
std::vector<IndicatorRow> wrong_day_rows(Date as_of) {
  std::vector<IndicatorRow> rows;
  for (const auto& ind : indicators())
    rows.push_back({&ind.def, "All", 0, std::nullopt, std::nullopt,
                    "the record was loaded for periods ending " + as_of.iso() + ": load it for this period"});
  return rows;
}

}  // namespace

std::vector<IndicatorRow> compute_indicators(const CaseRecord& record, const Period& period, const IndicatorOptions& options,
                                             const returns::ssda903::PostcodeIndex* postcodes) {
  if (record.population && record.population->as_of != period.end) return wrong_day_rows(record.population->as_of);
  return rows_of(tallies_of(record, period, options, postcodes), postcodes != nullptr);
}

Result<EnglandIndicators> compute_by_council(const CouncilRecords& records, const Period& period, const IndicatorOptions& options,
                                             const returns::ssda903::PostcodeIndex* postcodes, unsigned threads) {
  if (records.as_of != period.end)
    return Status::invalid("the record was loaded for periods ending " + records.as_of.iso() + ", not " + period.end.iso());
  const std::size_t n = records.councils.size();
  // Largest councils first, so the last to finish is a small one.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  auto size = [&](std::size_t i) { const CaseRecord& r = records.councils[i].record; return r.contacts.size() + r.involvements.size() + r.people.size(); };
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return size(a) > size(b); });
  std::vector<std::vector<engine::Tally>> tallies(n);
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t k; (k = next.fetch_add(1)) < n;) {
      std::size_t i = order[k];
      tallies[i] = tallies_of(records.councils[i].record, period, options, postcodes);
    }
  };
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < std::min<std::size_t>(threads, n); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  EnglandIndicators out;
  std::vector<engine::Tally> england(indicators().size());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < england.size(); ++k) england[k].merge(tallies[i][k]);
    const CouncilRecord& c = records.councils[i];
    if (c.council != 0) out.councils.push_back({c.council, c.la_code, c.name, rows_of(tallies[i], postcodes != nullptr)});
  }
  out.england = rows_of(england, postcodes != nullptr);
  return out;
}

Result<returns::ssda903::PostcodeIndex> load_mentioned_postcodes(const std::vector<const CaseRecord*>& records, const std::string& data_dir) {
  std::unordered_set<std::uint64_t> wanted;
  for (const CaseRecord* r : records)
    for (const auto& p : r->cla_periods) {
      if (auto k = returns::ssda903::postcode_key(p.home_postcode)) wanted.insert(*k);
      for (const auto& pl : p.placements)
        if (auto k = returns::ssda903::postcode_key(pl.postcode)) wanted.insert(*k);
    }
  return returns::ssda903::PostcodeIndex::load(data_dir, [&](std::uint64_t k) { return wanted.count(k) > 0; });
}

Result<std::vector<IndicatorRow>> compute_indicators(store::Database& db, const Period& period, const IndicatorOptions& options,
                                                     const std::string& data_dir) {
  auto records = load_council_records(db, period.end);
  if (!records) return records.status();
  std::optional<returns::ssda903::PostcodeIndex> postcodes;
  if (!data_dir.empty()) {
    std::vector<const CaseRecord*> all;
    for (const auto& c : records->councils) all.push_back(&c.record);
    auto index = load_mentioned_postcodes(all, data_dir);
    if (!index) return index.status();
    postcodes = std::move(*index);
  }
  auto computed = compute_by_council(*records, period, options, postcodes ? &*postcodes : nullptr);
  if (!computed) return computed.status();
  return std::move(computed->england);
}

Result<Slice> parse_slice(std::string_view name) {
  for (Slice s : {Slice::kLocality, Slice::kHub, Slice::kTeam, Slice::kAgeBand, Slice::kSex, Slice::kEthnicity, Slice::kLegalStatus,
                  Slice::kPlacementType})
    if (slice_name(s) == name) return s;
  return Status::invalid("unknown slice '" + std::string(name) +
                         "': use locality, hub, team, age_band, sex, ethnicity, legal_status or placement_type");
}

std::string_view slice_name(Slice s) {
  switch (s) {
    case Slice::kNone: return "none";
    case Slice::kLocality: return "locality";
    case Slice::kHub: return "hub";
    case Slice::kTeam: return "team";
    case Slice::kAgeBand: return "age_band";
    case Slice::kSex: return "sex";
    case Slice::kEthnicity: return "ethnicity";
    case Slice::kLegalStatus: return "legal_status";
    case Slice::kPlacementType: return "placement_type";
  }
  return "none";
}

std::string_view unit_name(Unit u) {
  switch (u) {
    case Unit::kCount: return "count";
    case Unit::kPer10k: return "per_10k";
    case Unit::kPercent: return "percent";
    case Unit::kRatio: return "ratio";
    case Unit::kPounds: return "pounds";
  }
  return "count";
}

std::string_view polarity_name(Polarity p) {
  return p == Polarity::kHigherIsBetter ? "high" : p == Polarity::kLowerIsBetter ? "low" : "neutral";
}

}  // namespace kith::insight
