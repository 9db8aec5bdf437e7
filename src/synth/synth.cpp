// generate(): builds and writes each council in turn, so memory is bounded
// by the largest council rather than by England.
#include "synth/synth.h"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "access/users.h"
#include "audit/audit_log.h"
#include "synth/build.h"
#include "synth/directory.h"

namespace kith::synth {
namespace {

namespace fs = std::filesystem;

bool has_data(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "postcodes" / "england_postcodes.csv.gz", ec) && fs::exists(dir / "la" / "lad_to_la.csv", ec);
}

// Looks in `start` and each folder above it for data/.
std::string search_up(fs::path start) {
  for (int depth = 0; depth < 8 && !start.empty(); ++depth) {
    if (has_data(start / "data")) return (start / "data").string();
    if (start == start.parent_path()) break;
    start = start.parent_path();
  }
  return {};
}

std::vector<std::string> council_codes(const Options& o, const std::map<std::string, Authority>& authorities) {
  if (o.councils.empty()) return {kDemoCouncil};
  if (o.councils.size() == 1 && o.councils[0] == "all") {
    std::vector<std::string> all;
    for (const auto& [code, a] : authorities) all.push_back(code);
    return all;
  }
  return o.councils;
}

// Starts every id sequence after the largest id already in the database.
Result<IdSequences> next_ids(store::Database& db) {
  IdSequences ids;
  const std::pair<const char*, Id IdSequences::*> tables[] = {
      {"council", &IdSequences::council}, {"locality", &IdSequences::locality}, {"family_hub", &IdSequences::hub},
      {"learning_community", &IdSequences::learning_community}, {"school", &IdSequences::school}, {"team", &IdSequences::team},
      {"worker", &IdSequences::worker}, {"worker_absence", &IdSequences::absence}, {"placement_provider", &IdSequences::provider},
      {"address", &IdSequences::address}, {"person", &IdSequences::person}, {"family", &IdSequences::family},
      {"lead_professional", &IdSequences::lead_professional}, {"taf_member", &IdSequences::taf}, {"contact", &IdSequences::contact},
      {"early_help_episode", &IdSequences::early_help}, {"cin_episode", &IdSequences::cin}, {"assessment", &IdSequences::assessment},
      {"cin_plan", &IdSequences::cin_plan}, {"strategy_discussion", &IdSequences::strategy}, {"section47", &IdSequences::section47},
      {"conference", &IdSequences::conference}, {"cp_plan", &IdSequences::cp_plan}, {"cla_period", &IdSequences::cla},
      {"legal_status", &IdSequences::legal_status}, {"placement", &IdSequences::placement}, {"cla_review", &IdSequences::review},
      {"health_check", &IdSequences::health}, {"visit", &IdSequences::visit}, {"missing_episode", &IdSequences::missing},
      {"care_leaver", &IdSequences::care_leaver}, {"care_leaver_contact", &IdSequences::care_leaver_contact},
      {"ehcp", &IdSequences::ehcp}, {"involvement", &IdSequences::involvement}, {"health_outcome", &IdSequences::health_outcome},
      {"adoption", &IdSequences::adoption}, {"adoption_decision", &IdSequences::adoption_decision}};
  for (const auto& [table, member] : tables) {
    auto max = db.scalar(std::string("SELECT max(id) FROM ") + table);
    if (!max) return max.status();
    ids.*member = *max + 1;
  }
  // Conversations share their contact's id.
  auto conv = db.scalar("SELECT max(id) FROM conversation");
  if (!conv) return conv.status();
  ids.contact = std::max<Id>(ids.contact, *conv + 1);
  return ids;
}

struct Demo {
  std::optional<Id> practitioner, team_manager, locality_manager, partner;
};

int open_count(const Council& c, Id worker, bool taf) {
  int n = 0;
  if (taf) {
    for (const auto& t : c.taf_members) n += t.worker_id == worker && !t.end;
  } else {
    for (const auto& i : c.involvements) n += i.worker_id == worker && !i.end;
  }
  return n;
}

// The practitioner: a social worker in a locality safeguarding team whose
// open caseload is nearest 15; their manager and locality manager; and the
// partner in that locality in the most open teams around families.
Demo pick_demo_workers(const Council& c) {
  Demo d;
  int best_gap = 1 << 30, team = -1;
  for (const auto& w : c.workers) {
    const Team& t = c.teams[std::size_t(w.team)];
    if (w.leave || w.role != "social_worker" || t.type != TeamType::kSafeguarding) continue;
    int gap = std::abs(open_count(c, w.id, false) - 15);
    if (gap < best_gap) best_gap = gap, d.practitioner = w.id, team = w.team;
  }
  if (team < 0) return d;
  int locality = c.teams[std::size_t(team)].locality;
  int most = -1;
  for (const auto& w : c.workers) {
    if (w.leave) continue;
    const Team& t = c.teams[std::size_t(w.team)];
    if (w.team == team && w.role == "team_manager") d.team_manager = w.id;
    if (t.locality == locality && w.role == "locality_manager") d.locality_manager = w.id;
    if (t.locality == locality && w.contract == "partner") {
      int n = open_count(c, w.id, true) * 2 + (w.role == "health_visitor");
      if (n > most) most = n, d.partner = w.id;
    }
  }
  return d;
}

std::string worker_name(const Council& c, std::optional<Id> id, const char* otherwise) {
  for (const auto& w : c.workers)
    if (id && w.id == *id) return w.name;
  return otherwise;
}

Status create_demo_users(store::Database& db, const Council& c) {
  Demo d = pick_demo_workers(c);
  struct User {
    Role role;
    std::optional<Id> worker;
    std::string name;
  };
  const User users[] = {{Role::kPractitioner, d.practitioner, worker_name(c, d.practitioner, "Demo Practitioner")},
                        {Role::kTeamManager, d.team_manager, worker_name(c, d.team_manager, "Demo Team Manager")},
                        {Role::kLocalityManager, d.locality_manager, worker_name(c, d.locality_manager, "Demo Locality Manager")},
                        {Role::kPartnerPractitioner, d.partner, worker_name(c, d.partner, "Demo Partner")},
                        {Role::kPerformanceAnalyst, std::nullopt, "Sam Okoro"},
                        {Role::kCouncillor, std::nullopt, "Cllr Jo Hartley"},
                        {Role::kAdministrator, std::nullopt, "Alex Reid"}};
  store::Transaction tx(db);
  KITH_RETURN_IF_ERROR(tx.begin_status());
  for (const auto& u : users) {
    auto made = access::create_user(db, {std::string(role_name(u.role)), kDemoPassword, u.role, u.worker, u.name});
    if (!made) return made.status();
  }
  return tx.commit();
}

struct Run {
  store::Database& db;
  const Options& options;
  const Progress& progress;
  IdSequences ids;
  Stats stats;
  std::size_t index = 0, total = 1;

