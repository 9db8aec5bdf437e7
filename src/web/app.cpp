#include "web/app.h"

#include <ctime>

#include "web/responses.h"
#include "web/session.h"

namespace kith::web {

App::Lease::~Lease() {
  if (!db_) return;  // moved from
  std::lock_guard lock(app_->mu_);
  app_->idle_.push_back(std::move(db_));
}

Result<App::Lease> App::db() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  // Opened outside the lock: opening reads the schema version, which can wait on a writer.
  auto db = store::Database::open(options_.db, {});
  if (!db) return db.status();
  return Lease(*this, std::move(*db));
}

Date App::today() const { return options_.today ? options_.today() : local_today(); }

Date local_today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return Date::ymd(tm.tm_year + 1900, unsigned(tm.tm_mon + 1), unsigned(tm.tm_mday));
}

namespace {

bool is_write(const Request& req) { return req.method != "GET" && req.method != "HEAD"; }

// How pages and the API answer the requests a handler never sees.
struct Refusals {
  std::function<Response()> not_signed_in;
  std::function<Response(const access::Session&)> bad_csrf;
  std::function<Response(const Status&)> failed;
};

Response with_session(App& app, const Request& req, const SignedInHandler& h, const std::string& csrf_given,
                      const Refusals& refuse) {
  auto db = app.db();
  if (!db) return refuse.failed(db.status());
  auto session = current_session(**db, req);
  if (!session) return refuse.failed(session.status());
  if (!*session) return refuse.not_signed_in();
  if (is_write(req) && !access::same_secret((*session)->csrf_token, csrf_given)) return refuse.bad_csrf(**session);
  Ctx ctx{app, req, **db, **session};
  return h(ctx);
}

const Refusals kPageRefusals{
    [] { return Response::redirect("/sign-in"); },
    [](const access::Session& s) {
      return error_page(403, &s, "This form has expired or did not come from Kith. Go back, reload the page and try again.");
    },
    [](const Status& s) { return failure_page(s, nullptr); },
};

const Refusals kApiRefusals{
    [] { return json_error(401, "Sign in first: POST /api/v1/session"); },
    [](const access::Session&) { return json_error(403, "The X-CSRF-Token header is missing or wrong"); },
    [](const Status& s) { return json_failure(s); },
};

}  // namespace

Handler signed_in_page(SignedInHandler h) {
  return [h = std::move(h)](App& app, const Request& req) {
    return with_session(app, req, h, req.param("csrf_token"), kPageRefusals);
  };
}

Handler signed_in_api(SignedInHandler h) {
  return [h = std::move(h)](App& app, const Request& req) {
    return with_session(app, req, h, req.header("x-csrf-token"), kApiRefusals);
  };
}

}  // namespace kith::web
