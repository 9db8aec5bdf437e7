#include "casework/placements.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

#include "casework/child_record.h"
#include "model/distance.h"
#include "store/audited_write.h"

namespace kith::casework {
namespace {

struct TypeInfo {
  std::string_view type, label, provider_code;
  bool needs_urn;     // Ofsted-registered: children's homes and fostering agencies
  bool searchable;    // offered by the sufficiency search
};
// PLACE_PROVIDER as the generator assigns it: PR1 the council's own provision,
// PR2 another council (secure homes are council-run), PR4 private, PR5 voluntary.
constexpr TypeInfo kTypes[] = {
    {"in_house_fostering", "In-house foster carers", "PR1", false, true},
    {"agency_fostering", "Independent fostering agency (IFA)", "PR4", true, true},
    {"kinship", "Kinship carers", "PR1", false, true},
    {"in_house_residential", "Council children's home", "PR1", true, true},
    {"external_residential", "Private or voluntary children's home", "PR4", true, true},
    {"supported_accommodation", "Supported accommodation (16 and 17)", "PR5", true, true},
    // Secure homes need a court order (Children Act 1989 s25) and adoption
    // services are not a placement search: both stay in the register only.
    {"secure", "Secure children's home", "PR2", true, false},
    {"other", "Other (adoption service)", "PR1", false, false},
};

const TypeInfo* type_info(std::string_view type) {
  for (const TypeInfo& t : kTypes)
    if (t.type == type) return &t;
  return nullptr;
}

// Supported accommodation is for 16 and 17 year olds only (Supported
// Accommodation (England) Regulations 2023): the search never offers it to a
// younger child whatever age range the register holds.
int youngest_allowed(const Provider& p) { return p.provider_type == "supported_accommodation" ? std::max(p.min_age, 16) : p.min_age; }

// One SELECT for the register: the provider, its registration (defaults when
// none) and its URN. Current children are counted separately, as of today.
constexpr const char* kProviderSql =
    "SELECT p.id, p.name, p.provider_type, p.provider_code, p.postcode, p.capacity, p.weekly_cost_pence, "
    "coalesce(r.approval_status, 'approved'), r.approval_date, coalesce(r.min_age, 0), coalesce(r.max_age, 17), "
    "coalesce(r.sex_restriction, ''), coalesce(r.version, 1), coalesce(u.value, '') "
    "FROM placement_provider p LEFT JOIN provider_registration r ON r.provider_id = p.id "
    "LEFT JOIN return_field u ON u.entity = 'placement_provider' AND u.entity_id = p.id AND u.field = 'URN' ";

Provider read_provider(const store::Statement& s) {
  Provider p;
  p.id = s.int64(0);
  p.name = s.text(1);
  p.provider_type = s.text(2);
  p.provider_code = s.text(3);
  p.postcode = s.text(4);
  p.capacity = int(s.int64(5));
  p.weekly_cost_pence = s.int64(6);
  p.approval_status = s.text(7);
  p.approval_date = s.date(8);
  p.min_age = int(s.int64(9));
  p.max_age = int(s.int64(10));
  p.sex_restriction = s.text(11);
  p.version = s.int64(12);
  p.ofsted_urn = s.text(13);
  return p;
}

// Open placements on `today`: started on or before it, not ended before it,
// in a period of care that had not ended either.
Status count_current(store::Database& db, std::vector<Provider>& providers, Date today) {
  if (providers.empty()) return Status::ok();
  std::vector<Provider*> by_id;
  for (Provider& p : providers) by_id.push_back(&p);
  std::sort(by_id.begin(), by_id.end(), [](const Provider* a, const Provider* b) { return a->id < b->id; });
  std::string d = today.iso();
  return db.run(
      "SELECT pl.provider_id, count(*) FROM placement pl JOIN cla_period c ON c.id = pl.cla_period_id "
      "WHERE pl.provider_id IS NOT NULL AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date > ?) "
      "AND (c.end_date IS NULL OR c.end_date > ?) GROUP BY pl.provider_id",
      {d, d, d}, [&](const store::Statement& s) {
        // A sorted index, not a search of the list per row: a national register
        // has 34,000 providers and 29,000 of them with children placed.
        Id id = s.int64(0);
        auto it = std::lower_bound(by_id.begin(), by_id.end(), id, [](const Provider* p, Id k) { return p->id < k; });
        for (; it != by_id.end() && (*it)->id == id; ++it) (*it)->current_children = int(s.int64(1));
      });
}

std::optional<int> parse_int(std::string_view s) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// "650", "650.5" or "650.50" pounds, optionally with a leading pound sign, to pence.
std::optional<std::int64_t> parse_pounds(std::string_view typed) {
  std::string s(typed);
  if (s.rfind("\xC2\xA3", 0) == 0) s.erase(0, 2);
  std::erase(s, ',');
  auto dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 2 || !std::all_of(whole.begin(), whole.end(), ::isdigit) ||
      !std::all_of(frac.begin(), frac.end(), ::isdigit) || whole.size() > 9)
    return std::nullopt;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

// A postcode's shape (AB1 2CD, M1 1AE, SW1A 1AA): outward 2-4, inward digit + 2 letters.
bool looks_like_postcode(const std::string& pc) {
  std::string s;
  for (char ch : pc)
    if (ch != ' ') s += char(std::toupper(static_cast<unsigned char>(ch)));
  if (s.size() < 5 || s.size() > 7 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  std::size_t n = s.size();
  return std::isdigit(static_cast<unsigned char>(s[n - 3])) && std::isalpha(static_cast<unsigned char>(s[n - 2])) &&
         std::isalpha(static_cast<unsigned char>(s[n - 1])) &&
         std::all_of(s.begin(), s.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)); });
}