  void report(const std::string& code, std::string_view stage, double within) {
    if (progress) progress("council " + code + ": " + std::string(stage), (double(index) + within) / double(total));
  }

  Status council(const Authority& a, std::vector<Postcode> postcodes, const std::vector<Postcode>& elsewhere, bool demo_name) {
    Council c;
    c.authority = a;
    c.id = ids.council++;
    c.name = a.name + (demo_name ? " (synthetic demo)" : " (synthetic)");
    c.postcodes = std::move(postcodes);
    c.elsewhere = &elsewhere;
    c.window = {options.until.plus_months(-12 * options.years), options.until};
    auto children = std::int64_t(std::llround(double(a.children) * options.scale));
    Rng rng(options.seed, hash_text(a.la_code));
    report(a.la_code, "geography", 0.0);
    build_geography(c, ids, children, rng);
    build_teams_and_providers(c, ids, rng);
    report(a.la_code, "population", 0.05);
    build_population(c, ids, children, rng);
    report(a.la_code, "pathways", 0.15);
    simulate_pathways(c, ids, options.seed);
    report(a.la_code, "workforce", 0.35);
    build_workforce(c, ids, rng);
    allocate_workers(c, ids, rng);
    build_early_help(c, ids, rng);
    seed_faults(c, ids, options.errors, rng);
    report(a.la_code, "writing", 0.4);
    KITH_RETURN_IF_ERROR(write(c));
    if (options.demo_users && index == 0) KITH_RETURN_IF_ERROR(create_demo_users(db, c));
    for (const auto& p : c.people) stats.children += p.child && p.birth <= c.window.until && c.window.until.years_since(p.birth) < 18;
    ++stats.councils;
    return Status::ok();
  }

