#include "web/http.h"

namespace kith::web {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string lookup(const std::map<std::string, std::string>& m, const std::string& key) {
  auto it = m.find(key);
  return it == m.end() ? "" : it->second;
}

}  // namespace

std::string Request::param(const std::string& name) const { return lookup(params, name); }
std::string Request::header(const std::string& lower_case_name) const { return lookup(headers, lower_case_name); }
std::string Request::cookie(const std::string& name) const { return lookup(cookies, name); }

Response Response::redirect(const std::string& location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "See " + location;
  return r.header("Location", location);
}

Response& Response::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::map<std::string, std::string> parse_cookies(const std::string& header) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos <= header.size()) {
    size_t end = header.find(';', pos);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(pos, end - pos);
    size_t eq = pair.find('=');
    // The first cookie of a name wins: browsers send the most specific path first.
    if (eq != std::string::npos) out.emplace(trim(pair.substr(0, eq)), trim(pair.substr(eq + 1)));
    pos = end + 1;
  }
  return out;
}

}  // namespace kith::web
