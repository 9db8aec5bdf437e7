// The rule families, one file each, listed by rule_registry.cpp.
//
// Thread-safety: each returns a static table.
#pragma once

#include <span>

#include "returns/cin/rule.h"

namespace kith::returns::cin::rules {

std::span<const Rule> header_rules();           // Header
std::span<const Rule> return_level_rules();     // whole-LA queries and counts
std::span<const Rule> upn_rules();              // UPN, former UPN, UPN unknown
std::span<const Rule> child_rules();            // ChildIdentifiers, ChildCharacteristics
std::span<const Rule> disability_rules();       // Disabilities
std::span<const Rule> cin_details_rules();      // CINdetails episodes
std::span<const Rule> assessment_rules();       // Assessments and their factors
std::span<const Rule> section47_rules();        // Section47 enquiries
std::span<const Rule> protection_plan_rules();  // ChildProtectionPlans and Reviews
std::span<const Rule> cin_plan_rules();         // CINplanDates

}  // namespace kith::returns::cin::rules
