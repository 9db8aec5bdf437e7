// A test browser: an HTTP client that keeps cookies the way a browser
// would, and signs in through the real sign-in form.
#pragma once

#include <map>
#include <regex>
#include <string>

#include "web/httplib_abi.h"

namespace kith::web::testing {

class Browser {
 public:
  explicit Browser(int port) : http_("127.0.0.1", port) {}

  httplib::Result get(const std::string& path, httplib::Headers extra = {}) {
    return keep(http_.Get(path.c_str(), with_cookies(std::move(extra))));
  }
  httplib::Result post_form(const std::string& path, const httplib::Params& form) {
    return keep(http_.Post(path.c_str(), with_cookies({}), form));
  }
  httplib::Result post_json(const std::string& path, const std::string& body,
                            const std::string& content_type = "application/json") {
    return keep(http_.Post(path.c_str(), with_cookies({}), body, content_type.c_str()));
  }
  httplib::Result del(const std::string& path, httplib::Headers extra = {}) {
    return keep(http_.Delete(path.c_str(), with_cookies(std::move(extra))));
  }

  // Fills in and submits the sign-in form.
  httplib::Result sign_in(const std::string& username, const std::string& password) {
    auto form = get("/sign-in");
    return post_form("/sign-in", {{"username", username}, {"password", password}, {"csrf_token", csrf_in(form->body)}});
  }

  // The CSRF token of the first form in a page.
  static std::string csrf_in(const std::string& html) {
    std::smatch m;
    static const std::regex kToken(R"re(name="csrf_token" value="([0-9a-f]+)")re");
    return std::regex_search(html, m, kToken) ? m[1].str() : "";
  }

  std::map<std::string, std::string> cookies;

 private:
  httplib::Headers with_cookies(httplib::Headers h) const {
    std::string jar;
    for (const auto& [k, v] : cookies) jar += (jar.empty() ? "" : "; ") + k + "=" + v;
    if (!jar.empty()) h.emplace("Cookie", jar);
    return h;
  }

  httplib::Result keep(httplib::Result r) {
    if (!r) return r;
    for (auto [it, end] = r->headers.equal_range("Set-Cookie"); it != end; ++it) {
      const std::string& c = it->second;
      std::string name = c.substr(0, c.find('='));
      std::string value = c.substr(name.size() + 1, c.find(';') - name.size() - 1);
      if (c.find("Max-Age=0") != std::string::npos) cookies.erase(name);
      else cookies[name] = value;
    }
    return r;
  }

  httplib::Client http_;
};

}  // namespace kith::web::testing
