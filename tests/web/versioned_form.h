// Reading the record version a form carries (the hidden field "version",
// src/web/forms.h), as a browser would submit it.
#pragma once

#include <regex>
#include <string>

namespace kith::web::testing {

// The value of the hidden "version" field of the form posting to action in
// page ("" when there is none). With action empty, of the first form that has one.
inline std::string version_in(const std::string& page, const std::string& action = "") {
  std::size_t from = 0;
  if (!action.empty()) {
    from = page.find("action=\"" + action + "\"");
    if (from == std::string::npos) return "";
  }
  static const std::regex kVersion(R"re(name="version" value="([0-9]+:[0-9]+)")re");
  std::smatch m;
  std::string rest = page.substr(from);
  if (!std::regex_search(rest, m, kVersion)) return "";
  // The field must belong to this form, not a later one.
  if (!action.empty() && rest.find("</form>") < static_cast<std::size_t>(m.position(0))) return "";
  return m[1].str();
}

}  // namespace kith::web::testing
