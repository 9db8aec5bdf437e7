// GOV.UK form fields that keep what the user typed: every field takes its
// current value (from the submitted form when re-rendering after a
// validation error) and shows its own error message, linked from the error
// summary by the field's id.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "casework/record_version.h"
#include "web/html.h"

namespace kith::web::forms {

using Errors = std::vector<html::FieldError>;

struct Option {
  std::string value, label;
};

// A one-line text input. width is a GOV.UK width class suffix ("20", "10", "two-thirds").
html::Html input(std::string_view id, std::string_view label, std::string_view value, const Errors& errors,
                 std::string_view hint = {}, std::string_view width = "two-thirds", std::string_view type = "text");
html::Html textarea(std::string_view id, std::string_view label, std::string_view value, const Errors& errors,
                    std::string_view hint = {});
// A select; the option whose value equals value is selected. The first option may be a blank "Choose ..." prompt.
html::Html select(std::string_view id, std::string_view label, const std::vector<Option>& options, std::string_view value,
                  const Errors& errors, std::string_view hint = {});
// Radios in a fieldset whose legend is the question.
html::Html radios(std::string_view id, std::string_view legend, const std::vector<Option>& options, std::string_view value,
                  const Errors& errors, std::string_view hint = {});
// One checkbox (value "1") in a fieldset-free group.
html::Html checkbox(std::string_view id, std::string_view label, bool checked);
// <form method="post" action="..." novalidate> with the CSRF field; close with form_end().
html::Html form_start(std::string_view action, std::string_view csrf_token);
html::Html form_end(std::string_view button_label, bool secondary = false);

// "Error: " + title when there are errors: GOV.UK's page title convention.
std::string title_with(const Errors& errors, std::string title);

// Turns a casework "field: message" Status message into a field error.
html::FieldError field_error_from(const std::string& status_message, std::string_view fallback_field);

// Optimistic concurrency on forms (docs/WEB.md, "Two people saving the same record").
// A form that changes a record carries the record's id and version as it was
// when the form was opened; the save names them back and a conflict (someone
// else saved first) re-renders the form with HTTP 409, the conflict panel
// (their version) above it and what the person typed kept in the fields.

// The hidden field "version" holding seen ("<id>:<version>").
html::Html version_field(const casework::SeenVersion& seen);
// The version posted in the field "version"; nullopt when it is missing or malformed.
std::optional<casework::SeenVersion> posted_version(std::string_view field_value);

inline constexpr std::string_view kConflictMessage =
    "Someone else changed this record since you opened it: their version is shown; your changes are kept below";
// The error for the page's title and summary on a conflict: links to the panel.
html::FieldError conflict_error();
// A GOV.UK error summary with kConflictMessage, then "Their version" (the
// record as saved now, rows) and the heading of the person's changes below it.
html::Html conflict_panel(const std::vector<html::SummaryRow>& theirs);
// Fields that can no longer be saved (the record has moved on so that the form
// no longer fits it), shown disabled with what was typed so it can be copied.
html::Html kept_changes(const html::Html& fields);

}  // namespace kith::web::forms
