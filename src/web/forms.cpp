#include "web/forms.h"

#include <fmt/format.h>

namespace kith::web::forms {
namespace {

using html::Html;
using html::escape;

bool has_error(const Errors& errors, std::string_view id) {
  for (const auto& e : errors)
    if (e.field == id) return true;
  return false;
}

std::string described_by(std::string_view id, bool hint, bool error) {
  std::string ids;
  if (hint) ids += std::string(id) + "-hint";
  if (error) ids += (ids.empty() ? "" : " ") + std::string(id) + "-error";
  return ids.empty() ? "" : fmt::format(" aria-describedby=\"{}\"", escape(ids));
}

Html hint_html(std::string_view id, std::string_view hint) {
  if (hint.empty()) return {};
  return Html::raw(fmt::format("<div id=\"{}-hint\" class=\"govuk-hint\">{}</div>", escape(id), escape(hint)));
}

Html group_start(std::string_view id, bool bad) {
  return Html::raw(fmt::format("<div class=\"govuk-form-group{}\" id=\"{}-group\">", bad ? " govuk-form-group--error" : "", escape(id)));
}

Html label_html(std::string_view id, std::string_view label) {
  return Html::raw(fmt::format("<label class=\"govuk-label\" for=\"{}\">{}</label>", escape(id), escape(label)));
}

}  // namespace

Html input(std::string_view id, std::string_view label, std::string_view value, const Errors& errors, std::string_view hint,
           std::string_view width, std::string_view type) {
  bool bad = has_error(errors, id);
  std::string width_class = width.empty() ? "" : (width.front() >= '0' && width.front() <= '9')
                                                     ? fmt::format(" govuk-input--width-{}", width)
                                                     : fmt::format(" govuk-!-width-{}", width);
  return group_start(id, bad) + label_html(id, label) + hint_html(id, hint) + html::field_error(errors, id) +
         Html::raw(fmt::format("<input class=\"govuk-input{}{}\" id=\"{}\" name=\"{}\" type=\"{}\" value=\"{}\"{}></div>", width_class,
                               bad ? " govuk-input--error" : "", escape(id), escape(id), escape(type), escape(value),
                               described_by(id, !hint.empty(), bad)));
}

Html textarea(std::string_view id, std::string_view label, std::string_view value, const Errors& errors, std::string_view hint) {
  bool bad = has_error(errors, id);
  return group_start(id, bad) + label_html(id, label) + hint_html(id, hint) + html::field_error(errors, id) +
         Html::raw(fmt::format("<textarea class=\"govuk-textarea{}\" id=\"{}\" name=\"{}\" rows=\"4\"{}>{}</textarea></div>",
                               bad ? " govuk-textarea--error" : "", escape(id), escape(id), described_by(id, !hint.empty(), bad),
                               escape(value)));
}

Html select(std::string_view id, std::string_view label, const std::vector<Option>& options, std::string_view value, const Errors& errors,
            std::string_view hint) {
  bool bad = has_error(errors, id);
  Html opts;
  for (const Option& o : options)
    opts += Html::raw(fmt::format("<option value=\"{}\"{}>{}</option>", escape(o.value), o.value == value ? " selected" : "", escape(o.label)));
  return group_start(id, bad) + label_html(id, label) + hint_html(id, hint) + html::field_error(errors, id) +
         Html::raw(fmt::format("<select class=\"govuk-select{}\" id=\"{}\" name=\"{}\"{}>", bad ? " govuk-select--error" : "", escape(id),
                               escape(id), described_by(id, !hint.empty(), bad))) +
         opts + Html::raw("</select></div>");
}

Html radios(std::string_view id, std::string_view legend, const std::vector<Option>& options, std::string_view value, const Errors& errors,
            std::string_view hint) {
  bool bad = has_error(errors, id);
  Html items;
  for (std::size_t i = 0; i < options.size(); ++i) {
    // The first radio carries the field's id so the error summary's link lands on it.
    std::string item_id = i == 0 ? std::string(id) : fmt::format("{}-{}", id, i + 1);
    items += Html::raw(fmt::format("<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" id=\"{}\" name=\"{}\" "
                                   "type=\"radio\" value=\"{}\"{}><label class=\"govuk-label govuk-radios__label\" for=\"{}\">{}</label></div>",
                                   escape(item_id), escape(id), escape(options[i].value), options[i].value == value ? " checked" : "",
                                   escape(item_id), escape(options[i].label)));
  }
  return group_start(id, bad) +
         Html::raw(fmt::format("<fieldset class=\"govuk-fieldset\"{}><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">{}</legend>",
                               described_by(id, !hint.empty(), bad), escape(legend))) +
         hint_html(id, hint) + html::field_error(errors, id) + Html::raw("<div class=\"govuk-radios\" data-module=\"govuk-radios\">") + items +
         Html::raw("</div></fieldset></div>");
}

Html checkbox(std::string_view id, std::string_view label, bool checked) {
  return Html::raw(fmt::format("<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\" data-module=\"govuk-checkboxes\">"
                               "<div class=\"govuk-checkboxes__item\"><input class=\"govuk-checkboxes__input\" id=\"{}\" name=\"{}\" "
                               "type=\"checkbox\" value=\"1\"{}><label class=\"govuk-label govuk-checkboxes__label\" for=\"{}\">{}</label>"
                               "</div></div></div>",
                               escape(id), escape(id), checked ? " checked" : "", escape(id), escape(label)));
}

Html form_start(std::string_view action, std::string_view csrf_token) {
  return Html::raw(fmt::format("<form method=\"post\" action=\"{}\" novalidate>", escape(action))) + html::csrf_field(csrf_token);
}

Html form_end(std::string_view button_label, bool secondary) {
  return Html::raw(fmt::format("<button type=\"submit\" class=\"govuk-button{}\" data-module=\"govuk-button\">{}</button></form>",
                               secondary ? " govuk-button--secondary" : "", escape(button_label)));
}

std::string title_with(const Errors& errors, std::string title) { return errors.empty() ? title : "Error: " + title; }

Html version_field(const casework::SeenVersion& seen) {
  return Html::raw(fmt::format("<input type=\"hidden\" name=\"version\" value=\"{}\">", escape(seen.text())));
}

std::optional<casework::SeenVersion> posted_version(std::string_view value) { return casework::SeenVersion::parse(value); }

html::FieldError conflict_error() { return {"their-version", std::string(kConflictMessage)}; }

Html conflict_panel(const std::vector<html::SummaryRow>& theirs) {
  return html::error_summary({conflict_error()}) + html::section_heading("Their version, as saved now", "their-version") +
         html::summary_list(theirs) + html::section_heading("Your changes", "your-changes");
}

Html kept_changes(const Html& fields) {
  return html::inset("The record has moved on so that these changes no longer fit it: nothing was saved. Copy what you need, "
                     "then go back to the record.") +
         Html::raw("<fieldset class=\"govuk-fieldset\" disabled>") + fields + Html::raw("</fieldset>");
}

html::FieldError field_error_from(const std::string& message, std::string_view fallback_field) {
  auto colon = message.find(": ");
  if (colon != std::string::npos && colon < 40 && message.find(' ') >= colon) {
    std::string text = message.substr(colon + 2);
    if (!text.empty()) text[0] = char(std::toupper(static_cast<unsigned char>(text[0])));
    return {message.substr(0, colon), text};
  }
  return {std::string(fallback_field), message};
}

}  // namespace kith::web::forms
