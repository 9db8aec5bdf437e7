// Kith's own request and response values. Only server.cpp talks to
// cpp-httplib; pages, the API and the session code see these plain structs,
// so they stay small to compile and easy to test.
//
// Thread-safety: plain values.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace kith::web {

struct Request {
  std::string method;
  std::string path;
  std::map<std::string, std::string> params;   // query string and form fields; the first value wins
  std::map<std::string, std::string> headers;  // names in lower case
  std::map<std::string, std::string> cookies;
  std::string body;
  std::vector<std::string> captures;  // the route pattern's groups, e.g. the id in /children/(\d+)
  std::string remote_addr;            // the client's address, for the sign-in rate limit

  std::string param(const std::string& name) const;
  std::string header(const std::string& lower_case_name) const;
  std::string cookie(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers; Set-Cookie may repeat

  // 303 See Other: after a POST the browser fetches the target with GET.
  static Response redirect(const std::string& location);
  Response& header(std::string name, std::string value);
};

// Parses a Cookie request header ("a=1; b=2").
std::map<std::string, std::string> parse_cookies(const std::string& header);

}  // namespace kith::web
