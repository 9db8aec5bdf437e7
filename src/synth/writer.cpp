// Writes one council's rows, parents before children (foreign keys are
// enforced), with one prepared statement per table reused for every row and
// a commit every 50,000 rows. Rows outside the window (a child's history
// before the data starts) are left out, and references to them cleared.
#include <algorithm>

#include "synth/build.h"

namespace kith::synth {
namespace {

using store::Value;

constexpr std::int64_t kRowsPerCommit = 50000;

Value v(Id id) { return Value(std::int64_t(id)); }
Value v(int n) { return Value(std::int64_t(n)); }
Value v(bool b) { return Value(std::int64_t(b ? 1 : 0)); }
Value v(std::string_view s) { return Value(std::string(s)); }
Value v(const std::string& s) { return Value(s); }
Value v(const char* s) { return Value(std::string(s)); }
Value v(Date d) { return store::date(d); }
Value v(const OptDate& d) { return store::date(d); }
Value v(const std::optional<Id>& id) { return id ? v(*id) : store::null(); }
Value v(const std::optional<std::string_view>& s) { return s ? v(*s) : store::null(); }
std::string fmt_urn(Id provider) { return "SC" + std::to_string(100000 + provider % 900000); }
Value v(const std::optional<std::string>& s) { return s ? v(*s) : store::null(); }
Value v(double d) { return Value(d); }

class Writer {
 public:
  Writer(store::Database& db, TableCounts& counts, const std::function<void(double)>& progress, std::int64_t expected)
      : db_(db), counts_(counts), progress_(progress), expected_(std::max<std::int64_t>(1, expected)) {}

  // Starts a table: prepares its INSERT.
  Status table(const std::string& name, const std::string& columns) {
    int n = int(std::count(columns.begin(), columns.end(), ',')) + 1;
    std::string marks = "?";
    for (int i = 1; i < n; ++i) marks += ",?";
    auto stmt = db_.prepare("INSERT INTO " + name + " (" + columns + ") VALUES (" + marks + ")");
    if (!stmt) return stmt.status();
    stmt_ = std::move(*stmt);
    counts_.emplace_back(name, 0);
    return Status::ok();
  }

  Status row(const std::vector<Value>& values) {
    KITH_RETURN_IF_ERROR(stmt_->bind_all(values));
    auto done = stmt_->step();
    if (!done) return Status(done.status().code() == Status::Code::kConflict
                                 ? Status::conflict(counts_.back().first + ": " + done.status().message())
                                 : done.status());
    ++counts_.back().second;
    if (++written_ % kRowsPerCommit == 0) {
      KITH_RETURN_IF_ERROR(db_.commit());
      KITH_RETURN_IF_ERROR(db_.begin());
      if (progress_) progress_(std::min(1.0, double(written_) / double(expected_)));
    }
    return Status::ok();
  }

