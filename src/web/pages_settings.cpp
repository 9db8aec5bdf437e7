// The council's settings, for administrators (issue 4): today one, the date
// from which periods of care get the care plan deadline (casework/care_plans.h,
// migration 0015). A page at /admin/settings (a GOV.UK date input; a stale
// save answers 409 keeping what was typed) and the same setting as JSON at
// /api/v1/settings/care-plan-deadline-from. Every change is an audited,
// versioned update of council_setting. Only administrators may see or change
// it: it decides which looked-after children are shown a care plan deadline.
#include <fmt/format.h>

#include <array>
#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "casework/care_plans.h"
#include "casework/record_version.h"
#include "web/app.h"
#include "web/forms.h"
#include "web/responses.h"

namespace kith::web {
namespace {

using html::Html;
using nlohmann::json;

constexpr const char* kSettingsPath = "/admin/settings";
constexpr const char* kFieldName = "The date care plan deadlines apply from";
// Years outside this range are typing mistakes (a two-digit year, a digit too many), not a policy.
constexpr int kEarliestYear = 2000, kLatestYear = 2099;

bool is_administrator(const Ctx& c) { return c.viewer().role == Role::kAdministrator; }

Response not_administrator_page(Ctx& c) {
  return error_page(403, &c.session, "Only administrators change the council's settings.");
}

store::WriteContext settings_write_ctx(Ctx& c) { return {c.app.audit(), c.viewer().username, "council settings: care plan deadline from"}; }

// ---- the date, typed as day, month and year (GOV.UK date input) ----

struct DateParts {
  std::string day, month, year;
};

// What is wrong with a typed date: the message, the part the error summary
// links to, and which of day, month and year to mark.
struct DateProblem {
  std::string message;
  std::string field;                 // "from-day" | "from-month" | "from-year"
  std::array<bool, 3> marked{};      // day, month, year
};

std::string trimmed(const std::string& s) {
  std::size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

DateParts parts_from(const Request& r) { return {trimmed(r.param("from-day")), trimmed(r.param("from-month")), trimmed(r.param("from-year"))}; }

DateParts parts_of(const std::optional<Date>& d) {
  if (!d) return {};
  return {std::to_string(d->day()), std::to_string(d->month()), std::to_string(d->year())};
}

// The parts that were left empty, as GOV.UK words them ("a day and month").
std::optional<DateProblem> missing_parts(const DateParts& p) {
  const std::array<std::pair<const std::string*, const char*>, 3> parts = {{{&p.day, "day"}, {&p.month, "month"}, {&p.year, "year"}}};
  DateProblem out;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i].first->empty()) {
      out.marked[i] = true;
      if (names.empty()) out.field = std::string("from-") + parts[i].second;
      names.push_back(parts[i].second);
    }
  if (names.empty()) return std::nullopt;
  if (names.size() == 3) return DateProblem{"Enter the date care plan deadlines apply from", "from-day", {true, true, true}};
  out.message = std::string(kFieldName) + " must include a " + names[0] + (names.size() == 2 ? " and " + names[1] : "");
  return out;
}

// The date the parts make, or what is wrong with them. Pure.
std::variant<Date, DateProblem> date_from(const DateParts& p) {
  if (auto missing = missing_parts(p)) return *missing;
  if (!all_digits(p.day) || !all_digits(p.month) || !all_digits(p.year) || p.day.size() > 2 || p.month.size() > 2)
    return DateProblem{std::string(kFieldName) + " must be a real date, in numbers, for example 1 4 2026", "from-day", {true, true, true}};
  if (p.year.size() != 4) return DateProblem{std::string(kFieldName) + ": the year must have 4 numbers, for example 2026", "from-year", {false, false, true}};
  auto date = Date::parse_iso(fmt::format("{}-{:0>2}-{:0>2}", p.year, p.month, p.day));
  if (!date) return DateProblem{std::string(kFieldName) + " must be a real date", "from-day", {true, true, true}};
  if (date->year() < kEarliestYear || date->year() > kLatestYear)
    return DateProblem{fmt::format("{} must be between {} and {}", kFieldName, kEarliestYear, kLatestYear), "from-year", {false, false, true}};
  return *date;
}

// ---- the page ----

Html date_part(const char* part, const char* label, const std::string& value, bool marked, int width) {
  return Html::raw(fmt::format("<div class=\"govuk-date-input__item\"><div class=\"govuk-form-group\"><label class=\"govuk-label "
                               "govuk-date-input__label\" for=\"from-{0}\">{1}</label><input class=\"govuk-input govuk-date-input__input "
                               "govuk-input--width-{2}{3}\" id=\"from-{0}\" name=\"from-{0}\" type=\"text\" inputmode=\"numeric\" value=\"",
                               part, label, width, marked ? " govuk-input--error" : "")) +
         html::text(value) + Html::raw("\"></div></div>");
}

// The GOV.UK date input in its fieldset, the hint saying what the date does.
Html date_input(const DateParts& p, const std::optional<DateProblem>& problem) {
  std::array<bool, 3> marked = problem ? problem->marked : std::array<bool, 3>{};
  Html out = Html::raw(fmt::format("<div class=\"govuk-form-group{}\"><fieldset class=\"govuk-fieldset\" role=\"group\" "
                                   "aria-describedby=\"from-hint{}\"><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--m\">"
                                   "<h2 class=\"govuk-fieldset__heading\">Care plan deadline applies from</h2></legend>"
                                   "<div id=\"from-hint\" class=\"govuk-hint\">",
                                   problem ? " govuk-form-group--error" : "", problem ? " from-error" : ""));
  out += html::text("Periods of care that start on or after this date get a care plan deadline: the plan is due 10 working days "
                    "after the period of care starts (Care Planning Regulations 2010, regulation 4). Periods that started "
                    "earlier, such as those of children whose records came from a previous system, get none. "
                    "For example, 1 4 2026");
  out += Html::raw("</div>");
  if (problem)
    out += Html::raw("<p id=\"from-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> ") +
           html::text(problem->message) + Html::raw("</p>");
  out += Html::raw("<div class=\"govuk-date-input\" id=\"from\">");
  out += date_part("day", "Day", p.day, marked[0], 2) + date_part("month", "Month", p.month, marked[1], 2) +
         date_part("year", "Year", p.year, marked[2], 4);
  return out + Html::raw("</div></fieldset></div>");
}

std::string setting_text(const std::optional<Date>& from) { return from ? from->display() : "Not set: no period of care gets the deadline"; }

// The page: fresh (200), after a mistake (400) or a stale save (409: their
// version above the fields, which keep what was typed). seen is the version the save names.
Response settings_page(Ctx& c, int status, const DateParts& typed, const std::optional<DateProblem>& problem, const Html& conflict,
                       const casework::CarePlanDeadlineFrom& now) {
  Html main = conflict.empty() && problem ? html::error_summary({{problem->field, problem->message}}) : conflict;
  if (c.req.method == "GET" && c.req.param("saved") == "1")
    main += html::notification("Success", "Saved: periods of care that start on or after " + setting_text(now.from) +
                                              " get a care plan deadline.", true);
  main += html::heading("Council settings", "Administration");
  main += html::summary_list({{"Care plan deadline applies from", html::text(setting_text(now.from))}});
  Html form = forms::form_start(kSettingsPath, c.session.csrf_token) + forms::version_field({now.id, now.version});
  form += date_input(typed, problem);
  main += form + forms::form_end("Save settings");
  forms::Errors for_title;
  if (!conflict.empty()) for_title = {forms::conflict_error()};
  else if (problem) for_title = {{problem->field, problem->message}};
  return html_response(status, chrome_for(c.session, forms::title_with(for_title, "Council settings"), kSettingsPath), main);
}

// GET /admin/settings
Response show_settings(Ctx& c) {
  if (!is_administrator(c)) return not_administrator_page(c);
  auto now = casework::care_plan_deadline_from(c.db);
  if (!now) return failure_page(now.status(), &c.session);
  return settings_page(c, 200, parts_of(now->from), std::nullopt, {}, *now);
}

// POST /admin/settings
Response save_settings(Ctx& c) {
  if (!is_administrator(c)) return not_administrator_page(c);
  auto now = casework::care_plan_deadline_from(c.db);
  if (!now) return failure_page(now.status(), &c.session);
  DateParts typed = parts_from(c.req);
  auto date = date_from(typed);
  if (auto* problem = std::get_if<DateProblem>(&date)) return settings_page(c, 400, typed, *problem, {}, *now);
  // A missing or tampered version, or another row's, is version 0, which never matches: a conflict, nothing saved.
  auto posted = forms::posted_version(c.req.param("version"));
  std::int64_t seen = posted && posted->id == now->id ? posted->version : 0;
  Status saved = casework::set_care_plan_deadline_from(c.db, settings_write_ctx(c), std::get<Date>(date), seen);
  if (saved.code() == Status::Code::kConflict) {
    // The form now names their version, so saving again replaces it knowingly.
    Html panel = forms::conflict_panel({{"Care plan deadline applies from", html::text(setting_text(now->from))}});
    return settings_page(c, 409, typed, std::nullopt, panel, *now);
  }
  if (!saved) return failure_page(saved, &c.session);
  return Response::redirect(std::string(kSettingsPath) + "?saved=1");
}

// ---- the JSON API: {"care_plan_deadline_from": "2026-04-01" | null, "version": 3} ----

json setting_json(const casework::CarePlanDeadlineFrom& s) {
  return {{"care_plan_deadline_from", s.from ? json(s.from->iso()) : json(nullptr)}, {"version", s.version}};
}

Response not_administrator_json() { return json_error(403, "Only administrators see or change the council's settings"); }

// GET /api/v1/settings/care-plan-deadline-from
Response get_setting_json(Ctx& c) {
  if (!is_administrator(c)) return not_administrator_json();
  auto now = casework::care_plan_deadline_from(c.db);
  if (!now) return json_failure(now.status());
  return json_response(200, setting_json(*now));
}

// The body's date and version, or the 400 answer naming the field.
std::variant<std::pair<Date, std::int64_t>, Response> setting_from_body(const std::string& body) {
  json in = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (in.is_discarded() || !in.is_object())
    return json_error(400, "Send a JSON object: {\"care_plan_deadline_from\": \"2026-04-01\", \"version\": 1}");
  auto field = [](const char* name, const std::string& message) { return json_response(400, {{"error", message}, {"field", name}}); };
  const json& from = in.value("care_plan_deadline_from", json());
  if (!from.is_string()) return field("care_plan_deadline_from", "care_plan_deadline_from: give the date as text, YYYY-MM-DD");
  auto date = Date::parse_iso(from.get<std::string>());
  if (!date) return field("care_plan_deadline_from", "care_plan_deadline_from: not a real date in the form YYYY-MM-DD");
  if (date->year() < kEarliestYear || date->year() > kLatestYear)
    return field("care_plan_deadline_from", fmt::format("care_plan_deadline_from: must be between {} and {}", kEarliestYear, kLatestYear));
  const json& version = in.value("version", json());
  if (!version.is_number_integer()) return field("version", "version: give the version you read (GET this address), a whole number");
  return std::pair{*date, version.get<std::int64_t>()};
}

// POST /api/v1/settings/care-plan-deadline-from (X-CSRF-Token header, JSON body)
Response post_setting_json(Ctx& c) {
  if (!is_administrator(c)) return not_administrator_json();
  if (c.req.header("content-type").rfind("application/json", 0) != 0)
    return json_error(415, "Send the body as JSON with the header Content-Type: application/json");
  auto parsed = setting_from_body(c.req.body);
  if (auto* answer = std::get_if<Response>(&parsed)) return *answer;
  auto [date, version] = std::get<std::pair<Date, std::int64_t>>(parsed);
  Status saved = casework::set_care_plan_deadline_from(c.db, settings_write_ctx(c), date, version);
  auto now = casework::care_plan_deadline_from(c.db);
  if (!now) return json_failure(now.status());
  if (saved.code() == Status::Code::kConflict) {
    json out = setting_json(*now);
    out["error"] = "Someone else changed the setting since you read it: the current value and version are given; send again with that version";
    return json_response(409, out);
  }
  if (!saved) return json_failure(saved);
  return json_response(200, setting_json(*now));
}

}  // namespace

std::vector<Route> settings_routes() {
  return {
      {"GET", kSettingsPath, signed_in_page(show_settings)},
      {"POST", kSettingsPath, signed_in_page(save_settings)},
      {"GET", "/api/v1/settings/care-plan-deadline-from", signed_in_api(get_setting_json)},
      {"POST", "/api/v1/settings/care-plan-deadline-from", signed_in_api(post_setting_json)},
  };
}

}  // namespace kith::web
