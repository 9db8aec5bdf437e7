// Checks as you record (issue 5 item 6): the child record's "Return checks"
// panel, and per team the children whose records break a one-child DfE rule
// (GET /teams/{id}/data-quality, its JSON twin under /api/v1, and
// /data-quality, the list of teams the viewer may look at).
//
// Who sees a team's page: its team manager, the manager of its locality, and
// performance analysts, who see no names and no links (they open no child's
// record: casework/access_scope.cpp). Everyone else gets 403.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include "returns/ssda903/data_dir.h"
#include "web/app.h"
#include "web/data_quality.h"
#include "web/responses.h"
#include "web/views.h"

namespace kith::web {

namespace rc = returns::record_check;
using html::Html;
using returns::ReturnKind;
using returns::Severity;

const rc::ReturnChecks* shared_return_checks() {
  static std::once_flag once;
  static std::unique_ptr<rc::ReturnChecks> loaded;
  std::call_once(once, [] {
    std::string dir = returns::ssda903::find_data_dir();
    if (dir.empty()) return spdlog::warn("return checks are off: no data folder with spec/ssda903 was found");
    auto checks = rc::ReturnChecks::load(dir);
    if (!checks) return spdlog::warn("return checks are off: {}", checks.status().message());
    loaded = std::make_unique<rc::ReturnChecks>(std::move(*checks));
  });
  return loaded.get();
}

namespace {

Html severity_tag(Severity s) { return s == Severity::kError ? html::tag("Error", html::Colour::kRed) : html::tag("Query", html::Colour::kYellow); }

std::string rule_name(const rc::RecordFinding& f) { return fmt::format("{} {}", rc::collection_name(f.kind), f.rule); }

std::string count_text(int errors, int queries) {
  auto n = [](int k, std::string_view one, std::string_view many) { return fmt::format("{} {}", k, k == 1 ? one : many); };
  return n(errors, "error", "errors") + " and " + n(queries, "query", "queries");
}

Html unavailable() {
  return html::inset("Return checks are not available: Kith's copy of the DfE rules (its data folder) was not found.");
}

}  // namespace

Result<Html> return_checks_panel(Ctx& c, Id person) {
  Html out = html::section_heading("Return checks", "return-checks");
  const rc::ReturnChecks* checks = shared_return_checks();
  if (!checks) return out + unavailable();
  std::string year = rc::collection_year_of(c.app.today()).label();
  auto found = checks->check_child(c.db, person, c.app.today());
  if (!found) return found.status();
  if (found->empty())
    return out + html::paragraph(fmt::format("The record meets the DfE rules for one child in the {} SSDA903 and CIN census.", year));
  int errors = 0;
  for (const auto& f : *found) errors += f.severity == Severity::kError;
  out += html::paragraph(fmt::format("{} in the {} returns. An error stops the return; a query must be checked and either "
                                     "corrected or explained to the DfE.",
                                     count_text(errors, int(found->size()) - errors), year));
  html::Table t{.caption = "Return checks that fail",
                .headers = {"Rule", "Type", "What the DfE says", "Where to fix it"},
                .id = "return-checks-table"};
  for (const auto& f : *found)
    t.rows.push_back({html::text(rule_name(f)), severity_tag(f.severity), html::text(f.message),
                      html::link(rc::fix_href(person, f.fix), f.fix.label)});
  return out + html::table(t);
}

namespace {

struct Team {
  Id id = 0;
  std::optional<Id> locality;
  std::string name;
};

// How much of a team's list the viewer sees.
enum class Sight { kNone, kNamed, kPseudonymised };

Sight sight_of(const access::Viewer& v, const Team& t) {
  switch (v.role) {
    case Role::kTeamManager: return v.team_id == t.id ? Sight::kNamed : Sight::kNone;
    case Role::kLocalityManager: return t.locality && v.locality_id == t.locality ? Sight::kNamed : Sight::kNone;
    case Role::kPerformanceAnalyst: return Sight::kPseudonymised;
    default: return Sight::kNone;
  }
}

Result<std::vector<Team>> load_teams(store::Database& db, std::optional<Id> only) {
  std::vector<Team> out;
  std::string sql = "SELECT id, locality_id, name FROM team";
  std::vector<store::Value> params;
  if (only) sql += " WHERE id = ?", params.push_back(*only);
  KITH_RETURN_IF_ERROR(db.run(sql + " ORDER BY name, id", params, [&](const store::Statement& s) {
    out.push_back({s.int64(0), s.opt_int64(1), s.text(2)});
  }));
  return out;
}

struct ChildRow {
  Id person = 0;
  std::string name;  // "Child 3" for a pseudonymised list
  std::vector<rc::RecordFinding> findings;
};

struct RuleCount {
  const rc::RecordFinding* example;  // kind, rule, severity, message
  int children = 0;
};

struct TeamQuality {
  Team team;
  Sight sight = Sight::kNone;
  std::string year;
  int children_checked = 0;
  std::vector<ChildRow> children;  // those with a finding
  std::vector<RuleCount> rules;    // errors first, then by return and rule
};

// The team's children (open allocations), checked with one projection of them all.
Result<TeamQuality> team_quality(Ctx& c, Id team_id) {
  auto teams = load_teams(c.db, team_id);
  if (!teams) return teams.status();
  if (teams->empty()) return Status::not_found("no team " + std::to_string(team_id));
  TeamQuality q{teams->front(), Sight::kNone, "", 0, {}, {}};
  q.sight = sight_of(c.viewer(), q.team);
  if (q.sight == Sight::kNone) return Status::denied("You do not have access to this team's data quality");
  const rc::ReturnChecks* checks = shared_return_checks();
  if (!checks) return Status::io("the DfE rules (Kith's data folder) were not found");
  q.year = rc::collection_year_of(c.app.today()).label();
  std::vector<Id> people;
  std::map<Id, std::string> names;
  KITH_RETURN_IF_ERROR(c.db.run("SELECT DISTINCT p.id, p.forename, p.surname FROM involvement i JOIN person p ON p.id = i.person_id "
                                "WHERE i.team_id = ? AND i.end_date IS NULL ORDER BY p.id",
                                {team_id}, [&](const store::Statement& s) {
                                  people.push_back(s.int64(0));
                                  names[s.int64(0)] = s.text(1) + " " + s.text(2);
                                }));
  q.children_checked = int(people.size());
  auto found = checks->check_children(c.db, people, c.app.today());
  if (!found) return found.status();
  for (auto& [person, findings] : *found) q.children.push_back({person, names[person], std::move(findings)});
  if (q.sight == Sight::kNamed) {
    std::stable_sort(q.children.begin(), q.children.end(), [](const ChildRow& a, const ChildRow& b) { return a.name < b.name; });
  } else {
    int n = 0;  // in person-id order, which says nothing about who they are
    for (ChildRow& row : q.children) row.name = "Child " + std::to_string(++n);
  }
  std::map<std::tuple<bool, ReturnKind, std::string>, RuleCount> counts;
  for (const ChildRow& row : q.children) {
    std::set<std::tuple<bool, ReturnKind, std::string>> seen;  // a child counts once per rule
    for (const auto& f : row.findings) {
      auto key = std::tuple(f.severity != Severity::kError, f.kind, f.rule);
      if (!seen.insert(key).second) continue;
      auto& rc = counts.try_emplace(key, RuleCount{&f}).first->second;
      ++rc.children;
    }
  }
  for (auto& [key, count] : counts) q.rules.push_back(count);
  return q;
}

Html rule_counts(const TeamQuality& q) {
  html::Table t{.caption = "Failing rules",
                .headers = {"Rule", "Type", "What the DfE says", "Children"},
                .numeric = {false, false, false, true},
                .id = "rule-counts"};
  for (const RuleCount& r : q.rules)
    t.rows.push_back({html::text(rule_name(*r.example)), severity_tag(r.example->severity), html::text(r.example->message),
                      html::text(std::to_string(r.children))});
  return html::table(t);
}

Html child_findings(const TeamQuality& q) {
  bool named = q.sight == Sight::kNamed;
  html::Table t{.caption = "Children and what to fix",
                .headers = {"Child", "Rule", "Type", "What the DfE says", named ? "Where to fix it" : "Field"},
                .id = "children"};
  for (const ChildRow& row : q.children)
    for (const auto& f : row.findings) {
      Html child = named ? html::link("/children/" + std::to_string(row.person), row.name) : html::text(row.name);
      Html fix = named ? html::link(rc::fix_href(row.person, f.fix), f.fix.label) : html::text(f.fix.label);
      t.rows.push_back({child, html::text(rule_name(f)), severity_tag(f.severity), html::text(f.message), fix});
    }
  return html::table(t);
}

Response team_page(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return error_page(404, &c.session);
  auto q = team_quality(c, *id);
  if (!q) return failure_page(q.status(), &c.session);
  std::string title = q->team.name + " – Data quality";
  Html main = html::heading("Data quality", q->team.name);
  main += html::paragraph(fmt::format("The DfE rules for one child, run on the {} SSDA903 and CIN census as projected from the "
                                      "records of the {} {} allocated to this team today.",
                                      q->year, q->children_checked, q->children_checked == 1 ? "child" : "children"));
  if (q->sight == Sight::kPseudonymised)
    main += html::inset("Children are numbered, not named: your role does not open children's records.");
  if (q->children.empty()) {
    main += html::paragraph("No child allocated to this team breaks a rule.");
  } else {
    main += rule_counts(*q) + child_findings(*q);
  }
  return html_response(200, chrome_for(c.session, title), main);
}

// /data-quality: the teams whose page the viewer may open.
Response teams_page(Ctx& c) {
  auto teams = load_teams(c.db, std::nullopt);
  if (!teams) return failure_page(teams.status(), &c.session);
  Html items;
  for (const Team& t : *teams)
    if (sight_of(c.viewer(), t) != Sight::kNone)
      items += Html::raw("<li>") + html::link(fmt::format("/teams/{}/data-quality", t.id), t.name) + Html::raw("</li>");
  if (items.str().empty())
    return error_page(403, &c.session, "Data quality pages are for team and locality managers and performance analysts.");
  Html main = html::heading("Data quality") +
              html::paragraph("Children whose records break a DfE rule of the SSDA903 or CIN census, by team.") +
              Html::raw("<ul class=\"govuk-list\">") + items + Html::raw("</ul>");
  return html_response(200, chrome_for(c.session, "Data quality", "/data-quality"), main);
}

nlohmann::json finding_json(const rc::RecordFinding& f, std::optional<Id> person) {
  nlohmann::json fix = {{"form", f.fix.form.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.fix.form)},
                        {"field", f.fix.field},
                        {"label", f.fix.label},
                        {"href", person ? nlohmann::json(rc::fix_href(*person, f.fix)) : nlohmann::json(nullptr)}};
  return {{"return", rc::collection_name(f.kind)}, {"rule", f.rule}, {"severity", f.severity == Severity::kError ? "error" : "query"},
          {"message", f.message}, {"table", f.table}, {"column", f.column}, {"fix", fix}};
}

Response team_api(Ctx& c) {
  auto id = parse_id(c.req.captures.at(0));
  if (!id) return json_error(404, "Not found");
  auto q = team_quality(c, *id);
  if (!q) return json_failure(q.status());
  bool named = q->sight == Sight::kNamed;
  nlohmann::json rules = nlohmann::json::array(), children = nlohmann::json::array();
  for (const RuleCount& r : q->rules)
    rules.push_back({{"return", rc::collection_name(r.example->kind)}, {"rule", r.example->rule},
                     {"severity", r.example->severity == Severity::kError ? "error" : "query"}, {"message", r.example->message},
                     {"children", r.children}});
  for (const ChildRow& row : q->children) {
    nlohmann::json findings = nlohmann::json::array();
    for (const auto& f : row.findings) findings.push_back(finding_json(f, named ? std::optional<Id>(row.person) : std::nullopt));
    children.push_back({{"id", named ? nlohmann::json(row.person) : nlohmann::json(nullptr)}, {"name", row.name}, {"findings", findings}});
  }
  return json_response(200, {{"team", {{"id", q->team.id}, {"name", q->team.name}}},
                             {"year", q->year},
                             {"pseudonymised", !named},
                             {"children_checked", q->children_checked},
                             {"rules", rules},
                             {"children", children}});
}

}  // namespace

std::vector<Route> data_quality_routes() {
  return {
      {"GET", "/data-quality", signed_in_page(teams_page)},
      {"GET", R"(/teams/(\d+)/data-quality)", signed_in_page(team_page)},
      {"GET", R"(/api/v1/teams/(\d+)/data-quality)", signed_in_api(team_api)},
  };
}

}  // namespace kith::web