 private:
  store::Database& db_;
  TableCounts& counts_;
  const std::function<void(double)>& progress_;
  std::int64_t expected_, written_ = 0;
  std::unique_ptr<store::Statement> stmt_;
};

// Which rows of a table are written, looked up by id (ids are consecutive
// within a council, in vector order).
struct Kept {
  Id first = 0;
  std::vector<bool> keep;
  bool has(const std::optional<Id>& id) const {
    return id && *id >= first && *id - first < Id(keep.size()) && keep[std::size_t(*id - first)];
  }
};

template <typename T, typename Pred>
Kept kept(const std::vector<T>& rows, Pred pred) {
  Kept k;
  if (!rows.empty()) k.first = rows.front().id;
  k.keep.reserve(rows.size());
  for (const auto& r : rows) k.keep.push_back(pred(r));
  return k;
}

std::optional<Id> if_kept(const Kept& k, const std::optional<Id>& id) { return k.has(id) ? id : std::nullopt; }

// A UPN with a valid check letter: LA code, a school number, the year and a serial.
std::string upn(const std::string& la_code, Id person, Date birth) {
  char digits[24];
  // The school number and serial together carry the person id's last 7 digits, so UPNs are unique (CIN rule 1520).
  std::snprintf(digits, sizeof digits, "%03d%04d%02d%03d", std::atoi(la_code.c_str()) % 1000, int((person / 1000) % 10000),
                (birth.year() + 4) % 100, int(person % 1000));
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (digits[i] - '0') * (i + 2);
  static constexpr const char* kLetters = "ABCDEFGHJKLMNPQRTUVWXYZ";
  return std::string(1, kLetters[sum % 23]) + digits;
}

Status write_organisation(Writer& w, const Council& c) {
  KITH_RETURN_IF_ERROR(w.table("council", "id,la_code,ons_code,name"));
  KITH_RETURN_IF_ERROR(w.row({v(c.id), v(c.authority.la_code), v(c.authority.ons_code), v(c.name)}));
  KITH_RETURN_IF_ERROR(w.table("locality", "id,council_id,name"));
  for (const auto& l : c.localities) KITH_RETURN_IF_ERROR(w.row({v(l.id), v(c.id), v(l.name)}));
  KITH_RETURN_IF_ERROR(w.table("family_hub", "id,locality_id,name,postcode"));
  for (const auto& l : c.localities)
    for (std::size_t h = 0; h < l.hubs.size(); ++h) KITH_RETURN_IF_ERROR(w.row({v(l.hubs[h]), v(l.id), v(l.hub_names[h]), v(l.hub_postcodes[h])}));
  KITH_RETURN_IF_ERROR(w.table("learning_community", "id,locality_id,name"));
  for (const auto& lc : c.learning_communities) KITH_RETURN_IF_ERROR(w.row({v(lc.id), v(lc.locality_id), v(lc.name)}));
  KITH_RETURN_IF_ERROR(w.table("school", "id,learning_community_id,name,phase,postcode"));
  for (const auto& s : c.schools) KITH_RETURN_IF_ERROR(w.row({v(s.id), v(s.learning_community_id), v(s.name), v(s.phase), v(s.postcode)}));
  KITH_RETURN_IF_ERROR(w.table("team", "id,locality_id,family_hub_id,name,team_type"));
  for (const auto& t : c.teams)
    KITH_RETURN_IF_ERROR(w.row({v(t.id), t.locality >= 0 ? v(c.localities[std::size_t(t.locality)].id) : store::null(), v(t.hub_id),
                                v(t.name), v(team_type_name(t.type))}));
  KITH_RETURN_IF_ERROR(w.table("worker", "id,team_id,name,role,agency,contract,fte,start_date,leave_date,leave_reason"));
  for (const auto& k : c.workers)
    KITH_RETURN_IF_ERROR(w.row({v(k.id), v(c.teams[std::size_t(k.team)].id), v(k.name), v(k.role), v(k.agency), v(k.contract), v(k.fte),
                                v(k.start), v(k.leave), k.leave ? v(k.leave_reason) : store::null()}));
  KITH_RETURN_IF_ERROR(w.table("worker_absence", "id,worker_id,start_date,end_date,working_days"));
  for (const auto& a : c.absences) KITH_RETURN_IF_ERROR(w.row({v(a.id), v(a.worker_id), v(a.start), v(a.end), v(a.working_days)}));
  KITH_RETURN_IF_ERROR(w.table("placement_provider", "id,name,provider_type,provider_code,postcode,capacity,weekly_cost_pence"));
  for (const auto& p : c.providers)
    KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.name), v(p.provider_type), v(p.provider_code), v(p.postcode), v(p.capacity), v(p.weekly_cost_pence)}));
  // Each provider's Ofsted URN (the returns need it for registered placements): SC and six digits.
  KITH_RETURN_IF_ERROR(w.table("return_field", "entity,entity_id,field,value"));
  for (const auto& p : c.providers)
    KITH_RETURN_IF_ERROR(w.row({v("placement_provider"), v(p.id), v("URN"), v(fmt_urn(p.id))}));
  return Status::ok();
}

