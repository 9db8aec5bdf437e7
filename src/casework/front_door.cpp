#include "casework/front_door.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>

#include "store/audited_write.h"

namespace kith::casework {
namespace {

struct Label {
  std::string_view key, label;
};

constexpr Label kSourceLabels[] = {{"police", "Police"},       {"health", "Health"},       {"school", "School"},
                                   {"family", "Family member"}, {"self", "Self (the child or young person)"},
                                   {"voluntary", "Voluntary sector"}, {"anonymous", "Anonymous"}, {"other_council", "Other council"}};
constexpr Label kDecisionLabels[] = {{"nfa", "No further action"},
                                     {"advice", "Advice to the referrer"},
                                     {"signpost", "Signpost to a family hub or service"},
                                     {"early_help", "Early help"},
                                     {"referral", "Referral to children's social care"},
                                     {"strategy_discussion", "Strategy discussion"}};
constexpr Label kAgencyLabels[] = {{"police", "Police"},   {"health", "Health"},       {"education", "Education"},
                                   {"housing", "Housing"}, {"probation", "Probation"}, {"adult_social_care", "Adult social care"},
                                   {"other", "Other"}};
// CIN census ReferralSource for each front-door source.
constexpr Label kReferralSources[] = {{"police", "6"}, {"health", "3F"},    {"school", "2A"},    {"family", "1A"},
                                      {"self", "1C"},  {"voluntary", "8"}, {"anonymous", "9"}, {"other_council", "5C"}};

template <std::size_t N>
std::string_view lookup(const Label (&labels)[N], std::string_view key) {
  for (const Label& l : labels)
    if (l.key == key) return l.label;
  return {};
}

template <std::size_t N>
bool one_of(const std::string_view (&list)[N], std::string_view v) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

Result<bool> exists(store::Database& db, const std::string& table, Id id) {
  auto n = db.scalar("SELECT count(*) FROM " + table + " WHERE id = ?", {id});
  if (!n) return n.status();
  return *n > 0;
}

Status first_problem(const std::vector<FieldProblem>& problems) {
  return problems.empty() ? Status::ok() : Status::invalid(problems.front().field + ": " + problems.front().message);
}

Status audit(store::Database& db, const store::WriteContext& ctx, const std::string& action, const std::string& entity, Id id) {
  return ctx.audit.append(db, {ctx.actor, action, entity, std::to_string(id), ctx.reason});
}

Result<Id> insert_with_id(store::Database& db, const std::string& table, const std::string& sql, std::vector<store::Value> params) {
  auto id = store::next_id(db, table);
  if (!id) return id.status();
  params.insert(params.begin(), *id);
  KITH_RETURN_IF_ERROR(db.run(sql, params));
  return *id;
}

// The child's current family (as a child member), if any.
Result<std::optional<Id>> family_of(store::Database& db, Id person) {
  std::optional<Id> f;
  Status s = db.run("SELECT family_id FROM family_member WHERE person_id = ? AND role = 'child' AND end_date IS NULL "
                    "ORDER BY start_date DESC LIMIT 1",
                    {person}, [&](const store::Statement& st) { f = st.int64(0); });
  if (!s) return s;
  return f;
}

struct Place {
  std::string postcode;
  std::optional<Id> school;
};

Result<Place> place_of(store::Database& db, Id person) {
  Place p;
  Status s = db.run("SELECT a.postcode, pe.school_id FROM person pe LEFT JOIN address a ON a.id = pe.address_id WHERE pe.id = ?", {person},
                    [&](const store::Statement& st) { p = {st.opt_text(0).value_or(""), st.opt_int64(1)}; });
  if (!s) return s;
  return p;
}

// A new child: address, person, family and membership, each audited.
Result<RecordedContact> add_child(store::Database& db, const store::WriteContext& ctx, const NewContact& c, const RoutingSuggestion& r) {
  const NewChild& n = c.new_child;
  RecordedContact out;
  std::string pc = normalise_postcode(n.postcode);
  auto grid = locate_postcode(db, pc);
  if (!grid) return grid.status();
  auto address = insert_with_id(db, "address", "INSERT INTO address (id, postcode, easting, northing, locality_id) VALUES (?,?,?,?,?)",
                                {pc, *grid ? store::Value(std::int64_t((*grid)->easting)) : store::null(),
                                 *grid ? store::Value(std::int64_t((*grid)->northing)) : store::null(), store::opt(r.locality_id)});
  if (!address) return address.status();
  auto person = insert_with_id(db, "person",
                               "INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id, school_id) "
                               "VALUES (?,?,?,?,?,'NOBT',?,?)",
                               {n.forename, n.surname, n.sex, n.birth_date.empty() ? store::null() : store::Value(n.birth_date), *address,
                                store::opt(n.school_id)});
  if (!person) return person.status();
  auto family = insert_with_id(db, "family", "INSERT INTO family (id, name, address_id, locality_id, family_hub_id) VALUES (?,?,?,?,?)",
                               {n.surname + " family", *address, store::opt(r.locality_id), store::opt(r.family_hub_id)});
  if (!family) return family.status();
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO family_member (family_id, person_id, role, start_date) VALUES (?,?,'child',?)",
                              {*family, *person, n.birth_date.empty() ? c.contact_date.iso() : n.birth_date}));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "person", *person));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "family", *family));
  out.person_id = *person;
  out.family_id = *family;
  return out;
}

