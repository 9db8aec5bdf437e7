#include <algorithm>

#include "insight/engine.h"

namespace kith::insight::engine {
namespace {

const std::vector<const ClaPeriodRow*> kNoPeriods;
const std::vector<const InvolvementRow*> kNoInvolvements;
const std::vector<const HealthCheckRow*> kNoChecks;

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

template <typename Row>
const Row* latest_started_by(const std::vector<Row>& rows, Date day) {
  const Row* out = nullptr;
  for (const auto& r : rows)
    if (r.start <= day) out = &r;
  return out;
}

}  // namespace

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
  for (const auto& [id, list] : periods_)
    if (looked_after_on(id, p.end)) cla_at_end_.push_back(id);
  std::sort(cla_at_end_.begin(), cla_at_end_.end());
  for (const auto& [id, c] : r.people) {
    bool child = c.birth && *c.birth <= p.end && p.end.years_since(*c.birth) < 18;
    bool alive = !c.death || *c.death > p.end;
    if (child && alive && c.locality) population_.add(child_key(id, p.end), 1);
  }
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
  if (age < 1) return "Under 1";
  if (age <= 4) return "1 to 4";
  if (age <= 9) return "5 to 9";
  if (age <= 15) return "10 to 15";
  if (age <= 17) return "16 to 17";
  return "18 and over";
}

std::optional<std::string> Context::child_key(Id person_id, Date day) const {
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
  auto it = record.families.find(family);
  const FamilyRow* f = it == record.families.end() ? nullptr : &it->second;
  switch (options.by) {
    case Slice::kLocality: return name_or(record.localities, f ? f->locality : std::nullopt, "No locality");
    case Slice::kHub: return name_or(record.hubs, f ? f->hub : std::nullopt, "No family hub");
    default: return std::nullopt;
  }
}

}  // namespace kith::insight::engine
