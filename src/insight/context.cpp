#include <algorithm>

#include "calendar/calendar.h"
#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

// Groups rows by person: `offsets` gets the row offsets person by person (record order kept within
// a person, by a stable sort), and each person's range of them is set through `range`.
template <typename Row, typename RangeOf>
void group_by_person(const std::vector<Row>& rows, std::vector<std::uint32_t>& offsets, RangeOf range) {
  offsets.resize(rows.size());
  for (std::uint32_t i = 0; i < rows.size(); ++i) offsets[i] = i;
  std::stable_sort(offsets.begin(), offsets.end(), [&](std::uint32_t a, std::uint32_t b) { return rows[a].person < rows[b].person; });
  for (std::uint32_t i = 0; i < offsets.size();) {
    std::uint32_t j = i;
    while (j < offsets.size() && rows[offsets[j]].person == rows[offsets[i]].person) ++j;
    range(rows[offsets[i]].person) = {i, j};
    i = j;
  }
}

bool short_breaks(const ClaPeriodRow& p, Date day) {
  const LegalStatusRow* current = nullptr;
  for (const auto& ls : p.legal_statuses)
    if (ls.start <= day) current = &ls;
  return current && (current->status == "V3" || current->status == "V4");
}

// DfE's major ethnic groups for SSDA903 codes (Chinese in "Other", as in the CLA statistics).
std::string ethnic_group(const std::string& code) {
  if (code == "REFU" || code == "NOBT") return "Refused or not obtained";
  if (code == "CHNE" || code.empty()) return "Other ethnic group";
  switch (code[0]) {
    case 'W': return "White";
    case 'M': return "Mixed";
    case 'A': return "Asian or Asian British";
    case 'B': return "Black or Black British";
    default: return "Other ethnic group";
  }
}

std::string name_or(const std::map<Id, std::string>& names, const std::optional<Id>& id, const char* none) {
  auto it = id ? names.find(*id) : names.end();
  return it == names.end() ? std::string(none) : it->second;
}

std::string sex_label(const std::string& s) { return s == "M" ? "Male" : s == "F" ? "Female" : "Not known"; }

// DfE's age bands (CIN and CLA statistics) by their youngest age (age_band_start).
std::string age_band_label(int youngest_age) {
  switch (youngest_age) {
    case 0: return "Under 1";
    case 1: return "1 to 4";
    case 5: return "5 to 9";
    case 10: return "10 to 15";
    default: return "16 to 17";
  }
}

// Children aged 0-17, alive and resident (home address in a locality) on `day`.
bool in_population(const ChildRow& c, Date day) {
  bool child = c.birth && *c.birth <= day && day.years_since(*c.birth) < 18;
  bool alive = !c.death || *c.death > day;
  return child && alive && c.locality;
}

template <typename Row>
const Row* latest_started_by(const std::vector<Row>& rows, Date day) {
  const Row* out = nullptr;
  for (const auto& r : rows)
    if (r.start <= day) out = &r;
  return out;
}

// Each referral: within 12 months after an earlier referral of the same child. Referrals are
// sorted by child then date, so the child's earlier referrals are the rows just before.
std::vector<bool> re_referrals_of(const std::vector<ReferralRow>& rows) {
  std::vector<bool> out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const Date year_before = r.referral.plus_months(-12);
    for (std::size_t j = i; j-- > 0 && rows[j].person == r.person;)
      if (rows[j].referral < r.referral && rows[j].referral >= year_before) out[i] = true;
  }
  return out;
}

}  // namespace

void RecordIndex::count_rows(const CaseRecord& r, std::size_t (&out)[9]) {
  const std::size_t counts[9] = {r.cla_periods.size(), r.involvements.size(), r.health_checks.size(), r.ehcps.size(), r.referrals.size(),
                                 r.assessments.size(), r.icpcs.size(),        r.care_leaver_contacts.size(), r.workers.size()};
  std::copy(std::begin(counts), std::end(counts), out);
}