// An existing child keeps their family; one without a family gets one, so
// early help (which is for the family) can start.
Result<Id> ensure_family(store::Database& db, const store::WriteContext& ctx, Id person, const RoutingSuggestion& r, Date on) {
  auto f = family_of(db, person);
  if (!f) return f.status();
  if (*f) return **f;
  std::string surname;
  std::optional<Id> address;
  KITH_RETURN_IF_ERROR(db.run("SELECT surname, address_id FROM person WHERE id = ?", {person},
                              [&](const store::Statement& s) { surname = s.text(0), address = s.opt_int64(1); }));
  auto family = insert_with_id(db, "family", "INSERT INTO family (id, name, address_id, locality_id, family_hub_id) VALUES (?,?,?,?,?)",
                               {surname + " family", store::opt(address), store::opt(r.locality_id), store::opt(r.family_hub_id)});
  if (!family) return family.status();
  KITH_RETURN_IF_ERROR(db.run("INSERT INTO family_member (family_id, person_id, role, start_date) VALUES (?,?,'child',?)",
                              {*family, person, on.iso()}));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "family", *family));
  return *family;
}

}  // namespace

std::string_view source_label(std::string_view source) { return lookup(kSourceLabels, source); }
std::string_view decision_label(std::string_view decision) { return lookup(kDecisionLabels, decision); }
std::string_view agency_label(std::string_view agency) { return lookup(kAgencyLabels, agency); }

bool may_use_front_door(Role role) {
  return role == Role::kPractitioner || role == Role::kTeamManager || role == Role::kLocalityManager;
}

std::vector<FieldProblem> check_contact(store::Database& db, const NewContact& c) {
  std::vector<FieldProblem> out;
  if (c.person_id) {
    auto known = exists(db, "person", *c.person_id);
    if (!known || !*known) out.push_back({"person_id", "There is no child with that record number"});
  } else {
    const NewChild& n = c.new_child;
    if (n.forename.empty()) out.push_back({"forename", "Enter the child's first name"});
    if (n.surname.empty()) out.push_back({"surname", "Enter the child's last name"});
    if (!n.birth_date.empty()) {
      auto d = Date::parse_iso(n.birth_date);
      if (!d) out.push_back({"birth_date", "Date of birth must be a real date, like 2016-05-01"});
      else if (*d > c.contact_date) out.push_back({"birth_date", "Date of birth must be today or in the past"});
    }
    if (n.sex != "M" && n.sex != "F" && n.sex != "U") out.push_back({"sex", "Select the child's sex, or not known"});
    if (normalise_postcode(n.postcode).empty()) out.push_back({"postcode", "Enter a real postcode, like AB1 2CD"});
    if (n.school_id) {
      auto known = exists(db, "school", *n.school_id);
      if (!known || !*known) out.push_back({"school_id", "Choose a school from the list"});
    }
  }
  if (!one_of(kContactSources, c.source)) out.push_back({"source", "Select who got in touch"});
  if (c.source != "anonymous" && c.referrer_name.empty()) out.push_back({"referrer_name", "Enter the name of the person who got in touch"});
  return out;
}