// Ofsted URNs: "SC" and six digits for children's social care, or seven digits.
bool looks_like_urn(const std::string& u) {
  auto digits = [](std::string_view s) { return std::all_of(s.begin(), s.end(), ::isdigit); };
  return (u.size() == 8 && (u.rfind("SC", 0) == 0) && digits(std::string_view(u).substr(2))) || (u.size() == 7 && digits(u));
}

std::string tidy_postcode(const std::string& pc) {
  std::string s;
  for (char ch : pc)
    if (ch != ' ') s += char(std::toupper(static_cast<unsigned char>(ch)));
  return s.size() > 3 ? s.substr(0, s.size() - 3) + " " + s.substr(s.size() - 3) : s;
}

// The typed values, checked: what add and edit store.
struct ProviderValues {
  int capacity, min_age, max_age;
  std::int64_t pence;
};

Result<ProviderValues> values_of(const ProviderForm& f) {
  auto problems = check_provider(f);
  if (!problems.empty()) return Status::invalid(problems.front().field + ": " + problems.front().message);
  return ProviderValues{*parse_int(f.capacity), *parse_int(f.min_age), *parse_int(f.max_age), *parse_pounds(f.weekly_cost)};
}

Status write_details(store::Database& db, Id id, const ProviderForm& f, const ProviderValues& v, std::int64_t version) {
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM provider_registration WHERE provider_id = ?", {id}));
  KITH_RETURN_IF_ERROR(db.run(
      "INSERT INTO provider_registration (provider_id, approval_status, approval_date, min_age, max_age, sex_restriction, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {id, f.approval_status, f.approval_date.empty() ? store::null() : store::text(f.approval_date), std::int64_t(v.min_age),
       std::int64_t(v.max_age), f.sex_restriction, version}));
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM return_field WHERE entity = 'placement_provider' AND entity_id = ? AND field = 'URN'", {id}));
  if (f.ofsted_urn.empty()) return Status::ok();
  return db.run("INSERT INTO return_field (entity, entity_id, field, value) VALUES ('placement_provider', ?, 'URN', ?)",
                {id, f.ofsted_urn});
}

// The child's home for distances: the current (or latest) period of care's
// home postcode, as HOME_POST in the 903; else the child's address.
Status fill_child(store::Database& db, Id person_id, PlacementSearchResult& r, Date today, std::optional<Date>& birth) {
  bool found = false;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT p.forename || ' ' || p.surname, p.sex, p.birth_date, coalesce(a.postcode, '') FROM person p "
      "LEFT JOIN address a ON a.id = p.address_id WHERE p.id = ?",
      {person_id}, [&](const store::Statement& s) {
        found = true;
        r.child_name = s.text(0);
        r.sex = s.text(1);
        birth = s.date(2);
        r.home_postcode = s.text(3);
      }));
  if (!found) return Status::not_found("No child with id " + std::to_string(person_id));
  if (birth) r.age = today.years_since(*birth);
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT home_postcode FROM cla_period WHERE person_id = ? AND home_postcode IS NOT NULL ORDER BY start_date DESC LIMIT 1",
      {person_id}, [&](const store::Statement& s) { r.home_postcode = s.text(0); }));
  return db.run("SELECT ons_code FROM council ORDER BY id LIMIT 1", {}, [&](const store::Statement& s) { r.council_la = s.text(0); });
}