  // One transaction per 50,000 rows; the audit entry closes the council.
  Status write(const Council& c) {
    auto log = audit::AuditLog::open(audit::AuditLog::key_path_for(db.location()), /*create_key=*/true);
    if (!log) return log.status();
    KITH_RETURN_IF_ERROR(db.begin());
    TableCounts counts;
    Status s = write_council(db, c, ids, counts, [&](double f) { report(c.authority.la_code, "writing", 0.4 + 0.6 * f); });
    if (s.is_ok()) s = write_directory(db, c, options.seed);
    if (s.is_ok())
      s = log->append(db, {"system:synth", "create", "council", std::to_string(c.id),
                           "synthetic council generated, seed " + std::to_string(options.seed)});
    if (!s.is_ok()) {
      (void)db.rollback();
      return s;
    }
    KITH_RETURN_IF_ERROR(db.commit());
    for (const auto& [table, n] : counts) {
      stats.rows += n;
      auto it = std::find_if(stats.rows_by_table.begin(), stats.rows_by_table.end(), [&](const auto& p) { return p.first == table; });
      if (it == stats.rows_by_table.end()) stats.rows_by_table.emplace_back(table, n);
      else it->second += n;
    }
    return Status::ok();
  }
};

}  // namespace

std::string find_data_dir(const std::string& given) {
  if (!given.empty()) return has_data(given) ? given : std::string();
  if (const char* env = std::getenv("KITH_DATA_DIR"); env && has_data(env)) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    if (auto found = search_up(exe.parent_path()); !found.empty()) return found;
  }
  if (auto found = search_up(fs::current_path(ec)); !found.empty()) return found;
  for (const char* dir : {"/usr/local/share/kith/data", "/usr/share/kith/data"})
    if (has_data(dir)) return dir;
  return {};
}

namespace {
// A number as people write it: 1.5, not 1.500000.
std::string shown(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
}  // namespace

Status validate(const Options& o) {
  if (!(o.errors >= 0.0 && o.errors <= 1.0)) return Status::invalid("--errors must be a fraction between 0 and 1 (got " + shown(o.errors) + ")");
  if (o.years < 1 || o.years > 30) return Status::invalid("--years must be between 1 and 30 (got " + std::to_string(o.years) + ")");
  if (!(o.scale > 0.0 && o.scale <= 10.0)) return Status::invalid("--scale must be above 0 and at most 10 (got " + shown(o.scale) + ")");
  if (o.until.year() < 2000 || o.until.year() > 2100) return Status::invalid("--until must be a date between 2000 and 2100");
  std::string dir = find_data_dir(o.data_dir);
  if (dir.empty())
    return Status::not_found(o.data_dir.empty() ? "cannot find Kith's reference data folder (data/); set KITH_DATA_DIR"
                                                : "--data-dir '" + o.data_dir + "' holds no Kith reference data");
  auto authorities = load_authorities(dir);
  if (!authorities) return authorities.status();
  if (o.councils.size() == 1 && o.councils[0] == "all") return Status::ok();
  for (const auto& code : o.councils)
    if (!authorities->count(code))
      return Status::invalid("--councils: '" + code + "' is not the DfE code of a current English council (e.g. 894 Telford and Wrekin, or 'all')");
  return Status::ok();
}

Result<Stats> generate(store::Database& db, const Options& options, const Progress& progress) {
  auto began = std::chrono::steady_clock::now();
  KITH_RETURN_IF_ERROR(validate(options));
  std::string dir = find_data_dir(options.data_dir);
  auto authorities = load_authorities(dir);
  if (!authorities) return authorities.status();
  auto codes = council_codes(options, *authorities);
  if (progress) progress("postcodes", 0.0);
  auto book = load_postcodes(dir, codes);
  if (!book) return book.status();
  auto ids = next_ids(db);
  if (!ids) return ids.status();
  Run run{db, options, progress, *ids, {}, 0, codes.size()};
  for (; run.index < codes.size(); ++run.index) {
    const std::string& code = codes[run.index];
    KITH_RETURN_IF_ERROR(run.council(authorities->at(code), std::move(book->by_council[code]), book->elsewhere, options.councils.empty()));
    book->by_council.erase(code);
  }
  if (progress) progress("done", 1.0);
  run.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  return run.stats;
}

std::vector<DemoSignIn> demo_sign_ins() {
  return {{"practitioner", Role::kPractitioner, kDemoPassword, "social worker with about 15 open children, locality safeguarding team"},
          {"team_manager", Role::kTeamManager, kDemoPassword, "manager of the practitioner's team"},
          {"locality_manager", Role::kLocalityManager, kDemoPassword, "manager of the practitioner's locality"},
          {"partner_practitioner", Role::kPartnerPractitioner, kDemoPassword, "partner practitioner in teams around families there"},
          {"performance_analyst", Role::kPerformanceAnalyst, kDemoPassword, "council-wide figures, no child records"},
          {"councillor", Role::kCouncillor, kDemoPassword, "council-wide figures, no child records"},
          {"administrator", Role::kAdministrator, kDemoPassword, "users and settings, no child records"}};
}

}  // namespace kith::synth