Result<RecordedContact> record_contact(store::Database& db, const store::WriteContext& ctx, const NewContact& c) {
  KITH_RETURN_IF_ERROR(first_problem(check_contact(db, c)));
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  RecordedContact out;
  Place place{normalise_postcode(c.new_child.postcode), c.new_child.school_id};
  if (c.person_id) {
    auto p = place_of(db, *c.person_id);
    if (!p) return p.status();
    place = *p;
  }
  auto routing = suggest_routing(db, place.postcode, place.school, "early_help");
  if (!routing) return routing.status();
  out.routing = *routing;
  if (c.person_id) {
    out.person_id = *c.person_id;
    auto family = ensure_family(db, ctx, *c.person_id, *routing, c.contact_date);
    if (!family) return family.status();
    out.family_id = *family;
  } else {
    auto added = add_child(db, ctx, c, *routing);
    if (!added) return added.status();
    out.person_id = added->person_id, out.family_id = added->family_id;
  }
  auto contact = insert_with_id(db, "contact",
                                "INSERT INTO contact (id, person_id, family_id, contact_date, source, worker_id, received_at, "
                                "referrer_name, referrer_organisation) VALUES (?,?,?,?,?,?,?,?,?)",
                                {out.person_id, out.family_id, c.contact_date.iso(), c.source, store::opt(c.worker_id), c.received_at,
                                 c.referrer_name, c.referrer_organisation});
  if (!contact) return contact.status();
  out.contact_id = *contact;
  auto routed = store_routing(db, out.family_id, out.contact_id, *routing, c.contact_date, ctx.actor);
  if (!routed) return routed.status();
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "contact", out.contact_id));
  KITH_RETURN_IF_ERROR(tx.commit());
  return out;
}

std::vector<FieldProblem> check_decision(store::Database& db, const Decision& d) {
  std::vector<FieldProblem> out;
  if (d.needs.empty()) out.push_back({"needs", "Enter the family's needs, in their words"});
  for (std::size_t i = 0; i < d.checks.size(); ++i) {
    const PartnerCheck& c = d.checks[i];
    if (c.agency.empty() && c.finding.empty()) continue;
    std::string n = std::to_string(i + 1);
    if (!one_of(kPartnerAgencies, c.agency)) out.push_back({"check_agency_" + n, "Select the agency for partner check " + n});
    if (c.finding.empty()) out.push_back({"check_finding_" + n, "Enter what the agency holds for partner check " + n + ", or \"nothing known\""});
  }
  if (!one_of(kDecisions, d.decision)) {
    out.push_back({"decision", "Select the decision"});
    return out;
  }
  if (d.decision == "signpost") {
    bool known = false;
    if (d.signpost_service_id) {
      auto e = exists(db, "directory_service", *d.signpost_service_id);
      known = e && *e;
    }
    if (!known) out.push_back({"signpost_service_id", "Choose the family hub or service from the directory"});
  }
  if ((d.decision == "referral" || d.decision == "strategy_discussion") && d.reason.empty())
    out.push_back({"reason", "Enter why the child needs children's social care"});
  return out;
}

namespace {

Status check_nothing_open(store::Database& db, const std::string& decision, Id person, Id family) {
  if (decision == "early_help" && family == 0) return Status::invalid("decision: the child has no family record for early help");
  if (decision == "early_help") {
    auto open = db.scalar("SELECT count(*) FROM early_help_episode WHERE family_id = ? AND end_date IS NULL", {family});
    if (!open) return open.status();
    if (*open > 0) return Status::invalid("decision: the family already has early help; add to its plan instead");
  }
  if (decision == "referral" || decision == "strategy_discussion") {
    auto open = db.scalar("SELECT count(*) FROM cin_episode WHERE person_id = ? AND close_date IS NULL", {person});
    if (!open) return open.status();
    if (*open > 0) return Status::invalid("decision: the child already has an open referral to children's social care");
  }
  return Status::ok();
}

std::optional<Id> routed_team(store::Database& db, Id family) {
  std::optional<Id> team;
  (void)db.run("SELECT team_id FROM routing WHERE family_id = ? ORDER BY id DESC LIMIT 1", {family},
               [&](const store::Statement& s) { team = s.opt_int64(0); });
  return team;
}

// What the decision opens on the child's and family's records.
Status open_next(store::Database& db, const store::WriteContext& ctx, const Decision& d, const std::string& source, Id person, Id family,
                 DecisionResult& out) {
  if (d.decision == "early_help") {
    auto eh = insert_with_id(db, "early_help_episode",
                             "INSERT INTO early_help_episode (id, family_id, contact_id, start_date, team_id) VALUES (?,?,?,?,?)",
                             {family, d.contact_id, d.decided_on.iso(), store::opt(routed_team(db, family))});
    if (!eh) return eh.status();
    out.early_help_episode_id = *eh;
    return audit(db, ctx, "create", "early_help_episode", *eh);
  }
  if (d.decision != "referral" && d.decision != "strategy_discussion") return Status::ok();
  auto cin = insert_with_id(db, "cin_episode",
                            "INSERT INTO cin_episode (id, person_id, contact_id, referral_date, referral_source) VALUES (?,?,?,?,?)",
                            {person, d.contact_id, d.decided_on.iso(), std::string(lookup(kReferralSources, source))});
  if (!cin) return cin.status();
  out.cin_episode_id = *cin;
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "cin_episode", *cin));
  if (d.decision != "strategy_discussion") return Status::ok();
  auto sd = insert_with_id(db, "strategy_discussion", "INSERT INTO strategy_discussion (id, cin_episode_id, discussion_date) VALUES (?,?,?)",
                           {*cin, d.decided_on.iso()});
  if (!sd) return sd.status();
  out.strategy_discussion_id = *sd;
  return audit(db, ctx, "create", "strategy_discussion", *sd);
}

}  // namespace

