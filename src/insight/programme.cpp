// The programme tracker: the JSON file, the store (audited writes) and the
// comparison of each measure's live value with its target.
#include "insight/programme.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "casework/record_version.h"
#include "store/audited_write.h"

namespace kith::insight {
namespace {

using nlohmann::json;
using store::Value;

constexpr std::pair<MilestoneStatus, std::string_view> kStatuses[] = {
    {MilestoneStatus::kNotStarted, "not_started"}, {MilestoneStatus::kOnTrack, "on_track"}, {MilestoneStatus::kAtRisk, "at_risk"},
    {MilestoneStatus::kOffTrack, "off_track"},     {MilestoneStatus::kDone, "done"}};

std::string_view direction_name(Direction d) { return d == Direction::kDown ? "down" : d == Direction::kUp ? "up" : "within"; }
std::string_view quantity_name(Quantity q) { return q == Quantity::kCount ? "count" : "value"; }

std::optional<double> parse_number(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Reading one JSON object, with every error naming the file and the field's path.
struct Reader {
  const std::string& file;
  Status error(const std::string& path, const std::string& what) const { return Status::invalid(file + ": " + path + ": " + what); }

  Result<std::string> text(const json& o, const std::string& path, const char* key, bool required = true) const {
    if (!o.contains(key)) return required ? Result<std::string>(error(path + "." + key, "is missing")) : std::string();
    if (!o[key].is_string()) return error(path + "." + key, "must be a string");
    std::string s = o[key].get<std::string>();
    if (required && s.empty()) return error(path + "." + key, "is empty");
    return s;
  }
  Result<Date> date(const json& o, const std::string& path, const char* key) const {
    auto s = text(o, path, key);
    if (!s) return s.status();
    auto d = Date::parse_iso(*s);
    if (!d) return error(path + "." + key, "'" + *s + "' is not a date (YYYY-MM-DD)");
    return *d;
  }
  Result<std::optional<Date>> optional_date(const json& o, const std::string& path, const char* key) const {
    if (!o.contains(key) || o[key].is_null()) return std::optional<Date>();
    auto d = date(o, path, key);
    if (!d) return d.status();
    return std::optional<Date>(*d);
  }
  Result<const json*> array(const json& o, const std::string& path, const char* key) const {
    if (!o.contains(key) || !o[key].is_array()) return error(path + "." + key, "must be a list");
    return &o[key];
  }
};

const IndicatorDef* indicator_def(std::string_view id) {
  for (const auto& d : indicator_catalogue())
    if (d.id == id) return &d;
  return nullptr;
}

Result<MilestoneMeasure> read_measure(const Reader& r, const json& o, const std::string& path) {
  if (!o.is_object()) return r.error(path, "must be an object");
  MilestoneMeasure m;
  auto indicator = r.text(o, path, "indicator");
  if (!indicator) return indicator.status();
  if (!indicator_def(*indicator)) return r.error(path + ".indicator", "'" + *indicator + "' is not an indicator (see kith indicators)");
  m.indicator = *indicator;
  auto quantity = r.text(o, path, "quantity", false);
  if (!quantity) return quantity.status();
  if (*quantity == "count") m.quantity = Quantity::kCount;
  else if (!quantity->empty() && *quantity != "value") return r.error(path + ".quantity", "must be value or count");
  if (!o.contains("target")) return r.error(path + ".target", "is missing");
  std::string target = o["target"].is_number() ? fmt::format("{}", o["target"].get<double>()) : o["target"].is_string() ? o["target"].get<std::string>() : "";
  auto t = parse_target(target);
  if (!t) return r.error(path + ".target", t.status().message());
  m.target = *t;
  auto direction = r.text(o, path, "direction");
  if (!direction) return direction.status();
  if (*direction == "down") m.direction = Direction::kDown;
  else if (*direction == "up") m.direction = Direction::kUp;
  else if (*direction == "within") m.direction = Direction::kWithin;
  else return r.error(path + ".direction", "must be down, up or within");
  auto baseline = r.date(o, path, "baseline_date");
  auto due = r.date(o, path, "target_date");
  if (!baseline) return baseline.status();
  if (!due) return due.status();
  if (*due <= *baseline) return r.error(path + ".target_date", "must be after baseline_date");
  m.baseline_date = *baseline;
  m.target_date = *due;
  if (o.contains("reference_baseline")) {
    if (!o["reference_baseline"].is_number() || o["reference_baseline"].get<double>() <= 0)
      return r.error(path + ".reference_baseline", "must be a number above 0");
    m.reference_baseline = o["reference_baseline"].get<double>();
  }
  return m;
}

Result<Milestone> read_milestone(const Reader& r, const json& o, const std::string& path) {
  if (!o.is_object()) return r.error(path, "must be an object");
  Milestone m;
  auto title = r.text(o, path, "title");
  auto role = r.text(o, path, "owner_role");
  auto name = r.text(o, path, "owner_name", false);
  auto status = r.text(o, path, "status");
  auto due = r.date(o, path, "due");
  for (const Status* s : {&title.status(), &role.status(), &name.status(), &status.status(), &due.status()}) KITH_RETURN_IF_ERROR(*s);
  auto st = parse_status(*status);
  if (!st) return r.error(path + ".status", st.status().message());
  m.title = *title;
  m.owner_role = *role;
  m.owner_name = *name;
  m.status = *st;
  m.due = *due;
  auto measures = r.array(o, path, "measures");
  if (!measures) return measures.status();
  for (std::size_t i = 0; i < (*measures)->size(); ++i) {
    auto measure = read_measure(r, (**measures)[i], fmt::format("{}.measures[{}]", path, i));
    if (!measure) return measure.status();
    m.measures.push_back(std::move(*measure));
  }
  return m;
}

Result<Phase> read_phase(const Reader& r, const json& o, const std::string& path) {
  if (!o.is_object()) return r.error(path, "must be an object");
  Phase p;
  auto name = r.text(o, path, "name");
  auto start = r.optional_date(o, path, "start");
  auto end = r.optional_date(o, path, "end");
  for (const Status* s : {&name.status(), &start.status(), &end.status()}) KITH_RETURN_IF_ERROR(*s);
  p.name = *name;
  p.start = *start;
  p.end = *end;
  auto milestones = r.array(o, path, "milestones");
  if (!milestones) return milestones.status();
  for (std::size_t i = 0; i < (*milestones)->size(); ++i) {
    auto m = read_milestone(r, (**milestones)[i], fmt::format("{}.milestones[{}]", path, i));
    if (!m) return m.status();
    p.milestones.push_back(std::move(*m));
  }
  return p;
}

// Inserts rows with ids counted up from the table's next id (the write transaction serialises writers).
struct Inserter {
  store::Database& db;
  Result<Id> insert(const std::string& table, const std::string& columns, std::vector<Value> values) {
    auto id = store::next_id(db, table);
    if (!id) return id.status();
    values.insert(values.begin(), Value(*id));
    std::string marks = "?";
    for (std::size_t i = 1; i < values.size(); ++i) marks += ", ?";
    KITH_RETURN_IF_ERROR(db.run("INSERT INTO " + table + " (id, " + columns + ") VALUES (" + marks + ")", values));
    return *id;
  }
};

Status delete_programme(store::Database& db, Id id) {
  const std::string phases = "SELECT id FROM programme_phase WHERE programme_id = ?";
  const std::string milestones = "SELECT id FROM programme_milestone WHERE phase_id IN (" + phases + ")";
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM milestone_measure WHERE milestone_id IN (" + milestones + ")", {Value(id)}));
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM programme_milestone WHERE phase_id IN (" + phases + ")", {Value(id)}));
  KITH_RETURN_IF_ERROR(db.run("DELETE FROM programme_phase WHERE programme_id = ?", {Value(id)}));
  return db.run("DELETE FROM programme WHERE id = ?", {Value(id)});
}

Status insert_milestone(Inserter& in, Id phase, int position, const Milestone& m) {
  auto id = in.insert("programme_milestone", "phase_id, position, title, owner_role, owner_name, due_date, status",
                      {Value(phase), Value(std::int64_t(position)), Value(m.title), Value(m.owner_role), Value(m.owner_name),
                       store::date(m.due), Value(std::string(status_name(m.status)))});
  if (!id) return id.status();
  int n = 0;
  for (const MilestoneMeasure& x : m.measures) {
    auto measure = in.insert("milestone_measure",
                             "milestone_id, position, indicator_id, quantity, baseline_date, target_low, target_high, target_date, "
                             "direction, reference_baseline",
                             {Value(*id), Value(std::int64_t(++n)), Value(x.indicator), Value(std::string(quantity_name(x.quantity))),
                              store::date(x.baseline_date), Value(x.target.low), store::opt(x.target.high), store::date(x.target_date),
                              Value(std::string(direction_name(x.direction))), store::opt(x.reference_baseline)});
    if (!measure) return measure.status();
  }
  return Status::ok();
}

Status insert_programme(store::Database& db, const Programme& p, Id& id) {
  auto existing = db.scalar("SELECT coalesce(max(id), 0) FROM programme WHERE name = ?", {Value(p.name)});
  if (!existing) return existing.status();
  if (*existing) KITH_RETURN_IF_ERROR(delete_programme(db, *existing));
  Inserter in{db};
  auto pid = in.insert("programme", "name, description, source", {Value(p.name), Value(p.description), Value(p.source)});
  if (!pid) return pid.status();
  id = *pid;
  int phase_position = 0;
  for (const Phase& ph : p.phases) {
    auto phase = in.insert("programme_phase", "programme_id, position, name, start_date, end_date",
                           {Value(id), Value(std::int64_t(++phase_position)), Value(ph.name), store::date(ph.start), store::date(ph.end)});
    if (!phase) return phase.status();
    int position = 0;
    for (const Milestone& m : ph.milestones) KITH_RETURN_IF_ERROR(insert_milestone(in, *phase, ++position, m));
  }
  return Status::ok();
}

Status load_measures(store::Database& db, std::map<Id, Milestone*>& milestones) {
  return db.run(
      "SELECT milestone_id, id, indicator_id, quantity, baseline_date, target_low, target_high, target_date, direction, reference_baseline "
      "FROM milestone_measure ORDER BY milestone_id, position",
      {}, [&](const store::Statement& s) {
        auto it = milestones.find(s.int64(0));
        if (it == milestones.end()) return;
        MilestoneMeasure m;
        m.id = s.int64(1);
        m.indicator = s.text(2);
        m.quantity = s.text(3) == "count" ? Quantity::kCount : Quantity::kValue;
        m.baseline_date = s.date(4).value_or(Date());
        m.target = {s.real(5), s.is_null(6) ? std::nullopt : std::optional(s.real(6))};
        m.target_date = s.date(7).value_or(Date());
        std::string d = s.text(8);
        m.direction = d == "up" ? Direction::kUp : d == "within" ? Direction::kWithin : Direction::kDown;
        if (!s.is_null(9)) m.reference_baseline = s.real(9);
        it->second->measures.push_back(std::move(m));
      });
}

// Least squares through (days from the first point, value); the line's value at `at`.
std::optional<double> linear_projection(const std::vector<std::pair<Date, std::optional<double>>>& points, Date at) {
  std::vector<std::pair<double, double>> xy;
  for (const auto& [d, v] : points)
    if (v) xy.push_back({double(d - points.front().first), *v});
  if (xy.size() < 3) return std::nullopt;
  double n = double(xy.size()), sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (auto [x, y] : xy) {
    sx += x;
    sy += y;
    sxx += x * x;
    sxy += x * y;
  }
  double den = n * sxx - sx * sx;
  if (den == 0) return std::nullopt;
  double slope = (n * sxy - sx * sy) / den, intercept = (sy - slope * sx) / n;
  return intercept + slope * double(at - points.front().first);
}

// The CHECK constraint admits only known statuses; anything else reads as not started.
MilestoneStatus stored_status(const std::string& text) {
  for (auto [status, name] : kStatuses)
    if (name == text) return status;
  return MilestoneStatus::kNotStarted;
}

}  // namespace

std::string_view status_name(MilestoneStatus s) {
  for (auto [status, name] : kStatuses)
    if (status == s) return name;
  return "not_started";
}

Result<MilestoneStatus> parse_status(std::string_view s) {
  for (auto [status, name] : kStatuses)
    if (name == s) return status;
  return Status::invalid("'" + std::string(s) + "' is not a status: use not_started, on_track, at_risk, off_track or done");
}

std::string_view status_label(MilestoneStatus s) {
  switch (s) {
    case MilestoneStatus::kNotStarted: return "Not started";
    case MilestoneStatus::kOnTrack: return "On track";
    case MilestoneStatus::kAtRisk: return "At risk";
    case MilestoneStatus::kOffTrack: return "Off track";
    case MilestoneStatus::kDone: return "Done";
  }
  return "Not started";
}

Result<Target> parse_target(std::string_view text) {
  // A range's dash is the first '-' after a digit, so "-5" stays a single (negative) value.
  std::size_t dash = std::string_view::npos;
  for (std::size_t i = 1; i < text.size(); ++i)
    if (text[i] == '-' && text.find_last_not_of(' ', i - 1) != std::string_view::npos && std::isdigit(static_cast<unsigned char>(text[text.find_last_not_of(' ', i - 1)]))) {
      dash = i;
      break;
    }
  auto bad = [&] { return Status::invalid("'" + std::string(text) + "' is not a target: write a value (20) or a range (500-600)"); };
  if (dash == std::string_view::npos) {
    auto v = parse_number(text);
    if (!v) return bad();
    return Target{*v, std::nullopt};
  }
  auto low = parse_number(text.substr(0, dash)), high = parse_number(text.substr(dash + 1));
  if (!low || !high) return bad();
  if (*low > *high) return Status::invalid("'" + std::string(text) + "': the range's low end is above its high end");
  return Target{*low, *high};
}

Result<Programme> parse_programme_json(std::string_view text, const std::string& file_name) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    // Byte offset to line and column, so the author can find the mistake.
    std::size_t at = std::min<std::size_t>(e.byte == 0 ? 0 : e.byte - 1, text.size()), line = 1, col = 1;
    for (std::size_t i = 0; i < at; ++i) text[i] == '\n' ? (++line, col = 1) : ++col;
    return Status::invalid(fmt::format("{}: line {}, column {}: not valid JSON", file_name, line, col));
  }
  Reader r{file_name};
  if (!doc.is_object()) return r.error("(top)", "must be an object");
  Programme p;
  auto name = r.text(doc, "programme", "name");
  auto description = r.text(doc, "programme", "description", false);
  auto source = r.text(doc, "programme", "source", false);
  for (const Status* s : {&name.status(), &description.status(), &source.status()}) KITH_RETURN_IF_ERROR(*s);
  p.name = *name;
  p.description = *description;
  p.source = *source;
  auto phases = r.array(doc, "programme", "phases");
  if (!phases) return phases.status();
  for (std::size_t i = 0; i < (*phases)->size(); ++i) {
    auto phase = read_phase(r, (**phases)[i], fmt::format("phases[{}]", i));
    if (!phase) return phase.status();
    p.phases.push_back(std::move(*phase));
  }
  return p;
}

