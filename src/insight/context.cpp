#include <algorithm>

#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

const std::vector<const ClaPeriodRow*> kNoPeriods;
const std::vector<const InvolvementRow*> kNoInvolvements;
const std::vector<const HealthCheckRow*> kNoChecks;
const std::vector<const EhcpRow*> kNoEhcps;

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

}  // namespace

void Tally::merge(const Tally& other) {
  all_.first += other.all_.first;
  all_.second += other.all_.second;
  for (const auto& [key, cell] : other.cells_) {
    auto& c = cells_[key];
    c.first += cell.first;
    c.second += cell.second;
  }
}

void Tally::add(const std::optional<std::string>& key, double numerator, double denominator) {
  all_.first += numerator;
  all_.second += denominator;
  if (!key) return;
  auto& c = cells_[*key];
  c.first += numerator;
  c.second += denominator;
}

Context::Context(const CaseRecord& r, const Period& p, const IndicatorOptions& o, const returns::ssda903::PostcodeIndex* pc)
    : record(r), period(p), options(o), postcodes(pc) {
  for (const auto& c : r.cla_periods) periods_[c.person].push_back(&c);
  for (const auto& i : r.involvements) involvements_[i.person].push_back(&i);
  for (const auto& h : r.health_checks) health_[h.person].push_back(&h);
  for (const auto& e : r.ehcps) ehcps_[e.person].push_back(&e);
  for (const auto& [id, list] : periods_)
    if (looked_after_on(id, p.end)) cla_at_end_.push_back(id);
  std::sort(cla_at_end_.begin(), cla_at_end_.end());
  if (r.population) count_population(*r.population);
  else count_population();
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

const std::vector<const ClaPeriodRow*>& Context::periods_of(Id person) const {
  auto it = periods_.find(person);
  return it == periods_.end() ? kNoPeriods : it->second;
}

const std::vector<const InvolvementRow*>& Context::involvements_of(Id person) const {
  auto it = involvements_.find(person);
  return it == involvements_.end() ? kNoInvolvements : it->second;
}

const std::vector<const HealthCheckRow*>& Context::health_checks_of(Id person) const {
  auto it = health_.find(person);
  return it == health_.end() ? kNoChecks : it->second;
}

const std::vector<const EhcpRow*>& Context::ehcps_of(Id person) const {
  auto it = ehcps_.find(person);
  return it == ehcps_.end() ? kNoEhcps : it->second;
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

// Unsliced (the common case, every row of every indicator) returns before any look-up.
std::optional<std::string> Context::child_key(Id person_id, Date day) const {
  if (options.by == Slice::kNone) return std::nullopt;
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