Result<DecisionResult> decide(store::Database& db, const store::WriteContext& ctx, const Decision& d) {
  KITH_RETURN_IF_ERROR(first_problem(check_decision(db, d)));
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  Id person = 0, family = 0;
  std::string source;
  bool decided = false, found = false;
  std::int64_t version = 0;
  KITH_RETURN_IF_ERROR(db.run("SELECT person_id, family_id, source, decision, version FROM contact WHERE id = ?", {d.contact_id},
                              [&](const store::Statement& s) {
                                found = true, person = s.int64(0), family = s.opt_int64(1).value_or(0), source = s.text(2),
                                decided = !s.is_null(3), version = s.int64(4);
                              }));
  if (!found) return Status::not_found("no contact with id " + std::to_string(d.contact_id));
  const std::string what = "the contact about this child";
  // Checked first so that nothing is inserted for a stale form; the UPDATE below checks again for a writer in between.
  if (decided || version != d.contact_version) return changed_since_opened(what);
  KITH_RETURN_IF_ERROR(check_nothing_open(db, d.decision, person, family));
  DecisionResult out;
  out.alternative_to_referral = d.decision == "advice" || d.decision == "signpost" || d.decision == "early_help" ||
                                (d.decision == "nfa" && d.advice_given);
  bool advice = d.advice_given || d.decision == "advice";
  auto conversation = insert_with_id(
      db, "conversation",
      "INSERT INTO conversation (id, contact_id, conversation_date, needs, best_placed, referrer_next_step, referrer_keeps_lead, "
      "advice_given, signposted, alternative_to_referral) VALUES (?,?,?,?,?,?,?,?,?,?)",
      {d.contact_id, d.decided_on.iso(), d.needs, d.best_placed, d.referrer_next_step, std::int64_t(d.referrer_keeps_lead),
       std::int64_t(advice), std::int64_t(d.decision == "signpost"), std::int64_t(out.alternative_to_referral)});
  if (!conversation) return conversation.status();
  for (const PartnerCheck& c : d.checks) {
    if (c.agency.empty()) continue;
    auto check = insert_with_id(db, "partner_check", "INSERT INTO partner_check (id, contact_id, agency, finding, checked_on) VALUES (?,?,?,?,?)",
                                {d.contact_id, c.agency, c.finding, d.decided_on.iso()});
    if (!check) return check.status();
  }
  KITH_RETURN_IF_ERROR(update_seen(db,
                                   "UPDATE contact SET decision = ?, decision_date = ?, decided_at = ?, decision_reason = ?, "
                                   "signpost_service_id = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                   {d.decision, d.decided_on.iso(), d.decided_at, d.reason,
                                    d.decision == "signpost" ? store::opt(d.signpost_service_id) : store::null()},
                                   {d.contact_id, d.contact_version}, what));
  KITH_RETURN_IF_ERROR(open_next(db, ctx, d, source, person, family, out));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "create", "conversation", *conversation));
  KITH_RETURN_IF_ERROR(audit(db, ctx, "update", "contact", d.contact_id));
  KITH_RETURN_IF_ERROR(tx.commit());
  return out;
}

