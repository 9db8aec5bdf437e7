#include "model/records.h"

namespace kith {
namespace {
struct RoleText {
  Role role;
  std::string_view name, label;
};
constexpr RoleText kRoles[] = {
    {Role::kPractitioner, "practitioner", "Practitioner"},
    {Role::kTeamManager, "team_manager", "Team manager"},
    {Role::kLocalityManager, "locality_manager", "Locality manager"},
    {Role::kPartnerPractitioner, "partner_practitioner", "Partner practitioner"},
    {Role::kPerformanceAnalyst, "performance_analyst", "Performance analyst"},
    {Role::kCouncillor, "councillor", "Councillor"},
    {Role::kAdministrator, "administrator", "Administrator"},
};
}  // namespace

std::string_view role_name(Role r) {
  for (const auto& t : kRoles)
    if (t.role == r) return t.name;
  return {};
}

std::string_view role_label(Role r) {
  for (const auto& t : kRoles)
    if (t.role == r) return t.label;
  return {};
}

std::optional<Role> role_from_name(std::string_view s) {
  for (const auto& t : kRoles)
    if (t.name == s) return t.role;
  return std::nullopt;
}

std::vector<std::string> disability_codes(const std::string& stored) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < stored.size()) {
    std::size_t j = stored.find(' ', i);
    if (j == std::string::npos) j = stored.size();
    if (j > i) out.push_back(stored.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

}  // namespace kith
