// HTML building blocks in the GOV.UK Design System's markup.
//
// Every piece of text reaches the page through escape(): functions take
// text as std::string_view and escape it, and take markup only as Html,
// which only this module and Html::raw() can make. So a child's name can
// never be written into a page unescaped by accident.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kith::web::html {

// Escapes & < > " ' so text is safe in element content and quoted attributes.
std::string escape(std::string_view text);

// A fragment of markup that is already safe to send.
class Html {
 public:
  Html() = default;
  // Markup written in Kith's source; never pass data from a request or the database.
  static Html raw(std::string markup) { return Html(std::move(markup)); }
  const std::string& str() const { return s_; }
  bool empty() const { return s_.empty(); }
  Html& operator+=(const Html& more) {
    s_ += more.s_;
    return *this;
  }
  friend Html operator+(Html a, const Html& b) { return a += b; }

 private:
  explicit Html(std::string s) : s_(std::move(s)) {}
  std::string s_;
};

// Escaped text as markup.
Html text(std::string_view t);
// <a class="govuk-link" href="...">text</a>
Html link(std::string_view href, std::string_view label);
// <p class="govuk-body">text</p>
Html paragraph(std::string_view t);
Html paragraph(const Html& content);
// A heading with an optional caption above it ("Child record").
Html heading(std::string_view title, std::string_view caption = {});
// h2 with the GOV.UK medium heading style; id makes it a link target.
Html section_heading(std::string_view title, std::string_view id = {});

// GOV.UK tag colours.
enum class Colour { kDefault, kGrey, kGreen, kTurquoise, kBlue, kLightBlue, kPurple, kPink, kRed, kOrange, kYellow };
Html tag(std::string_view label, Colour colour = Colour::kDefault);

struct SummaryRow {
  std::string key;
  Html value;
};
// A summary list; rows with an empty value show "Not recorded".
Html summary_list(const std::vector<SummaryRow>& rows);

struct Table {
  std::string caption{};                 // read out by screen readers; shown as a medium caption
  std::vector<std::string> headers{};
  std::vector<std::vector<Html>> rows{};
  std::vector<bool> numeric{};           // right-aligned columns, by index
  std::string id{};                      // for in-page links
};
// An accessible table: caption, scoped column headers and, when there are
// several columns, the first cell of each row as its row header.
Html table(const Table& t);

// The error summary at the top of a form: (field id, message).
struct FieldError {
  std::string field;
  std::string message;
};
Html error_summary(const std::vector<FieldError>& errors);
// The message for one field, or nothing when there is no error for it.
Html field_error(const std::vector<FieldError>& errors, std::string_view field);

// A hidden field carrying the CSRF token for a form.
Html csrf_field(std::string_view token);
Html inset(std::string_view t);
// A notification banner ("Important" or a success) above the page content.
Html notification(std::string_view title, std::string_view message, bool success = false);

// The page chrome: who is signed in and where they may go.
struct NavItem {
  std::string label;
  std::string href;
  bool current = false;
};
struct Chrome {
  std::string title{};                        // <title> only: the page writes its own h1
  std::vector<NavItem> nav{};
  std::optional<std::string> signed_in_as{};  // "Sam Patel (Practitioner)"
  std::string csrf_token{};                   // for the sign-out form
};
// A whole document: skip link, header, service navigation, phase banner,
// main content and footer.
std::string page(const Chrome& chrome, const Html& main);

}  // namespace kith::web::html
