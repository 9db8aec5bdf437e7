// kith_load: a bounded load test of `kith serve` from a second process.
//
// N concurrent sessions, each with its own connection and its own loopback
// source address (127.0.0.x, so the per-address sign-in throttle treats them
// as different clients, as 200 practitioners' machines would be), sign in
// once through the JSON API (all sessions first; sign-in is not in the timed
// window), then for a fixed time mix:
//   child record page  GET /children/{id}             (one of the user's children)
//   My work            GET /my-work
//   a small write      POST /children/{id}/statutory/visit  (a visit record; 303 expected)
// Every answer other than the expected status, and every transport error, is
// an error. Latency is measured by the client (round trip) and by the server
// (its Server-Timing header), and reported as p50/p95/p99 per kind.
//
// One exception, as browsers make it: a request that fails with no answer on a
// kept-alive connection that had already served a request (the server closed
// it as the request went out) is sent once more on a new connection. It is
// counted ("re-sent" below), and run_load.sh checks in the server's access log
// that no re-sent write was processed twice. A failure on a new connection, or
// a second failure, is an error.
//
// Output: a table on stdout and one "RESULT ..." line per kind (for scripts).
// Exit 0 when there were no errors, 1 otherwise, 2 on bad usage.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <latch>
#include <map>
#include <semaphore>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 8080;
  int sessions = 200;
  double seconds = 30;
  std::string user = "practitioner";
  std::string password = "kith-demo-2026";
  int write_percent = 10;
  int my_work_percent = 20;
  std::string visit_date = "2025-06-30";
  unsigned seed = 1;
  // Mean pause between a session's requests (exponential, as people click), 0 = none: the
  // sessions then send back to back and measure the server at saturation.
  double think_ms = 0;
  // Reads (no writes) before the timed window, not recorded: the server's first requests open its
  // database connections and prepare their statements, which a server that has been running has done.
  double warmup_seconds = 0;
};

enum Kind { kChild, kMyWork, kWrite, kSignIn, kKinds };
const char* kKindName[kKinds] = {"child_record", "my_work", "visit_write", "sign_in"};

struct Samples {
  std::vector<double> client_ms[kKinds];
  std::vector<double> server_ms[kKinds];
  std::vector<double> wait_ms[kKinds];  // of the server time, waiting for a handler slot
  long errors[kKinds] = {};
  long resent[kKinds] = {};
  std::map<std::string, long> error_kinds;  // distinct error messages and how often
};

std::mutex g_mu;
Samples g_all;

// A duration of the Server-Timing header ("app;dur=1.234, wait;dur=0.012"), -1 when absent.
double timing(const httplib::Result& r, const std::string& metric) {
  std::string t = r->get_header_value("Server-Timing");
  auto at = t.find(metric + ";dur=");
  return at == std::string::npos ? -1 : std::atof(t.c_str() + at + metric.size() + 5);
}

std::string cookie_of(const httplib::Result& r) {
  for (const auto& [k, v] : r->headers) {
    if (k != "Set-Cookie" || v.rfind("kith_session=", 0) != 0) continue;
    return v.substr(0, v.find(';'));
  }
  return "";
}

// Crude extraction of a JSON string or the child ids of /api/v1/my-work: the
// answer's shape is fixed and this keeps the tool free of a JSON library.
std::string json_string(const std::string& body, const std::string& key) {
  auto at = body.find("\"" + key + "\":\"");
  if (at == std::string::npos) return "";
  at += key.size() + 4;
  return body.substr(at, body.find('"', at) - at);
}

std::vector<long> child_ids(const std::string& body) {
  std::vector<long> ids;
  // Keys come sorted ({"age":..,"allocated_since":..,"id":..}); only the children carry an "id".
  for (std::size_t at = body.find("\"id\":"); at != std::string::npos; at = body.find("\"id\":", at + 1))
    ids.push_back(std::atol(body.c_str() + at + 5));
  return ids;
}