Status write_people(Writer& w, const Council& c) {
  KITH_RETURN_IF_ERROR(w.table("address", "id,postcode,easting,northing,locality_id"));
  for (const auto& a : c.addresses) {
    const Postcode& pc = c.postcodes[std::size_t(a.postcode)];
    KITH_RETURN_IF_ERROR(w.row({v(a.id), v(pc.text()), v(int(pc.easting)), v(int(pc.northing)), v(c.localities[std::size_t(a.locality)].id)}));
  }
  KITH_RETURN_IF_ERROR(w.table("person", "id,forename,surname,sex,birth_date,ethnicity,upn,disability,address_id,school_id"));
  for (const auto& p : c.people)
    KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.forename), v(p.surname), v(std::string(1, p.sex)), v(p.birth), v(p.ethnicity),
                                p.has_upn ? v(upn(c.authority.la_code, p.id, p.birth)) : store::null(), v(p.disability), v(p.address_id),
                                v(p.school_id)}));
  KITH_RETURN_IF_ERROR(w.table("family", "id,name,address_id,locality_id,family_hub_id"));
  for (const auto& f : c.families)
    KITH_RETURN_IF_ERROR(w.row({v(f.id), v(f.name), v(f.address_id), v(c.localities[std::size_t(f.locality)].id), v(f.hub_id)}));
  KITH_RETURN_IF_ERROR(w.table("family_member", "family_id,person_id,role,start_date"));
  for (const auto& f : c.families) {
    Date first_birth = c.people[std::size_t(f.children.front())].birth;
    for (int p : f.parents) KITH_RETURN_IF_ERROR(w.row({v(f.id), v(c.people[std::size_t(p)].id), v("parent"), v(first_birth)}));
    for (int p : f.children) KITH_RETURN_IF_ERROR(w.row({v(f.id), v(c.people[std::size_t(p)].id), v("child"), v(c.people[std::size_t(p)].birth)}));
  }
  return Status::ok();
}

struct KeptSets {
  Kept contacts, early_help, cin, cla, care_leavers;
};

Status write_front_door(Writer& w, const Council& c, const KeptSets& k) {
  KITH_RETURN_IF_ERROR(w.table("contact", "id,person_id,family_id,contact_date,source,decision,decision_date,worker_id"));
  for (const auto& x : c.contacts)
    if (k.contacts.has(x.id))
      KITH_RETURN_IF_ERROR(w.row({v(x.id), v(x.person_id), v(x.family_id), v(x.date), v(x.source), v(x.decision), v(x.decision_date), v(x.worker_id)}));
  // One conversation per contact: the conversation ids follow the contact ids.
  KITH_RETURN_IF_ERROR(w.table("conversation",
                               "id,contact_id,conversation_date,needs,best_placed,referrer_next_step,referrer_keeps_lead,advice_given,"
                               "signposted,alternative_to_referral"));
  for (const auto& x : c.contacts)
    if (k.contacts.has(x.id))
      KITH_RETURN_IF_ERROR(w.row({v(x.id), v(x.id), v(x.date), v(x.needs), v(x.best_placed), v(x.next_step), v(x.keeps_lead), v(x.advice),
                                  v(x.signposted), v(x.alternative)}));
  KITH_RETURN_IF_ERROR(w.table("early_help_episode", "id,family_id,contact_id,start_date,end_date,end_reason,team_id,stepped_down_from_cin"));
  for (const auto& e : c.early_help)
    if (k.early_help.has(e.id))
      KITH_RETURN_IF_ERROR(w.row({v(e.id), v(c.families[std::size_t(e.family)].id), v(if_kept(k.contacts, e.contact_id)), v(e.start), v(e.end),
                                  e.end ? v(e.end_reason) : store::null(), v(e.team_id), v(if_kept(k.cin, e.stepped_down_from_cin))}));
  KITH_RETURN_IF_ERROR(w.table("lead_professional", "id,family_id,worker_id,start_date,end_date,reason_for_change"));
  for (const auto& l : c.lead_professionals)
    KITH_RETURN_IF_ERROR(w.row({v(l.id), v(l.family_id), v(l.worker_id), v(l.start), v(l.end), l.reason.empty() ? store::null() : v(l.reason)}));
  KITH_RETURN_IF_ERROR(w.table("taf_member", "id,family_id,worker_id,agency,start_date,end_date"));
  for (const auto& t : c.taf_members) KITH_RETURN_IF_ERROR(w.row({v(t.id), v(t.family_id), v(t.worker_id), v(t.agency), v(t.start), v(t.end)}));
  return Status::ok();
}