// "?, ?, ?" for n parameters.
std::string placeholders(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// A provider the search may offer, before its vacancies are counted: what
// the order needs (distance, name, id) and where it is.
struct Candidate {
  Id id = 0;
  std::string name;
  int capacity = 0;
  std::optional<double> miles;
  std::optional<bool> in_area;
};

// Nearest first; unknown distances last; then by name and id (the
// register's order), as the search has always listed them.
bool nearer(const Candidate& a, const Candidate& b) {
  if (a.miles.has_value() != b.miles.has_value()) return a.miles.has_value();
  if (a.miles && *a.miles != *b.miles) return *a.miles < *b.miles;
  return a.name != b.name ? a.name < b.name : a.id < b.id;
}

// Providers whose kind, approval, ages, sex and cost may fit the child
// (fits() decides, once vacancies are counted): one narrow pass over the
// register, with each provider's place from the postcode lookup.
Status find_candidates(store::Database& db, const PlacementSearchResult& r, const PlacementSearch& q, const PostcodeLookup& postcodes,
                       const std::optional<PostcodePlace>& home, std::vector<Candidate>& out) {
  std::vector<store::Value> params;
  for (const TypeInfo& t : kTypes)
    if (t.searchable) params.push_back(std::string(t.type));
  std::size_t kinds = params.size();
  std::int64_t age = r.age.value_or(-1);
  std::int64_t budget = q.max_weekly_pence.value_or(-1);
  params.insert(params.end(), {age, age, r.sex, q.provider_type, q.provider_type, budget, budget});
  return db.run(
      "SELECT p.id, p.name, p.postcode, p.capacity FROM placement_provider p LEFT JOIN provider_registration r ON r.provider_id = p.id "
      "WHERE p.provider_type IN (" + placeholders(kinds) + ") AND coalesce(r.approval_status, 'approved') = 'approved' "
      "AND coalesce(r.min_age, 0) <= ? AND coalesce(r.max_age, 17) >= ? AND (coalesce(r.sex_restriction, '') = '' OR r.sex_restriction = ?) "
      "AND (? = '' OR p.provider_type = ?) AND (? < 0 OR p.weekly_cost_pence <= ?)",
      params, [&](const store::Statement& s) {
        Candidate c{s.int64(0), s.text(1), int(s.int64(3)), std::nullopt, std::nullopt};
        if (auto at = postcodes ? postcodes(s.text(2)) : std::nullopt) {
          c.in_area = !at->la.empty() && at->la == r.council_la;
          if (home && home->has_grid && at->has_grid) c.miles = straight_line_miles({home->easting, home->northing}, {at->easting, at->northing});
        }
        out.push_back(std::move(c));
      });
}

// The register rows and current children of the given providers, by id.
Result<std::vector<Provider>> load_providers(store::Database& db, const std::vector<Id>& ids, Date today) {
  std::vector<Provider> out;
  if (ids.empty()) return out;
  std::vector<store::Value> params(ids.begin(), ids.end());
  KITH_RETURN_IF_ERROR(db.run(std::string(kProviderSql) + "WHERE p.id IN (" + placeholders(ids.size()) + ")", params,
                              [&](const store::Statement& s) { out.push_back(read_provider(s)); }));
  std::string d = today.iso();
  params.insert(params.end(), {d, d, d});
  std::map<Id, int> current;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT pl.provider_id, count(*) FROM placement pl JOIN cla_period c ON c.id = pl.cla_period_id "
      "WHERE pl.provider_id IN (" + placeholders(ids.size()) + ") AND pl.start_date <= ? AND (pl.end_date IS NULL OR pl.end_date > ?) "
      "AND (c.end_date IS NULL OR c.end_date > ?) GROUP BY pl.provider_id",
      params, [&](const store::Statement& s) { current[s.int64(0)] = int(s.int64(1)); }));
  for (Provider& p : out) p.current_children = current.count(p.id) ? current[p.id] : 0;
  return out;
}

bool fits(const Provider& p, const PlacementSearchResult& r, const PlacementSearch& q) {
  const TypeInfo* t = type_info(p.provider_type);
  if (!t || !t->searchable || p.approval_status != "approved" || p.vacancies() <= 0) return false;
  if (!q.provider_type.empty() && p.provider_type != q.provider_type) return false;
  if (!r.age || *r.age < youngest_allowed(p) || *r.age > p.max_age) return false;
  if (!p.sex_restriction.empty() && p.sex_restriction != r.sex) return false;
  return !q.max_weekly_pence || p.weekly_cost_pence <= *q.max_weekly_pence;
}

}  // namespace

