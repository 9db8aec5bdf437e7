#include "web/views.h"

#include <charconv>

namespace kith::web {

using casework::Stage;

std::string_view stage_key(Stage s) {
  switch (s) {
    case Stage::kEarlyHelp: return "early_help";
    case Stage::kChildInNeed: return "child_in_need";
    case Stage::kChildProtection: return "child_protection";
    case Stage::kLookedAfter: return "looked_after";
    case Stage::kCareLeaver: return "care_leaver";
    case Stage::kNone: break;
  }
  return "none";
}

html::Html stage_tag(Stage s) {
  using html::Colour;
  Colour c = Colour::kGrey;
  switch (s) {
    case Stage::kEarlyHelp: c = Colour::kGreen; break;
    case Stage::kChildInNeed: c = Colour::kBlue; break;
    case Stage::kChildProtection: c = Colour::kRed; break;
    case Stage::kLookedAfter: c = Colour::kPurple; break;
    case Stage::kCareLeaver: c = Colour::kTurquoise; break;
    case Stage::kNone: break;
  }
  return html::tag(casework::stage_label(s), c);
}

html::Html due_text(const casework::DueTask& t) {
  html::Html out = html::text(t.what + " by " + t.due.display());
  if (t.overdue) out += html::Html::raw(" ") + html::tag("Overdue", html::Colour::kRed);
  return out;
}

std::string age_text(std::optional<int> age) { return age ? std::to_string(*age) : "Not recorded"; }

html::Html localities_table(const std::vector<Locality>& localities) {
  html::Table t{.caption = "Localities", .headers = {"Locality"}, .id = "localities"};
  for (const Locality& l : localities) t.rows.push_back({html::link("/localities/" + std::to_string(l.id), l.name)});
  return html::table(t);
}

// Who may open each page is decided by the page itself (and listed in
// tests/web/access_matrix.csv); this list follows those rules so that no role
// is offered a link that answers 403.
std::vector<html::NavItem> navigation_for(const access::Viewer& v) {
  std::vector<html::NavItem> nav;
  auto add = [&](std::string label, std::string href) { nav.push_back({std::move(label), std::move(href)}); };
  std::string locality = v.locality_id ? std::to_string(*v.locality_id) : "";
  switch (v.role) {
    case Role::kPractitioner:
      add("My work", "/my-work");
      add("Tasks", "/work/tasks");
      add("Front door", "/front-door");
      if (v.locality_id) add("My locality", "/localities/" + locality);
      add("Placements", "/placements/providers");
      break;
    case Role::kPartnerPractitioner:
      add("My work", "/my-work");
      break;
    case Role::kTeamManager:
    case Role::kLocalityManager:
      if (v.locality_id) add("My locality", "/localities/" + locality);
      if (v.worker_id) add("My work", "/my-work");
      add("Tasks", "/work/tasks");
      add("Authorisations", "/authorisations");
      add("Allocations", "/allocations");  // children waiting for a social worker (pages_allocation.cpp)
      add("Front door", "/front-door");
      add("Placements", "/placements/providers");
      if (v.locality_id) add("Dashboard", "/dashboards/locality/" + locality);
      if (v.role == Role::kLocalityManager) add("Corporate parenting", "/dashboards/corporate-parenting");
      add("Planning", "/planning");
      add("Programme", "/programme");
      break;
    case Role::kPerformanceAnalyst:
    case Role::kCouncillor:
      add("Home", "/home");
      add("Localities", "/localities");
      add("Dashboards", "/dashboards/director");
      add("Corporate parenting", "/dashboards/corporate-parenting");
      if (v.role == Role::kPerformanceAnalyst) add("Placements", "/placements/providers");
      add("Planning", "/planning");
      add("Programme", "/programme");
      break;
    case Role::kAdministrator:
      add("Home", "/home");
      add("Localities", "/localities");
      add("Settings", "/admin/settings");  // the council's settings (pages_settings.cpp)
      break;
  }
  add("Directory", "/directory");  // public: family hubs and services
  return nav;
}

std::optional<Id> parse_id(const std::string& digits) {
  Id id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return id;
}

}  // namespace kith::web
