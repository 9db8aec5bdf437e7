// Whole responses shared by pages and the API: pages in the service's
// chrome, error pages that reveal nothing, and JSON bodies.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "access/users.h"
#include "model/result.h"
#include "web/html.h"
#include "web/http.h"

namespace kith::web {

// The chrome for a signed-in viewer: navigation by role, the current page
// marked, and the sign-out form.
html::Chrome chrome_for(const access::Session& session, std::string title, std::string_view current_href = {});
// The chrome before sign-in: no navigation.
html::Chrome public_chrome(std::string title);

Response html_response(int status, const html::Chrome& chrome, const html::Html& main);

// A GOV.UK-style error page for 400, 403, 404, 413, 500 ...; message
// replaces the standard explanation when given. Never includes internals.
Response error_page(int status, const access::Session* session, std::string_view message = {});
// The error page for a Status from the services: denied → 403, not_found →
// 404, invalid → 400, anything else → 500. A 500's cause is logged for
// operators: those come from the store and name files and SQL errors, not
// case data.
Response failure_page(const Status& status, const access::Session* session);

Response json_response(int status, const nlohmann::json& body);
// {"error": message}
Response json_error(int status, std::string_view message);
// The JSON error for a Status, mapped like failure_page.
Response json_failure(const Status& status);

}  // namespace kith::web