Result<Id> save_programme(store::Database& db, const store::WriteContext& ctx, const Programme& p) {
  Id id = 0;
  Status s = store::audited_write(db, ctx, "update", "programme", [&] { return insert_programme(db, p, id); },
                                  [&] { return std::to_string(id); });
  if (!s) return s;
  return id;
}

Result<std::vector<Programme>> load_programmes(store::Database& db) {
  std::vector<Programme> out;
  KITH_RETURN_IF_ERROR(db.run("SELECT id, name, description, source FROM programme ORDER BY id", {}, [&](const store::Statement& s) {
    out.push_back({s.int64(0), s.text(1), s.text(2), s.text(3), {}});
  }));
  std::map<Id, Programme*> programmes;
  for (Programme& p : out) programmes[p.id] = &p;
  std::map<Id, std::pair<Id, std::size_t>> phase_at;  // phase id -> (programme, index)
  KITH_RETURN_IF_ERROR(db.run("SELECT programme_id, id, name, start_date, end_date FROM programme_phase ORDER BY programme_id, position", {},
                              [&](const store::Statement& s) {
                                Programme* p = programmes.at(s.int64(0));
                                phase_at[s.int64(1)] = {p->id, p->phases.size()};
                                p->phases.push_back({s.int64(1), s.text(2), s.date(3), s.date(4), {}});
                              }));
  std::vector<std::pair<Id, std::pair<Id, std::size_t>>> milestone_at;  // milestone -> (phase, index), filled first, pointed at after
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT phase_id, id, title, owner_role, owner_name, due_date, status, version FROM programme_milestone ORDER BY phase_id, position", {},
      [&](const store::Statement& s) {
        auto [programme, index] = phase_at.at(s.int64(0));
        Phase& ph = programmes.at(programme)->phases[index];
        Milestone m{s.int64(1), s.text(2), s.text(3), s.text(4), s.date(5).value_or(Date()), stored_status(s.text(6)),
                    s.int64(7), {}};
        milestone_at.push_back({m.id, {s.int64(0), ph.milestones.size()}});
        ph.milestones.push_back(std::move(m));
      }));
  std::map<Id, Milestone*> milestones;
  for (auto& [id, where] : milestone_at) {
    auto [programme, index] = phase_at.at(where.first);
    milestones[id] = &programmes.at(programme)->phases[index].milestones[where.second];
  }
  KITH_RETURN_IF_ERROR(load_measures(db, milestones));
  return out;
}

