// Teams and the placement providers register.
#include <algorithm>
#include <cmath>

#include "synth/build.h"
#include "synth/names.h"

namespace kith::synth {

std::string_view team_type_name(TeamType t) {
  switch (t) {
    case TeamType::kFrontDoor: return "front_door";
    case TeamType::kEarlyHelp: return "early_help";
    case TeamType::kAssessment: return "assessment";
    case TeamType::kSafeguarding: return "safeguarding";
    case TeamType::kChildrenInCare: return "children_in_care";
    case TeamType::kLeavingCare: return "leaving_care";
    case TeamType::kDisability: return "disability";
  }
  return "";
}

int Council::team_for(TeamType type, int locality) const {
  bool council_wide = type == TeamType::kFrontDoor || type == TeamType::kLeavingCare || type == TeamType::kDisability;
  for (int i = 0; i < int(teams.size()); ++i)
    if (teams[std::size_t(i)].type == type && (council_wide || teams[std::size_t(i)].locality == locality)) return i;
  return 0;
}

namespace {

void add_team(Council& c, IdSequences& ids, TeamType type, int locality, std::string name) {
  Team t{ids.team++, locality, std::nullopt, type, std::move(name)};
  if (type == TeamType::kEarlyHelp) t.hub_id = c.localities[std::size_t(locality)].hubs.front();
  c.teams.push_back(std::move(t));
}

struct ProviderKind {
  const char* type;
  const char* trading;  // word in the synthetic name
  const char* code;     // SSDA903 PLACE_PROVIDER
  double per_child;     // providers per expected looked-after child
  int min_count, capacity_lo, capacity_hi;
  int cost_lo, cost_hi;  // weekly, in pounds
  double out_of_area;    // share located outside the council
};

// Realistic orders of magnitude for weekly costs (2024-25 prices).
constexpr ProviderKind kProviderKinds[] = {
    {"in_house_fostering", "foster carers", "PR1", 0.25, 3, 1, 3, 400, 600, 0.0},
    {"agency_fostering", "Fostering", "PR4", 0.03, 3, 20, 60, 800, 1100, 0.4},
    {"kinship", "kinship carers", "PR1", 0.10, 2, 1, 2, 200, 350, 0.1},
    {"in_house_residential", "House", "PR1", 0.007, 1, 3, 5, 4500, 5500, 0.0},
    {"external_residential", "Children's Home", "PR4", 0.02, 2, 2, 4, 5500, 7500, 0.7},
    {"supported_accommodation", "Supported Living", "PR5", 0.01, 2, 6, 12, 1200, 1800, 0.3},
    {"secure", "Secure Children's Home", "PR2", 0.0, 1, 6, 10, 7500, 8500, 1.0},
    {"other", "Adoption Service", "PR1", 0.0, 1, 50, 50, 0, 0, 0.0},
};

void build_providers(Council& c, IdSequences& ids, Rng& rng) {
  double expected_cla = 0;
  for (const auto& loc : c.localities) expected_cla += double(loc.children) * 67.0 / 10000.0;
  for (const auto& kind : kProviderKinds) {
    int count = std::max(kind.min_count, int(std::lround(kind.per_child * expected_cla)));
    for (int i = 0; i < count; ++i) {
      bool away = rng.chance(kind.out_of_area) && !c.elsewhere->empty();
      std::string postcode = away ? c.elsewhere->at(std::size_t(rng.between(0, int(c.elsewhere->size()) - 1))).text()
                                  : c.postcode_text(rng.between(0, int(c.postcodes.size()) - 1));
      std::string name = std::string(kind.type) == "in_house_fostering" || std::string(kind.type) == "kinship"
                             ? std::string(surname(rng)) + " " + kind.trading
                             : provider_name(rng, kind.trading);
      c.providers.push_back({ids.provider++, name, kind.type, kind.code, postcode, rng.between(kind.capacity_lo, kind.capacity_hi),
                             std::int64_t(rng.between(kind.cost_lo, kind.cost_hi)) * 100});
    }
  }
}

}  // namespace

void build_teams_and_providers(Council& c, IdSequences& ids, Rng& rng) {
  add_team(c, ids, TeamType::kFrontDoor, -1, "Front Door (MASH)");
  for (int l = 0; l < int(c.localities.size()); ++l) {
    const std::string& n = c.localities[std::size_t(l)].name;
    add_team(c, ids, TeamType::kEarlyHelp, l, n + " Early Help Team");
    add_team(c, ids, TeamType::kAssessment, l, n + " Assessment Team");
    add_team(c, ids, TeamType::kSafeguarding, l, n + " Safeguarding Team");
    add_team(c, ids, TeamType::kChildrenInCare, l, n + " Children in Care Team");
  }
  add_team(c, ids, TeamType::kLeavingCare, -1, "Leaving Care Team");
  add_team(c, ids, TeamType::kDisability, -1, "Children with Disabilities Team");
  build_providers(c, ids, rng);
}

}  // namespace kith::synth