std::shared_ptr<const RecordIndex> RecordIndex::of(const CaseRecord& r) {
  auto index = std::make_shared<RecordIndex>();
  RecordIndex& x = *index;
  group_by_person(r.cla_periods, x.periods, [&](Id p) -> Range& { return x.people[p].periods; });
  group_by_person(r.involvements, x.involvements, [&](Id p) -> Range& { return x.people[p].involvements; });
  group_by_person(r.health_checks, x.health_checks, [&](Id p) -> Range& { return x.people[p].health_checks; });
  group_by_person(r.ehcps, x.ehcps, [&](Id p) -> Range& { return x.people[p].ehcps; });

  x.referral_person.reserve(r.referrals.size());
  for (const auto& e : r.referrals) {
    auto it = x.people.find(e.person);
    x.referral_person.push_back(it == x.people.end() ? nullptr : &it->second);
  }
  x.re_referral = re_referrals_of(r.referrals);
  for (const auto& a : r.assessments) x.assessment_working_days.push_back(a.authorised ? calendar::working_days_between(a.start, *a.authorised) : 0);
  for (const auto& i : r.icpcs) x.icpc_working_days.push_back(i.strategy_discussion ? calendar::working_days_between(*i.strategy_discussion, i.date) : 0);
  for (const auto& c : r.care_leaver_contacts) {
    auto it = r.people.find(c.person);
    bool known = it != r.people.end() && it->second.birth;
    x.care_leaver_age.push_back(known ? c.date.years_since(*it->second.birth) : -1);
  }

  std::unordered_map<Id, std::uint32_t> worker_row;
  for (std::uint32_t k = 0; k < r.workers.size(); ++k) x.worker_first_row.push_back(worker_row.emplace(r.workers[k].id, k).first->second);
  for (const auto& i : r.involvements) {
    x.allocated_social_worker.push_back(i.role == "allocated_social_worker");
    auto it = worker_row.find(i.worker);
    x.involvement_worker.push_back(it == worker_row.end() ? kNoRow : it->second);
  }
  count_rows(r, x.rows_);
  return index;
}

bool RecordIndex::matches(const CaseRecord& r) const {
  std::size_t now[9];
  count_rows(r, now);
  return std::equal(std::begin(now), std::end(now), std::begin(rows_));
}

void Tally::add_cell(const std::string& key, double numerator, double denominator) {
  auto& c = cells_[key];
  c.first += numerator;
  c.second += denominator;
}

void Tally::merge(const Tally& other) {
  all_.first += other.all_.first;
  all_.second += other.all_.second;
  for (const auto& [key, cell] : other.cells_) {
    auto& c = cells_[key];
    c.first += cell.first;
    c.second += cell.second;
  }
}


Context::Context(const CaseRecord& r, const Period& p, const IndicatorOptions& o, const returns::ssda903::PostcodeIndex* pc)
    : record(r), period(p), options(o), postcodes(pc), year_start(p.year_start()), index_(r.index && r.index->matches(r) ? r.index : RecordIndex::of(r)) {
  find_looked_after_at_end();
  if (r.population) count_population(*r.population);
  else count_population();
}

// A child is looked after at the end when a period of care open that day is not short breaks;
// their spell is the first such period in record order, as looked_after_on finds it.
void Context::find_looked_after_at_end() {
  for (const auto& c : record.cla_periods)
    if (open_on(c.start, c.end, period.end) && !short_breaks(c, period.end)) cla_at_end_.push_back({c.person, nullptr, &c, nullptr});
  std::stable_sort(cla_at_end_.begin(), cla_at_end_.end(), [](const LookedAfter& a, const LookedAfter& b) { return a.person < b.person; });
  auto same = [](const LookedAfter& a, const LookedAfter& b) { return a.person == b.person; };
  cla_at_end_.erase(std::unique(cla_at_end_.begin(), cla_at_end_.end(), same), cla_at_end_.end());
  for (LookedAfter& la : cla_at_end_) {
    la.child = person(la.person);
    la.rows = rows_of(la.person);
    la.looked_after_a_year = la.spell->start.plus_months(12) <= period.end;
  }
}