Status set_milestone_status(store::Database& db, const store::WriteContext& ctx, Id milestone, MilestoneStatus status,
                            std::int64_t expected_version) {
  return store::audited_write(db, ctx, "update", "programme_milestone", [&]() -> Status {
    // The version check is in the UPDATE itself: a SELECT before it would let two saves from the
    // same version both pass on PostgreSQL (read committed), the second overwriting the first.
    bool updated = false;
    KITH_RETURN_IF_ERROR(db.run("UPDATE programme_milestone SET status = ?, version = version + 1 WHERE id = ? AND version = ? RETURNING id",
                                {Value(std::string(status_name(status))), Value(milestone), Value(expected_version)},
                                [&](const store::Statement&) { updated = true; }));
    if (updated) return Status::ok();
    // Nothing matched: say which of the two reasons it was (the answer decides nothing, so no race).
    auto current = casework::version_of(db, "programme_milestone", milestone);
    if (!current) return current.status();  // not_found for an unknown milestone, else the database's error
    return Status::conflict("the milestone was changed by someone else; reload it");
  }, [&] { return std::to_string(milestone); });
}

Result<MilestoneEdit> parse_milestone_edit(std::string_view status, std::string_view owner_role, std::string_view owner_name,
                                           std::string_view due) {
  MilestoneEdit e;
  auto st = parse_status(status);
  if (!st) return Status::invalid("status: choose the milestone's status");
  e.status = *st;
  auto trim = [](std::string_view v) {
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return std::string(v);
  };
  e.owner_role = trim(owner_role);
  e.owner_name = trim(owner_name);
  if (e.owner_role.empty()) return Status::invalid("owner_role: enter the owner's role, for example Head of Early Help");
  if (e.owner_role.size() > 200 || e.owner_name.size() > 200) return Status::invalid("owner_role: the owner's role and name must be at most 200 characters");
  auto d = Date::parse_iso(trim(due));
  if (!d) return Status::invalid("due: enter the due date as a date, for example 2026-03-31");
  if (d->year() < 2000 || d->year() > 2100) return Status::invalid("due: the due date must be between 2000 and 2100");
  e.due = *d;
  return e;
}