namespace {

constexpr const char* kContactColumns =
    "SELECT c.id, c.person_id, c.family_id, p.forename || ' ' || p.surname, c.source, coalesce(c.referrer_name, ''), "
    "coalesce(c.referrer_organisation, ''), c.contact_date, coalesce(c.received_at, ''), coalesce(c.decided_at, ''), "
    "coalesce(c.decision, ''), coalesce(c.decision_reason, ''), c.decision_date, c.signpost_service_id, coalesce(d.name, ''), c.version "
    "FROM contact c JOIN person p ON p.id = c.person_id LEFT JOIN directory_service d ON d.id = c.signpost_service_id ";

ContactView read_contact(const store::Statement& s) {
  ContactView v;
  v.id = s.int64(0), v.person_id = s.int64(1), v.family_id = s.opt_int64(2), v.child_name = s.text(3), v.source = s.text(4);
  v.referrer_name = s.text(5), v.referrer_organisation = s.text(6), v.contact_date = s.date(7).value_or(Date());
  v.received_at = s.text(8), v.decided_at = s.text(9), v.decision = s.text(10), v.decision_reason = s.text(11);
  v.decision_date = s.date(12), v.signpost_service_id = s.opt_int64(13), v.signpost_service = s.text(14), v.version = s.int64(15);
  v.minutes_to_decision = minutes_between(v.received_at, v.decided_at);
  return v;
}

}  // namespace

Result<ContactView> load_contact(store::Database& db, Id contact_id) {
  std::optional<ContactView> v;
  KITH_RETURN_IF_ERROR(db.run(std::string(kContactColumns) + "WHERE c.id = ?", {contact_id},
                              [&](const store::Statement& s) { v = read_contact(s); }));
  if (!v) return Status::not_found("no contact with id " + std::to_string(contact_id));
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT needs, coalesce(best_placed, ''), coalesce(referrer_next_step, ''), referrer_keeps_lead, advice_given, alternative_to_referral "
      "FROM conversation WHERE contact_id = ? ORDER BY id DESC LIMIT 1",
      {contact_id}, [&](const store::Statement& s) {
        v->needs = s.text(0), v->best_placed = s.text(1), v->referrer_next_step = s.text(2);
        v->referrer_keeps_lead = s.int64(3) != 0, v->advice_given = s.int64(4) != 0, v->alternative_to_referral = s.int64(5) != 0;
      }));
  KITH_RETURN_IF_ERROR(db.run("SELECT agency, finding FROM partner_check WHERE contact_id = ? ORDER BY id", {contact_id},
                              [&](const store::Statement& s) { v->checks.push_back({s.text(0), s.text(1)}); }));
  return *v;
}

Result<std::vector<ContactView>> contacts_on(store::Database& db, Date day) {
  std::vector<ContactView> out;
  KITH_RETURN_IF_ERROR(db.run(std::string(kContactColumns) + "WHERE c.contact_date = ? ORDER BY c.id DESC", {day.iso()},
                              [&](const store::Statement& s) { out.push_back(read_contact(s)); }));
  return out;
}

std::optional<long> minutes_between(std::string_view from, std::string_view to) {
  auto parse = [](std::string_view t) -> std::optional<long> {
    if (t.size() < 17 || t[10] != 'T' || t[13] != ':') return std::nullopt;
    auto d = Date::parse_iso(t.substr(0, 10));
    if (!d) return std::nullopt;
    auto two = [&](std::size_t at) { return std::isdigit(static_cast<unsigned char>(t[at])) && std::isdigit(static_cast<unsigned char>(t[at + 1])) ? (t[at] - '0') * 10 + (t[at + 1] - '0') : -1; };
    int h = two(11), m = two(14);
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return long(d->days().time_since_epoch().count()) * 1440 + h * 60 + m;
  };
  auto a = parse(from), b = parse(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<FrontDoorCounts> front_door_counts(store::Database& db, Date from, Date to) {
  FrontDoorCounts out;
  auto contacts = db.scalar("SELECT count(*) FROM contact WHERE contact_date >= ? AND contact_date <= ?", {from.iso(), to.iso()});
  if (!contacts) return contacts.status();
  out.contacts = int(*contacts);
  std::vector<long> minutes;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT c.decision, coalesce(v.alternative_to_referral, 0), coalesce(c.received_at, ''), coalesce(c.decided_at, '') "
      "FROM contact c LEFT JOIN conversation v ON v.contact_id = c.id "
      "WHERE c.decision IS NOT NULL AND c.decision_date >= ? AND c.decision_date <= ?",
      {from.iso(), to.iso()}, [&](const store::Statement& s) {
        ++out.decided;
        out.alternatives_to_referral += s.int64(1) != 0;
        out.referrals += s.text(0) == "referral" || s.text(0) == "strategy_discussion";
        if (auto m = minutes_between(s.text(2), s.text(3))) minutes.push_back(*m);
      }));
  if (!minutes.empty()) {
    std::sort(minutes.begin(), minutes.end());
    std::size_t n = minutes.size();
    out.median_minutes_to_decision = n % 2 ? minutes[n / 2] : (minutes[n / 2 - 1] + minutes[n / 2]) / 2;
  }
  return out;
}

}  // namespace kith::casework