// Every person of the record: those aged 0-17, alive and resident on the last day.
void Context::count_population() {
  for (const auto& [id, c] : record.people)
    if (in_population(c, period.end)) population_.add(child_key(id, period.end), 1);
}

// The same count from cells counted in SQL. The slices that depend on a
// child's allocations or care (team, legal status, placement type) start every
// child at the value of a child with none ("Unallocated", "Not looked after")
// and move the loaded children - the only ones with allocations or periods of
// care - to their own value.
void Context::count_population(const PopulationCounts& counts) {
  std::map<std::string, double> cells;
  double all = 0;
  for (const PopulationCell& cell : counts.cells) {
    all += double(cell.children);
    switch (options.by) {
      case Slice::kNone: break;
      case Slice::kLocality: cells[name_or(record.localities, cell.locality, "No locality")] += double(cell.children); break;
      case Slice::kHub: cells[name_or(record.hubs, cell.hub, "No family hub")] += double(cell.children); break;
      case Slice::kAgeBand: cells[age_band_label(cell.youngest_age)] += double(cell.children); break;
      case Slice::kSex: cells[sex_label(cell.sex)] += double(cell.children); break;
      case Slice::kEthnicity: cells[ethnic_group(cell.ethnicity)] += double(cell.children); break;
      case Slice::kTeam: cells["Unallocated"] += double(cell.children); break;
      case Slice::kLegalStatus:
      case Slice::kPlacementType: cells["Not looked after"] += double(cell.children); break;
    }
  }
  if (options.by == Slice::kTeam || options.by == Slice::kLegalStatus || options.by == Slice::kPlacementType) {
    const std::string fallback = options.by == Slice::kTeam ? "Unallocated" : "Not looked after";
    for (const auto& [id, c] : record.people) {
      if (!in_population(c, period.end)) continue;
      std::string key = *child_key(id, period.end);
      if (key == fallback) continue;
      cells[key] += 1;
      cells[fallback] -= 1;
    }
  }
  if (options.by == Slice::kNone) population_.add(std::nullopt, all);
  for (const auto& [key, n] : cells)
    if (n != 0) population_.add(key, n);  // as one record: a cell exists only when a child is in it
}

const ChildRow* Context::person(Id id) const {
  auto it = record.people.find(id);
  return it == record.people.end() ? nullptr : &it->second;
}

const RecordIndex::Person* Context::rows_of(Id person) const {
  auto it = index_->people.find(person);
  return it == index_->people.end() ? nullptr : &it->second;
}

namespace {
template <typename Row>
RowsOf<Row> rows_in(const std::vector<Row>& rows, const std::vector<std::uint32_t>& offsets, const RecordIndex::Person* p,
                    RecordIndex::Range RecordIndex::Person::*range) {
  if (!p) return {};
  const RecordIndex::Range& r = p->*range;
  return {rows.data(), offsets.data() + r.begin, offsets.data() + r.end};
}
}  // namespace

RowsOf<ClaPeriodRow> Context::periods_of(const RecordIndex::Person* p) const {
  return rows_in(record.cla_periods, index_->periods, p, &RecordIndex::Person::periods);
}

RowsOf<InvolvementRow> Context::involvements_of(const RecordIndex::Person* p) const {
  return rows_in(record.involvements, index_->involvements, p, &RecordIndex::Person::involvements);
}

RowsOf<HealthCheckRow> Context::health_checks_of(const RecordIndex::Person* p) const {
  return rows_in(record.health_checks, index_->health_checks, p, &RecordIndex::Person::health_checks);
}

RowsOf<EhcpRow> Context::ehcps_of(const RecordIndex::Person* p) const {
  return rows_in(record.ehcps, index_->ehcps, p, &RecordIndex::Person::ehcps);
}