Status write_child_in_need(Writer& w, const Council& c, const KeptSets& k) {
  KITH_RETURN_IF_ERROR(w.table("cin_episode",
                               "id,person_id,contact_id,referral_date,referral_source,primary_need,referral_nfa,close_date,reason_for_closure,"
                               "stepped_up_from_eh"));
  for (const auto& e : c.cin)
    if (k.cin.has(e.id))
      KITH_RETURN_IF_ERROR(w.row({v(e.id), v(e.person_id), v(if_kept(k.contacts, e.contact_id)), v(e.referral_date), v(e.source),
                                  v(e.primary_need), v(e.nfa), v(e.close), v(e.closure_reason), v(if_kept(k.early_help, e.stepped_up_from_eh))}));
  KITH_RETURN_IF_ERROR(w.table("assessment", "id,cin_episode_id,start_date,authorised_date,outcome,worker_id"));
  for (const auto& a : c.assessments)
    if (k.cin.has(a.cin_id))
      KITH_RETURN_IF_ERROR(w.row({v(a.id), v(a.cin_id), v(a.start), v(a.authorised), a.authorised && !a.outcome.empty() ? v(a.outcome) : store::null(),
                                  v(a.worker_id)}));
  KITH_RETURN_IF_ERROR(w.table("assessment_factor", "assessment_id,factor"));
  for (const auto& a : c.assessments)
    if (k.cin.has(a.cin_id) && a.authorised)
      for (auto f : a.factors) KITH_RETURN_IF_ERROR(w.row({v(a.id), v(f)}));
  KITH_RETURN_IF_ERROR(w.table("cin_plan", "id,cin_episode_id,start_date,end_date"));
  for (const auto& p : c.cin_plans)
    if (k.cin.has(p.cin_id)) KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.cin_id), v(p.start), v(p.end)}));
  KITH_RETURN_IF_ERROR(w.table("strategy_discussion", "id,cin_episode_id,discussion_date"));
  for (const auto& s : c.strategies)
    if (k.cin.has(s.cin_id)) KITH_RETURN_IF_ERROR(w.row({v(s.id), v(s.cin_id), v(s.date)}));
  KITH_RETURN_IF_ERROR(w.table("section47", "id,cin_episode_id,strategy_discussion_id,start_date,end_date,icpc_required"));
  for (const auto& s : c.section47s)
    if (k.cin.has(s.cin_id))
      KITH_RETURN_IF_ERROR(w.row({v(s.id), v(s.cin_id), v(s.strategy_id), v(s.start), s.end && *s.end <= c.window.until ? v(s.end) : store::null(),
                                  v(s.icpc_required)}));
  KITH_RETURN_IF_ERROR(w.table("conference", "id,cin_episode_id,section47_id,kind,conference_date,plan_required"));
  for (const auto& x : c.conferences)
    if (k.cin.has(x.cin_id) && x.date <= c.window.until)
      KITH_RETURN_IF_ERROR(w.row({v(x.id), v(x.cin_id), v(x.section47_id), v(x.kind), v(x.date), v(x.plan_required)}));
  KITH_RETURN_IF_ERROR(w.table("cp_plan", "id,cin_episode_id,person_id,start_date,end_date,initial_category,latest_category"));
  for (const auto& p : c.cp_plans)
    if (k.cin.has(p.cin_id))
      KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.cin_id), v(p.person_id), v(p.start), v(p.end), v(p.initial_category), v(p.latest_category)}));
  return Status::ok();
}

