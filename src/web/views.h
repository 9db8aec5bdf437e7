// Small views of casework values shared by the pages and the API.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "access/users.h"
#include "casework/child_record.h"
#include "web/html.h"

namespace kith::web {

// A stable machine name for the API: "early_help", "child_protection", ...
std::string_view stage_key(casework::Stage s);
// The stage as a coloured GOV.UK tag.
html::Html stage_tag(casework::Stage s);
// "Assessment due 3 June 2022" with an "Overdue" tag when late.
html::Html due_text(const casework::DueTask& t);
// "7" or "Unborn / not recorded".
std::string age_text(std::optional<int> age);
// The localities, each linking to its overview.
html::Html localities_table(const std::vector<Locality>& localities);
// The service navigation for a signed-in viewer: every page their role may
// open, and only those (tests/web/navigation_test.cpp asks each link for a
// 200 as that role). Pure.
std::vector<html::NavItem> navigation_for(const access::Viewer& viewer);
// A route capture as an id; nullopt when it does not fit in an Id.
std::optional<Id> parse_id(const std::string& digits);

}  // namespace kith::web
