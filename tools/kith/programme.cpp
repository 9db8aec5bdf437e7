// kith programme: load the transformation programme (phases, milestones,
// measures and targets) from a JSON file, and show each measure against the
// live indicators. The file's format: data/programme/README.md.
#include <fmt/core.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "audit/audit_log.h"
#include "audit_key.h"
#include "commands.h"
#include "insight/programme.h"

namespace kith::cli {
namespace {

int fail(const Status& s) {
  fmt::print(stderr, "kith programme: {}\n", s.message());
  return s.code() == Status::Code::kInvalid || s.code() == Status::Code::kNotFound ? kBadInput : kEnvironment;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::io("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int load(const std::string& db_path, const std::string& file, const std::string& audit_key) {
  auto text = read_file(file);
  if (!text) return fail(text.status());
  auto programme = insight::parse_programme_json(*text, file);
  if (!programme) return fail(programme.status());
  auto key = audit_key_file(db_path, audit_key);
  if (!key) return fail(key.status());
  auto db = store::Database::open(db_path, {.create = false});
  if (!db) return fail(db.status());
  auto log = audit::AuditLog::open(*key, false);
  if (!log) return fail(log.status());
  const char* user = std::getenv("USER");
  store::WriteContext ctx{*log, std::string("cli:") + (user ? user : "unknown"), "programme loaded from " + file};
  auto id = insight::save_programme(**db, ctx, *programme);
  if (!id) return fail(id.status());
  std::size_t milestones = 0, measures = 0;
  for (const auto& ph : programme->phases)
    for (const auto& m : ph.milestones) {
      ++milestones;
      measures += m.measures.size();
    }
  fmt::print("loaded programme '{}': {} phases, {} milestones, {} measures\n", programme->name, programme->phases.size(), milestones, measures);
  return kOk;
}

Date local_today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::ymd(tm.tm_year + 1900, unsigned(tm.tm_mon + 1), unsigned(tm.tm_mday));
}

std::string number(const std::optional<double>& v) { return v ? fmt::format("{:.1f}", *v) : std::string(); }

// One CSV line per measure: aggregates only (indicator values), never a child.
int show(const std::string& db_path, const std::string& today_text) {
  auto today = today_text.empty() ? std::optional<Date>(local_today()) : Date::parse_iso(today_text);
  if (!today) return fail(Status::invalid("--today '" + today_text + "' is not a date (YYYY-MM-DD)"));
  auto db = store::Database::open(db_path, {.create = false, .read_only = true});
  if (!db) return fail(db.status());
  auto programmes = insight::load_programmes(**db);
  if (!programmes) return fail(programmes.status());
  auto record = insight::load_case_record(**db);
  if (!record) return fail(record.status());
  insight::LiveIndicators live(*record);
  fmt::print("programme,phase,milestone,status,indicator,baseline_quarter,baseline,current_quarter,current,target_low,target_high,target_date,"
             "projected,verdict\n");
  auto quote = [](const std::string& s) { return "\"" + s + "\""; };
  for (const auto& p : *programmes)
    for (const auto& ph : p.phases)
      for (const auto& m : ph.milestones)
        for (const auto& x : m.measures) {
          insight::Progress g = insight::progress_of(x, live, *today);
          fmt::print("{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n", quote(p.name), quote(ph.name), quote(m.title), insight::status_name(m.status),
                     x.indicator, g.baseline_period.label, number(g.baseline), g.current_period.label, number(g.current),
                     number(g.target.low), number(g.target.high), x.target_date.iso(), number(g.projected), insight::verdict_label(g.verdict));
        }
  return kOk;
}

}  // namespace

void add_programme_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("programme", "The transformation programme tracker: load it, show it against the live indicators");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto audit_key = std::make_shared<std::string>();
  auto* l = cmd->add_subcommand("load", "Load (or replace) a programme from a JSON file");
  l->add_option("--db", *db, "Database file or postgresql:// URL")->required();
  l->add_option("--file", *file, "Programme file (JSON, see data/programme/README.md)")->required();
  l->add_option("--audit-key", *audit_key, "Audit key file (default: KITH_AUDIT_KEY, else DB.audit-key; required for a URL)");
  l->callback([db, file, audit_key] {
    if (int rc = load(*db, *file, *audit_key); rc != kOk) throw CLI::RuntimeError(rc);
  });
  auto show_db = std::make_shared<std::string>();
  auto today = std::make_shared<std::string>();
  auto* s = cmd->add_subcommand("show", "Each measure's baseline, live value, target and verdict, as CSV");
  s->add_option("--db", *show_db, "Database file or postgresql:// URL")->required();
  s->add_option("--today", *today, "The day to compare on (default: today)");
  s->callback([show_db, today] {
    if (int rc = show(*show_db, *today); rc != kOk) throw CLI::RuntimeError(rc);
  });
}

}  // namespace kith::cli
