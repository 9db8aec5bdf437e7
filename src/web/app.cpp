#include "web/app.h"

#include <algorithm>
#include <ctime>

#include "access/kept_form.h"
#include "web/responses.h"
#include "web/session.h"

namespace kith::web {

App::Lease::~Lease() {
  if (!db_) return;  // moved from
  std::lock_guard lock(app_->mu_);
  app_->idle_.push_back(std::move(db_));
}

Status App::open_connections(std::size_t n) {
  std::vector<Lease> opened;  // held together so that each open makes a new connection
  for (std::size_t i = 0; i < n; ++i) {
    auto lease = db();
    if (!lease) return lease.status();
    opened.push_back(std::move(*lease));
  }
  return Status::ok();  // the leases end here: every connection goes back to the pool
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
  // The server's Checkpointer (checkpointer.h) copies SQLite's log into the file, not these connections' commits.
  if ((*db)->dialect() == store::Database::Dialect::kSqlite) KITH_RETURN_IF_ERROR((*db)->exec("PRAGMA wal_autocheckpoint=0"));
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
  std::function<Response(App&, store::Database&, const Request&)> not_signed_in;
  std::function<Response(const access::Session&)> bad_csrf;
  std::function<Response(const Status&)> failed;
  std::function<Response(const access::Session&)> unfinished;  // the password was right, a second step is due
};

std::string stage_page(access::SessionStage stage) {
  return stage == access::SessionStage::kEnrol ? "/account/two-factor" : "/sign-in/code";
}

Response with_session(App& app, const Request& req, const SignedInHandler& h, const std::string& csrf_given,
                      const Refusals& refuse, const std::vector<access::SessionStage>& stages = {access::SessionStage::kFull}) {
  auto db = app.db();
  if (!db) return refuse.failed(db.status());
  auto session = current_session(**db, req, app.options().sign_in.idle_minutes);
  if (!session) return refuse.failed(session.status());
  if (!*session) return refuse.not_signed_in(app, **db, req);
  if (std::find(stages.begin(), stages.end(), (*session)->stage) == stages.end())
    return (*session)->stage == access::SessionStage::kFull ? Response::redirect(home_for((*session)->viewer))
                                                            : refuse.unfinished(**session);
  if (is_write(req) && !access::same_secret((*session)->csrf_token, csrf_given)) return refuse.bad_csrf(**session);
  Ctx ctx{app, req, **db, **session};
  return h(ctx);
}

// A form posted on a session that has timed out is kept for the same user
// (checked by the old session's CSRF token, so only Kith's own pages can
// leave one) and offered back after they sign in again.
Response page_not_signed_in(App& app, store::Database& db, const Request& req) {
  std::string token = req.cookie(kSessionCookie);
  if (token.empty()) return Response::redirect("/sign-in");
  auto old = access::timed_out_session(db, token);
  if (!old || !*old) return Response::redirect("/sign-in");
  Response r = Response::redirect("/sign-in?timed-out=1");
  r.header("Set-Cookie", cookie(kSessionCookie, "", app.options(), 0));
  if (!is_write(req) || !access::same_secret((*old)->csrf_token, req.param("csrf_token"))) return r;
  access::KeptForm form{req.path, {}};
  for (const auto& [k, v] : req.params)
    if (k != "csrf_token") form.fields[k] = v;
  store::Transaction tx(db);
  if (!tx.begin_status()) return r;
  auto kept = access::keep_form(db, (*old)->user_id, form);
  if (!kept || !tx.commit()) return r;  // losing the copy is no worse than before; the sign-in still works
  return r.header("Set-Cookie", cookie(kKeptFormCookie, *kept, app.options()));
}

const Refusals kPageRefusals{
    page_not_signed_in,
    [](const access::Session& s) {
      return error_page(403, &s, "This form has expired or did not come from Kith. Go back, reload the page and try again.");
    },
    [](const Status& s) { return failure_page(s, nullptr); },
    [](const access::Session& s) { return Response::redirect(stage_page(s.stage)); },
};

const Refusals kApiRefusals{
    [](App&, store::Database&, const Request&) { return json_error(401, "Sign in first: POST /api/v1/session"); },
    [](const access::Session&) { return json_error(403, "The X-CSRF-Token header is missing or wrong"); },
    [](const Status& s) { return json_failure(s); },
    [](const access::Session&) { return json_error(401, "Finish signing in with your one-time code on the sign-in page first"); },
};

Response too_many(const Request& req, int retry_after) {
  std::string text = "Too many sign-in attempts from your network. Wait " + std::to_string(retry_after) +
                     " seconds and try again.";
  Response r = req.path.rfind("/api/", 0) == 0 ? json_error(429, text) : error_page(429, nullptr, text);
  return r.header("Retry-After", std::to_string(retry_after));
}

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

Handler unfinished_sign_in_page(std::vector<access::SessionStage> stages, SignedInHandler h) {
  return [stages = std::move(stages), h = std::move(h)](App& app, const Request& req) {
    return with_session(app, req, h, req.param("csrf_token"), kPageRefusals, stages);
  };
}

Handler sign_in_limited(Handler h) {
  return [h = std::move(h)](App& app, const Request& req) {
    if (auto wait = app.throttle().take(req.remote_addr)) {
      // Audited without a username: the address is not personal data about a child, and the count matters.
      if (auto db = app.db())
        if (store::Transaction tx(**db); tx.begin_status())
          if (app.audit().append(**db, {"anonymous", "sign_in_rate_limited", "address", req.remote_addr, "too many attempts"}))
            (void)tx.commit();
      return too_many(req, *wait);
    }
    return h(app, req);
  };
}

}  // namespace kith::web