const ClaPeriodRow* Context::looked_after_on(Id person, Date day) const {
  for (const auto* p : periods_of(person))
    if (open_on(p->start, p->end, day) && !short_breaks(*p, day)) return p;
  return nullptr;
}

std::optional<std::string> Context::team_name(const std::optional<Id>& team) const {
  if (!team) return std::nullopt;
  auto it = record.teams.find(*team);
  return it == record.teams.end() ? std::nullopt : std::optional<std::string>(it->second.name);
}

// DfE's age bands (CIN and CLA statistics), with the care leavers' ages after them.
std::string Context::age_band(Id person_id, Date day) const {
  const ChildRow* c = person(person_id);
  if (!c || !c->birth || *c->birth > day) return "Unborn or not known";
  int age = day.years_since(*c->birth);
  return age <= 17 ? age_band_label(age_band_start(age)) : "18 and over";
}

std::optional<std::string> Context::sliced_child_key(Id person_id, Date day) const {
  const ChildRow* c = person(person_id);
  switch (options.by) {
    case Slice::kNone: return std::nullopt;
    case Slice::kLocality: return name_or(record.localities, c ? c->locality : std::nullopt, "No locality");
    case Slice::kHub: return name_or(record.hubs, c ? c->hub : std::nullopt, "No family hub");
    case Slice::kAgeBand: return age_band(person_id, day);
    case Slice::kSex: return sex_label(c ? c->sex : "");
    case Slice::kEthnicity: return ethnic_group(c ? c->ethnicity : "");
    case Slice::kTeam: {
      const InvolvementRow* current = nullptr;  // the latest allocation open that day
      for (const auto* i : involvements_of(person_id))
        if (open_on(i->start, i->end, day) && (!current || i->start >= current->start)) current = i;
      return current ? team_name(current->team).value_or("Team not recorded") : "Unallocated";
    }
    case Slice::kLegalStatus: {
      const ClaPeriodRow* p = looked_after_on(person_id, day);
      const LegalStatusRow* ls = p ? latest_started_by(p->legal_statuses, day) : nullptr;
      return !p ? "Not looked after" : ls ? ls->status : "Not recorded";
    }
    case Slice::kPlacementType: {
      const ClaPeriodRow* p = looked_after_on(person_id, day);
      const PlacementRow* pl = p ? latest_started_by(p->placements, day) : nullptr;
      return !p ? "Not looked after" : pl ? pl->type : "Not recorded";
    }
  }
  return std::nullopt;
}

std::optional<std::string> Context::worker_key(const WorkerRow& w) const {
  if (options.by != Slice::kTeam && options.by != Slice::kLocality && options.by != Slice::kHub) return std::nullopt;
  const TeamRow* t = nullptr;
  if (w.team)
    if (auto it = record.teams.find(*w.team); it != record.teams.end()) t = &it->second;
  switch (options.by) {
    case Slice::kTeam: return t ? t->name : "No team";
    case Slice::kLocality: return name_or(record.localities, t ? t->locality : std::nullopt, "Council-wide");
    case Slice::kHub: return name_or(record.hubs, t ? t->hub : std::nullopt, "No family hub");
    default: return std::nullopt;  // workers have no age band, sex, legal status ... in these measures
  }
}

std::optional<std::string> Context::family_key(Id family) const {
  if (options.by != Slice::kLocality && options.by != Slice::kHub) return std::nullopt;
  auto it = record.families.find(family);
  const FamilyRow* f = it == record.families.end() ? nullptr : &it->second;
  switch (options.by) {
    case Slice::kLocality: return name_or(record.localities, f ? f->locality : std::nullopt, "No locality");
    case Slice::kHub: return name_or(record.hubs, f ? f->hub : std::nullopt, "No family hub");
    default: return std::nullopt;
  }
}

}  // namespace kith::insight::engine

namespace kith::insight {

void index_case_record(CaseRecord& record) { record.index = engine::RecordIndex::of(record); }

}  // namespace kith::insight