std::optional<std::int64_t> pounds_to_pence(std::string_view typed) { return parse_pounds(typed); }

std::string_view provider_type_label(std::string_view type) {
  const TypeInfo* t = type_info(type);
  return t ? t->label : std::string_view{};
}

bool may_view_providers(Role role) {
  return role == Role::kPractitioner || role == Role::kTeamManager || role == Role::kLocalityManager ||
         role == Role::kPerformanceAnalyst;
}

bool may_edit_providers(Role role) { return role == Role::kTeamManager || role == Role::kLocalityManager; }

Result<std::vector<Provider>> list_providers(store::Database& db, const ProviderFilter& filter, Date today) {
  std::vector<Provider> out;
  KITH_RETURN_IF_ERROR(db.run(std::string(kProviderSql) +
                                  "WHERE (? = '' OR p.provider_type = ?) AND (? = '' OR coalesce(r.approval_status, 'approved') = ?) "
                                  "ORDER BY p.name, p.id",
                              {filter.provider_type, filter.provider_type, filter.approval_status, filter.approval_status},
                              [&](const store::Statement& s) { out.push_back(read_provider(s)); }));
  KITH_RETURN_IF_ERROR(count_current(db, out, today));
  if (filter.with_vacancy) std::erase_if(out, [](const Provider& p) { return p.vacancies() == 0; });
  return out;
}

Result<Provider> load_provider(store::Database& db, Id id, Date today) {
  std::vector<Provider> one;
  KITH_RETURN_IF_ERROR(db.run(std::string(kProviderSql) + "WHERE p.id = ?", {id},
                              [&](const store::Statement& s) { one.push_back(read_provider(s)); }));
  if (one.empty()) return Status::not_found("No placement provider with id " + std::to_string(id));
  KITH_RETURN_IF_ERROR(count_current(db, one, today));
  return one.front();
}

std::vector<ProviderProblem> check_provider(const ProviderForm& f) {
  std::vector<ProviderProblem> out;
  auto bad = [&](std::string field, std::string message) { out.push_back({std::move(field), std::move(message)}); };
  if (f.name.empty()) bad("name", "Enter the provider's name");
  const TypeInfo* t = type_info(f.provider_type);
  if (!t) bad("provider_type", "Choose the kind of provider");
  if (!looks_like_postcode(f.postcode)) bad("postcode", "Enter the provider's postcode, like M1 1AE");
  if (t && t->needs_urn && !looks_like_urn(f.ofsted_urn)) bad("ofsted_urn", "Enter the Ofsted URN, like SC123456");
  if (t && !t->needs_urn && !f.ofsted_urn.empty() && !looks_like_urn(f.ofsted_urn)) bad("ofsted_urn", "Enter a URN like SC123456, or leave it blank");
  if (std::find(std::begin(kApprovalStatuses), std::end(kApprovalStatuses), f.approval_status) == std::end(kApprovalStatuses))
    bad("approval_status", "Choose the approval status");
  if (!f.approval_date.empty() && !Date::parse_iso(f.approval_date)) bad("approval_date", "Enter the approval date as YYYY-MM-DD, like 2024-03-01");
  if (f.approval_status == "approved" && f.approval_date.empty()) bad("approval_date", "Enter the date the provider was approved");
  auto capacity = parse_int(f.capacity);
  if (!capacity || *capacity < 1 || *capacity > 200) bad("capacity", "Enter how many children the provider can take, from 1 to 200");
  auto lo = parse_int(f.min_age), hi = parse_int(f.max_age);
  const bool lo_ok = lo && *lo >= 0 && *lo <= 17;
  if (!lo_ok) bad("min_age", "Enter the youngest age, from 0 to 17");
  if (!hi || *hi < 0 || *hi > 17) bad("max_age", "Enter the oldest age, from 0 to 17");
  else if (lo_ok && *hi < *lo) bad("max_age", "The oldest age must be the same as or more than the youngest");  // one problem per mistake
  if (f.sex_restriction != "" && f.sex_restriction != "M" && f.sex_restriction != "F") bad("sex_restriction", "Choose any, boys only or girls only");
  if (!parse_pounds(f.weekly_cost)) bad("weekly_cost", "Enter the weekly cost in pounds, like 650 or 650.50");
  return out;
}