Status edit_milestone(store::Database& db, const store::WriteContext& ctx, Id milestone, const MilestoneEdit& edit,
                      std::int64_t seen_version) {
  std::string change;  // the audit entry's reason: what changed, from what
  store::WriteContext audited{ctx.audit, ctx.actor, ctx.reason};
  return store::audited_write(db, audited, "update", "programme_milestone", [&]() -> Status {
    auto before = load_milestone(db, milestone);
    if (!before) return before.status();
    const Milestone& m = before->milestone;
    auto was = [&](const std::string& field, const std::string& from, const std::string& to) {
      if (from != to) change += (change.empty() ? "" : "; ") + field + " " + from + " -> " + to;
    };
    was("status", std::string(status_name(m.status)), std::string(status_name(edit.status)));
    was("owner role", m.owner_role, edit.owner_role);
    was("owner name", m.owner_name, edit.owner_name);
    was("due", m.due.iso(), edit.due.iso());
    audited.reason = ctx.reason + (change.empty() ? " (saved unchanged)" : ": " + change);
    return casework::update_seen(db,
                                 "UPDATE programme_milestone SET status = ?, owner_role = ?, owner_name = ?, due_date = ?, version = version + 1 "
                                 "WHERE id = ? AND version = ? RETURNING id",
                                 {Value(std::string(status_name(edit.status))), Value(edit.owner_role), Value(edit.owner_name), store::date(edit.due)},
                                 {milestone, seen_version}, "the milestone '" + m.title + "'");
  }, [&] { return std::to_string(milestone); });
}