Status write_looked_after(Writer& w, const Council& c, const KeptSets& k) {
  KITH_RETURN_IF_ERROR(w.table("cla_period", "id,person_id,cin_episode_id,start_date,end_date,reason_ceased,category_of_need,home_postcode"));
  for (const auto& p : c.cla)
    if (k.cla.has(p.id))
      KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.person_id), v(p.cin_id), v(p.start), v(p.end), v(p.reason_ceased), v(p.category_of_need),
                                  v(p.home_postcode)}));
  KITH_RETURN_IF_ERROR(w.table("legal_status", "id,cla_period_id,start_date,status"));
  for (const auto& l : c.legal_statuses)
    if (k.cla.has(l.cla_id)) KITH_RETURN_IF_ERROR(w.row({v(l.id), v(l.cla_id), v(l.start), v(l.status)}));
  KITH_RETURN_IF_ERROR(w.table("placement",
                               "id,cla_period_id,provider_id,start_date,end_date,placement_type,provider_code,postcode,reason_change,"
                               "weekly_cost_pence"));
  for (const auto& p : c.placements)
    if (k.cla.has(p.cla_id))
      KITH_RETURN_IF_ERROR(w.row({v(p.id), v(p.cla_id), v(p.provider_id), v(p.start), v(p.end), v(p.type), v(p.provider_code), v(p.postcode),
                                  v(p.reason_change), v(p.weekly_cost_pence)}));
  KITH_RETURN_IF_ERROR(w.table("cla_review", "id,cla_period_id,review_date,participation"));
  for (const auto& r : c.reviews)
    if (k.cla.has(r.cla_id) && c.window.contains(r.date)) KITH_RETURN_IF_ERROR(w.row({v(r.id), v(r.cla_id), v(r.date), v(r.participation)}));
  KITH_RETURN_IF_ERROR(w.table("health_check", "id,person_id,kind,check_date"));
  for (const auto& h : c.health_checks)
    if (c.window.contains(h.date)) KITH_RETURN_IF_ERROR(w.row({v(h.id), v(h.person_id), v(h.kind), v(h.date)}));
  KITH_RETURN_IF_ERROR(w.table("health_outcome", "id,person_id,collection_year,sdq_score,sdq_reason,convicted,health_check,"
                                                  "immunisations,teeth_check,health_assessment,substance_misuse,"
                                                  "intervention_received,intervention_offered"));
  for (const auto& o : c.health_outcomes) {
    auto t = [](std::string_view s) { return s.empty() ? store::null() : store::Value(std::string(s)); };
    KITH_RETURN_IF_ERROR(w.row({v(o.id), v(o.person_id), v(o.collection_year), t(o.sdq_score), t(o.sdq_reason), t(o.convicted),
                                t(o.health_check), t(o.immunisations), t(o.teeth_check), t(o.health_assessment), t(o.substance_misuse),
                                t(o.intervention_received), t(o.intervention_offered)}));
  }
  KITH_RETURN_IF_ERROR(w.table("adoption_decision", "id,person_id,date_placed"));
  for (const auto& d : c.adoption_decisions)
    if (c.window.contains(d.decided)) KITH_RETURN_IF_ERROR(w.row({v(d.id), v(d.person_id), v(d.decided)}));
  KITH_RETURN_IF_ERROR(w.table("adoption", "id,person_id,date_int,date_match,foster_care,nb_adoptr,sex_adoptr,ls_adoptr"));
  for (const auto& a : c.adoptions)
    KITH_RETURN_IF_ERROR(w.row({v(a.id), v(a.person_id), v(a.decided), v(a.matched), v(a.foster_care), v(a.adopters), v(a.adopters_sex),
                                v(a.adopters_status)}));
  KITH_RETURN_IF_ERROR(w.table("missing_episode", "id,person_id,start_date,end_date,missing_type,return_interview_offered"));
  for (const auto& m : c.missing)
    if (c.window.contains(m.start))
      KITH_RETURN_IF_ERROR(w.row({v(m.id), v(m.person_id), v(m.start), v(m.end), v(m.type), v(m.interview_offered)}));
  KITH_RETURN_IF_ERROR(w.table("care_leaver", "id,person_id,personal_adviser_id,pathway_plan_date,eligibility"));
  for (const auto& l : c.care_leavers)
    if (k.care_leavers.has(l.id)) KITH_RETURN_IF_ERROR(w.row({v(l.id), v(l.person_id), v(l.adviser_id), v(l.pathway_plan), v(l.eligibility)}));
  KITH_RETURN_IF_ERROR(w.table("care_leaver_contact", "id,care_leaver_id,contact_date,in_touch,activity,accommodation"));
  for (const auto& x : c.care_leaver_contacts)
    if (k.care_leavers.has(x.care_leaver_id) && c.window.contains(x.date))
      KITH_RETURN_IF_ERROR(w.row({v(x.id), v(x.care_leaver_id), v(x.date), v(x.in_touch), v(x.activity), v(x.accommodation)}));
  return Status::ok();
}

}  // namespace