Result<Id> add_provider(store::Database& db, const store::WriteContext& ctx, const ProviderForm& form) {
  auto v = values_of(form);
  if (!v) return v.status();
  const TypeInfo* t = type_info(form.provider_type);
  return store::audited_insert(db, ctx, "placement_provider", [&](std::int64_t id) -> Status {
    KITH_RETURN_IF_ERROR(db.run(
        "INSERT INTO placement_provider (id, name, provider_type, provider_code, postcode, capacity, weekly_cost_pence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {id, form.name, form.provider_type, std::string(t->provider_code), tidy_postcode(form.postcode), std::int64_t(v->capacity),
         v->pence}));
    return write_details(db, id, form, *v, 1);
  });
}

Status edit_provider(store::Database& db, const store::WriteContext& ctx, Id id, const ProviderForm& form) {
  auto v = values_of(form);
  if (!v) return v.status();
  const TypeInfo* t = type_info(form.provider_type);
  return store::audited_write(db, ctx, "update", "placement_provider", [&]() -> Status {
    auto current = load_provider(db, id, Date());
    if (!current) return current.status();
    if (std::to_string(current->version) != form.version)
      return Status::conflict("version: Someone else changed this provider since you opened it; check their changes and try again");
    KITH_RETURN_IF_ERROR(db.run(
        "UPDATE placement_provider SET name = ?, provider_type = ?, provider_code = ?, postcode = ?, capacity = ?, "
        "weekly_cost_pence = ? WHERE id = ?",
        {form.name, form.provider_type, std::string(t->provider_code), tidy_postcode(form.postcode), std::int64_t(v->capacity), v->pence,
         id}));
    return write_details(db, id, form, *v, current->version + 1);
  }, [&] { return std::to_string(id); });
}

Result<PlacementSearchResult> search_placements(store::Database& db, const store::AuditTrail& log, const access::Viewer& viewer,
                                                const PlacementSearch& q, const PostcodeLookup& postcodes, Date today) {
  if (!may_view_providers(viewer.role)) return Status::denied("Your role cannot search for placements");
  PlacementSearchResult r;
  std::optional<Date> birth;
  KITH_RETURN_IF_ERROR(fill_child(db, q.person_id, r, today, birth));
  KITH_RETURN_IF_ERROR(check_access(db, viewer, q.person_id));
  if (!birth) return Status::invalid("The child has no date of birth, so no provider's age range can be checked");
  {
    store::Transaction tx(db);
    KITH_RETURN_IF_ERROR(tx.begin_status());
    KITH_RETURN_IF_ERROR(log.append(db, {viewer.username, "read", "placement_search", std::to_string(q.person_id), "sufficiency"}));
    KITH_RETURN_IF_ERROR(tx.commit());
  }
  auto home = postcodes ? postcodes(r.home_postcode) : std::nullopt;
  r.home_found = home.has_value();
  std::vector<Candidate> candidates;
  KITH_RETURN_IF_ERROR(find_candidates(db, r, q, postcodes, home, candidates));
  std::sort(candidates.begin(), candidates.end(), nearer);
  // Nearest first, in batches, until the limit (and one more, to know there
  // are more) have a vacancy and fit: the rest are never loaded or counted.
  constexpr std::size_t kBatch = 200;
  std::size_t wanted = q.limit == 0 ? candidates.size() : q.limit + 1;
  for (std::size_t at = 0; at < candidates.size() && r.options.size() < wanted; at += kBatch) {
    std::vector<Id> ids;
    for (std::size_t i = at; i < std::min(at + kBatch, candidates.size()); ++i) ids.push_back(candidates[i].id);
    auto loaded = load_providers(db, ids, today);
    if (!loaded) return loaded.status();
    std::map<Id, Provider*> by_id;
    for (Provider& p : *loaded) by_id[p.id] = &p;
    for (std::size_t i = at; i < at + ids.size() && r.options.size() < wanted; ++i) {
      auto it = by_id.find(candidates[i].id);
      if (it == by_id.end() || !fits(*it->second, r, q)) continue;
      r.options.push_back({std::move(*it->second), candidates[i].miles, candidates[i].in_area});
    }
  }
  if (q.limit != 0 && r.options.size() > q.limit) {
    r.options.resize(q.limit);
    r.more = true;
  }
  return r;
}

}  // namespace kith::casework