Result<MilestonePlace> load_milestone(store::Database& db, Id milestone) {
  std::optional<MilestonePlace> out;
  KITH_RETURN_IF_ERROR(db.run(
      "SELECT m.id, m.title, m.owner_role, m.owner_name, m.due_date, m.status, m.version, p.name, ph.name "
      "FROM programme_milestone m JOIN programme_phase ph ON ph.id = m.phase_id JOIN programme p ON p.id = ph.programme_id WHERE m.id = ?",
      {Value(milestone)}, [&](const store::Statement& s) {
        out = MilestonePlace{{s.int64(0), s.text(1), s.text(2), s.text(3), s.date(4).value_or(Date()), stored_status(s.text(5)), s.int64(6), {}},
                             s.text(7), s.text(8)};
      }));
  if (!out) return Status::not_found("no milestone " + std::to_string(milestone));
  return std::move(*out);
}

Period quarter_ending_by(Date day) {
  // Financial quarters end on 31 March, 30 June, 30 September and 31 December.
  Date end = Date::ymd(day.year() - 1, 12, 31);
  for (Date candidate : {Date::ymd(day.year(), 3, 31), Date::ymd(day.year(), 6, 30), Date::ymd(day.year(), 9, 30), Date::ymd(day.year(), 12, 31)})
    if (candidate <= day) end = candidate;
  int start_year = end.month() <= 3 ? end.year() - 1 : end.year();
  int q = end.month() == 6 ? 1 : end.month() == 9 ? 2 : end.month() == 12 ? 3 : 4;
  auto p = parse_period(fmt::format("{}Q{}", start_year, q));
  return p ? *p : financial_year(start_year);
}