Status write_council(store::Database& db, const Council& c, IdSequences& ids, TableCounts& counts,
                     const std::function<void(double)>& progress) {
  KeptSets k;
  const Window& win = c.window;
  k.contacts = kept(c.contacts, [&](const Contact& x) { return win.contains(x.date); });
  k.early_help = kept(c.early_help, [&](const EarlyHelpEpisode& e) { return win.touches(e.start, e.end); });
  k.cin = kept(c.cin, [&](const CinEpisode& e) { return win.touches(e.referral_date, e.close); });
  k.cla = kept(c.cla, [&](const ClaPeriod& p) { return k.cin.has(p.cin_id); });
  k.care_leavers = kept(c.care_leavers, [&](const CareLeaver& l) { return win.touches(l.support_start, l.support_end); });
  std::int64_t expected = std::int64_t(c.people.size() * 3 + c.addresses.size() + c.contacts.size() + c.visits.size());
  Writer w(db, counts, progress, expected);
  KITH_RETURN_IF_ERROR(write_organisation(w, c));
  KITH_RETURN_IF_ERROR(write_people(w, c));
  KITH_RETURN_IF_ERROR(write_front_door(w, c, k));
  KITH_RETURN_IF_ERROR(write_child_in_need(w, c, k));
  KITH_RETURN_IF_ERROR(write_looked_after(w, c, k));
  KITH_RETURN_IF_ERROR(w.table("visit", "id,person_id,worker_id,visit_date,seen_alone,context"));
  for (const auto& x : c.visits) KITH_RETURN_IF_ERROR(w.row({v(ids.visit++), v(x.person_id), v(x.worker_id), v(x.date), v(x.seen_alone), v(x.context)}));
  KITH_RETURN_IF_ERROR(w.table("ehcp", "id,person_id,request_date,plan_date,end_date"));
  for (const auto& e : c.ehcps)
    if (win.touches(e.request, e.end)) KITH_RETURN_IF_ERROR(w.row({v(e.id), v(e.person_id), v(e.request), v(e.plan), v(e.end)}));
  KITH_RETURN_IF_ERROR(w.table("involvement", "id,person_id,worker_id,team_id,role,start_date,end_date,reason_for_change"));
  for (const auto& i : c.involvements)
    KITH_RETURN_IF_ERROR(w.row({v(i.id), v(i.person_id), v(i.worker_id), v(i.team_id), v(i.role), v(i.start), v(i.end),
                                i.reason.empty() ? store::null() : v(i.reason)}));
  return Status::ok();
}

}  // namespace kith::synth