struct Session {
  const Options& o;
  int index;
  Samples local;
  std::string cookie, csrf;
  std::vector<long> children;
  // The connection's history, for telling a closed kept-alive connection from a real failure.
  std::shared_ptr<int> answered_on_connection = std::make_shared<int>(0);  // reset when a socket is opened
  Clock::time_point last_answer = Clock::now();

  void error(Kind k, const std::string& what) {
    ++local.errors[k];
    ++local.error_kinds[std::string(kKindName[k]) + ": " + what];
  }

  void record(Kind k, Clock::time_point start, const httplib::Result& r) {
    local.client_ms[k].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    double s = timing(r, "app"), w = timing(r, "wait");
    if (s >= 0) local.server_ms[k].push_back(s);
    if (w >= 0) local.wait_ms[k].push_back(w);
  }

  httplib::Client client() {
    httplib::Client c(o.host, o.port);
    c.set_keep_alive(true);
    // As browsers do: without it a POST's body (a second write after the headers) waited for the
    // server's delayed ACK, 40 ms, which the server's own timing counted (it starts before the body is read).
    c.set_tcp_nodelay(true);
    c.set_read_timeout(60, 0);
    c.set_connection_timeout(10, 0);
    // Each session comes from its own loopback address: 127.0.0.2 ... 127.0.0.250.
    int host_part = 2 + index % 249, net = 1 + index / 249;
    c.set_socket_options([host_part, net, answered = answered_on_connection](int sock) {
      *answered = 0;  // called for every new socket: the next request is the first on it
      // The port is chosen at connect(), unique for the (source, destination) pair: with a port
      // chosen at bind() (and SO_REUSEADDR) two sockets, or two load tests at once, could get the same one.
      int one = 1;
      setsockopt(sock, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_addr.s_addr = htonl((127u << 24) | (unsigned(net) << 8) | unsigned(host_part));
      bind(sock, reinterpret_cast<sockaddr*>(&a), sizeof a);
    });
    return c;
  }

  // Sends a request; re-sends it once on a new connection when it failed with
  // no answer on a connection that had already answered (see the top comment).
  httplib::Result send(Kind k, const std::function<httplib::Result()>& request) {
    int answered = *answered_on_connection;
    bool reused = answered > 0;
    auto idle = std::chrono::duration<double, std::milli>(Clock::now() - last_answer).count();
    auto r = request();
    if (!r && reused && (r.error() == httplib::Error::Read || r.error() == httplib::Error::Write)) {
      ++local.resent[k];
      ++local.error_kinds[std::string(kKindName[k]) + ": re-sent after " + httplib::to_string(r.error()) +
                          " on a kept-alive connection after " + std::to_string(answered) + " answers, idle " +
                          idle_bucket(idle)];
      r = request();
    }
    if (r) {
      ++*answered_on_connection;
      last_answer = Clock::now();
    }
    return r;
  }

  static std::string idle_bucket(double ms) {
    if (ms < 100) return "< 0.1 s";
    if (ms < 1000) return "0.1-1 s";
    if (ms < 4500) return "1-4.5 s";
    return ">= 4.5 s";
  }

  bool sign_in(httplib::Client& c) {
    auto start = Clock::now();
    std::string body = "{\"username\":\"" + o.user + "\",\"password\":\"" + o.password + "\"}";
    auto r = send(kSignIn, [&] { return c.Post("/api/v1/session", body, "application/json"); });
    if (!r || r->status != 200) return error(kSignIn, r ? "status " + std::to_string(r->status) : httplib::to_string(r.error())), false;
    record(kSignIn, start, r);
    cookie = cookie_of(r);
    csrf = json_string(r->body, "csrf_token");
    auto w = send(kMyWork, [&] { return c.Get("/api/v1/my-work", {{"Cookie", cookie}}); });
    if (!w || w->status != 200) return error(kMyWork, "my-work list failed"), false;
    children = child_ids(w->body);
    if (children.empty()) return error(kMyWork, o.user + " has no allocated children"), false;
    return true;
  }

  // A read before the timed window: only its failure counts (as an error).
  void warm_up(httplib::Client& c, const httplib::Headers& h, long child) {
    auto r = send(kChild, [&] { return c.Get(("/children/" + std::to_string(child)).c_str(), h); });
    if (!r) error(kChild, "warm-up: " + httplib::to_string(r.error()));
    else if (r->status != 200) error(kChild, "warm-up: status " + std::to_string(r->status));
  }

  // Signs in, waits until every session has, then runs the mix for the set time.
  void run(std::latch& signed_in, std::counting_semaphore<>& sign_in_slots) {
    httplib::Client c = client();
    // Sign-ins are staggered (a few at a time), as people arrive at work: each is an argon2id hash.
    sign_in_slots.acquire();
    bool ok = sign_in(c);
    sign_in_slots.release();
    signed_in.arrive_and_wait();
    if (!ok) return;
    auto timed_from = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.warmup_seconds));
    auto until = timed_from + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.seconds));
    std::mt19937 rng(o.seed * 7919u + unsigned(index));
    std::uniform_int_distribution<int> pct(0, 99);
    std::exponential_distribution<double> think(o.think_ms > 0 ? 1.0 / o.think_ms : 1.0);
    long n = 0;
    while (Clock::now() < until) {
      if (o.think_ms > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(think(rng)));
      int roll = pct(rng);
      long child = children[rng() % children.size()];
      httplib::Headers h{{"Cookie", cookie}};
      auto start = Clock::now();
      if (start < timed_from) {
        warm_up(c, h, child);
        continue;
      }
      if (roll < o.write_percent) {
        httplib::Params p{{"csrf_token", csrf}, {"visit_date", o.visit_date}, {"context", "cin"}, {"seen", "yes"},
                          {"wishes_feelings", "load test " + std::to_string(index) + "-" + std::to_string(n++)}};
        auto r = send(kWrite, [&] { return c.Post(("/children/" + std::to_string(child) + "/statutory/visit").c_str(), h, p); });
        if (!r) error(kWrite, httplib::to_string(r.error()));
        else if (r->status != 303) error(kWrite, "status " + std::to_string(r->status));
        else record(kWrite, start, r);
      } else if (roll < o.write_percent + o.my_work_percent) {
        auto r = send(kMyWork, [&] { return c.Get("/my-work", h); });
        if (!r) error(kMyWork, httplib::to_string(r.error()));
        else if (r->status != 200) error(kMyWork, "status " + std::to_string(r->status));
        else record(kMyWork, start, r);
      } else {
        auto r = send(kChild, [&] { return c.Get(("/children/" + std::to_string(child)).c_str(), h); });
        if (!r) error(kChild, httplib::to_string(r.error()));
        else if (r->status != 200) error(kChild, "status " + std::to_string(r->status));
        else record(kChild, start, r);
      }
    }
  }
};

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  // Nearest rank: the smallest value with at least p% of samples at or below it.
  std::size_t rank = static_cast<std::size_t>(std::ceil(p / 100.0 * double(v.size())));
  return v[std::min(v.size(), std::max<std::size_t>(rank, 1)) - 1];
}

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i], v = argv[i + 1];
    if (k == "--host") o.host = v;
    else if (k == "--port") o.port = std::atoi(v.c_str());
    else if (k == "--sessions") o.sessions = std::atoi(v.c_str());
    else if (k == "--seconds") o.seconds = std::atof(v.c_str());
    else if (k == "--user") o.user = v;
    else if (k == "--password") o.password = v;
    else if (k == "--write-percent") o.write_percent = std::atoi(v.c_str());
    else if (k == "--visit-date") o.visit_date = v;
    else if (k == "--seed") o.seed = unsigned(std::atoi(v.c_str()));
    else if (k == "--think-ms") o.think_ms = std::atof(v.c_str());
    else if (k == "--warmup-seconds") o.warmup_seconds = std::atof(v.c_str());
    else return false;
  }
  return argc % 2 == 1 && o.port > 0 && o.sessions > 0 && o.sessions <= 249 * 250 && o.seconds > 0 && o.think_ms >= 0 && o.warmup_seconds >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse(argc, argv, o)) {
    std::fprintf(stderr, "usage: kith_load --port P [--host H] [--sessions 200] [--seconds 30] [--user practitioner] "
                         "[--password P] [--write-percent 10] [--visit-date YYYY-MM-DD] [--seed 1] [--think-ms 0] [--warmup-seconds 0]\n");
    return 2;
  }
  std::vector<std::unique_ptr<Session>> sessions;
  for (int i = 0; i < o.sessions; ++i) sessions.push_back(std::make_unique<Session>(Session{o, i, {}, {}, {}, {}}));
  // Sign-in (argon2id, deliberately slow) happens first for all sessions; the timed mix starts together.
  std::latch signed_in(o.sessions);
  std::counting_semaphore<> sign_in_slots(4);
  std::vector<std::thread> threads;
  for (auto& s : sessions) threads.emplace_back([&s, &signed_in, &sign_in_slots] { s->run(signed_in, sign_in_slots); });
  for (auto& t : threads) t.join();

  long errors = 0, requests = 0;
  for (auto& s : sessions) {
    for (int k = 0; k < kKinds; ++k) {
      auto& a = g_all;
      a.client_ms[k].insert(a.client_ms[k].end(), s->local.client_ms[k].begin(), s->local.client_ms[k].end());
      a.server_ms[k].insert(a.server_ms[k].end(), s->local.server_ms[k].begin(), s->local.server_ms[k].end());
      a.wait_ms[k].insert(a.wait_ms[k].end(), s->local.wait_ms[k].begin(), s->local.wait_ms[k].end());
      a.errors[k] += s->local.errors[k];
      a.resent[k] += s->local.resent[k];
      errors += s->local.errors[k];
    }
    for (auto& [e, n] : s->local.error_kinds) g_all.error_kinds[e] += n;
  }
  std::printf("%d sessions, %.0f s after %.0f s of warm-up reads, %s:%d, think time %s\n", o.sessions, o.seconds, o.warmup_seconds,
              o.host.c_str(), o.port, o.think_ms > 0 ? (std::to_string(int(o.think_ms)) + " ms mean").c_str() : "none");
  std::printf("%-13s %8s %7s | %-24s | %-24s\n", "kind", "requests", "errors", "client ms p50/p95/p99", "server ms p50/p95/p99");
  for (int k = 0; k < kKinds; ++k) {
    auto& c = g_all.client_ms[k];
    auto& s = g_all.server_ms[k];
    requests += long(c.size());
    double c50 = percentile(c, 50), c95 = percentile(c, 95), c99 = percentile(c, 99);
    double s50 = percentile(s, 50), s95 = percentile(s, 95), s99 = percentile(s, 99);
    double w50 = percentile(g_all.wait_ms[k], 50), w99 = percentile(g_all.wait_ms[k], 99);
    std::printf("%-13s %8zu %7ld | %6.2f %7.2f %8.2f | %6.2f %7.2f %8.2f\n", kKindName[k], c.size(), g_all.errors[k], c50, c95, c99,
                s50, s95, s99);
    std::printf("RESULT kind=%s requests=%zu errors=%ld resent=%ld client_p50=%.3f client_p95=%.3f client_p99=%.3f server_p50=%.3f "
                "server_p95=%.3f server_p99=%.3f slot_wait_p50=%.3f slot_wait_p99=%.3f\n",
                kKindName[k], c.size(), g_all.errors[k], g_all.resent[k], c50, c95, c99, s50, s95, s99, w50, w99);
  }
  std::printf("total: %ld requests (%.0f/s), %ld errors\n", requests, double(requests) / o.seconds, errors);
  for (auto& [e, n] : g_all.error_kinds) std::printf("  %s x%ld: %s\n", e.find(": re-sent") != std::string::npos ? "note" : "error", n, e.c_str());
  return errors == 0 ? 0 : 1;
}