const std::vector<IndicatorRow>& LiveIndicators::rows(const Period& period) {
  auto it = cache_.find(period.label);
  if (it != cache_.end()) return it->second;
  return cache_[period.label] = compute_indicators(record_, period, options_, nullptr);
}

const IndicatorRow* LiveIndicators::find(const Period& period, std::string_view indicator, std::string_view slice) {
  for (const auto& r : rows(period))
    if (r.def->id == indicator && r.slice_value == slice) return &r;
  return nullptr;
}

std::optional<double> quantity_of(const IndicatorRow& row, Quantity q) { return q == Quantity::kCount ? std::optional(row.numerator) : row.value; }

std::string_view verdict_label(Verdict v) {
  switch (v) {
    case Verdict::kMet: return "Target met";
    case Verdict::kOnTrack: return "On track";
    case Verdict::kOffTrack: return "Off track";
    case Verdict::kNoData: return "Not enough data";
  }
  return "Not enough data";
}

bool meets(const Target& t, Direction d, double v) {
  if (t.high) return t.low <= v && v <= *t.high;
  if (d == Direction::kDown) return v <= t.low;
  if (d == Direction::kUp) return v >= t.low;
  return std::abs(v - t.low) < 1e-9;
}

Progress progress_of(const MilestoneMeasure& m, LiveIndicators& live, Date today) {
  Progress p;
  p.def = indicator_def(m.indicator);
  p.baseline_period = quarter_ending_by(m.baseline_date);
  p.current_period = quarter_ending_by(today);
  p.target = m.target;
  auto value_at = [&](const Period& period) -> std::optional<double> {
    const IndicatorRow* r = live.find(period, m.indicator);
    return r ? quantity_of(*r, m.quantity) : std::nullopt;
  };
  p.baseline = value_at(p.baseline_period);
  p.current = value_at(p.current_period);
  Period q = p.current_period;
  for (int n = 0; n < 8; ++n, q = quarter_ending_by(q.start.plus_days(-1))) p.trend.insert(p.trend.begin(), {q.end, value_at(q)});
  if (m.reference_baseline && p.baseline) {
    double scale = *p.baseline / *m.reference_baseline;  // "697 to 500-600" becomes the same proportions of the live baseline
    p.target.low *= scale;
    if (p.target.high) *p.target.high *= scale;
  }
  if (!p.current) return p;
  double nearest = p.target.high && *p.current > *p.target.high ? *p.target.high : p.target.low;
  p.distance = meets(p.target, m.direction, *p.current) ? 0.0 : *p.current - nearest;
  p.projected = linear_projection(p.trend, m.target_date);
  if (*p.distance == 0) p.verdict = Verdict::kMet;
  else if (p.projected) p.verdict = meets(p.target, m.direction, *p.projected) ? Verdict::kOnTrack : Verdict::kOffTrack;
  return p;
}

}  // namespace kith::insight
