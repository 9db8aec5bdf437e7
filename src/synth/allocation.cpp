// Allocation: who holds each child's case, day by day. A sweep through time
// gives each new segment to the least-loaded worker present in its team and
// re-allocates a leaver's children the day they go, so open cases always sit
// with a current worker.
#include <algorithm>
#include <tuple>
#include <utility>

#include "synth/build.h"

namespace kith::synth {
namespace {

constexpr int kYear = 365;

enum class EventKind { kEnd = 0, kLeave = 1, kStart = 2, kReallocate = 3 };

struct Event {
  Date date;
  EventKind kind;
  int index;  // segment or worker
  bool operator<(const Event& o) const { return std::tie(date, kind, index) < std::tie(o.date, o.kind, o.index); }
};

class Sweep {
 public:
  Sweep(Council& c, IdSequences& ids, Rng& rng) : c_(c), ids_(ids), rng_(rng), load_(c.workers.size(), 0),
        held_(c.workers.size()), current_(c.segments.size(), -1), team_workers_(c.teams.size()),
        pending_reason_(c.people.size()) {
    for (int w = 0; w < int(c.workers.size()); ++w)
      if (c.workers[std::size_t(w)].holds_cases) team_workers_[std::size_t(c.workers[std::size_t(w)].team)].push_back(w);
  }

  void run() {
    std::vector<Event> events = schedule();
    std::sort(events.begin(), events.end());
    for (const Event& e : events) {
      switch (e.kind) {
        case EventKind::kStart: start(e.index, e.date); break;
        case EventKind::kEnd: finish(e.index, e.date, c_.segments[std::size_t(e.index)].reason_at_end); break;
        case EventKind::kLeave: leave(e.index, e.date); break;
        case EventKind::kReallocate: reallocate(e.index, e.date); break;
      }
    }
  }

 private:
  std::vector<Event> schedule() {
    std::vector<Event> events;
    const Window& w = c_.window;
    for (int s = 0; s < int(c_.segments.size()); ++s) {
      const Segment& seg = c_.segments[std::size_t(s)];
      if (!w.touches(seg.start, seg.end) || (seg.end && *seg.end < w.window_start)) continue;
      Date from = std::max(seg.start, w.window_start);
      if (seg.end && *seg.end <= from) continue;  // nothing to allocate
      events.push_back({from, EventKind::kStart, s});
      if (seg.end && *seg.end <= w.until) events.push_back({*seg.end, EventKind::kEnd, s});
      // Some cases change worker for caseload or at the family's request.
      Date until = std::min(seg.end.value_or(w.until), w.until);
      for (Date d = from.plus_days(int(rng_.exponential(kYear / 0.12))); d < until; d = d.plus_days(int(rng_.exponential(kYear / 0.12))))
        events.push_back({d, EventKind::kReallocate, s});
    }
    for (int i = 0; i < int(c_.workers.size()); ++i)
      if (c_.workers[std::size_t(i)].holds_cases && c_.workers[std::size_t(i)].leave)
        events.push_back({*c_.workers[std::size_t(i)].leave, EventKind::kLeave, i});
    return events;
  }

  // The least-loaded worker (per FTE) in the team on day d, other than `not_this`;
  // if nobody is in post, the next to start.
  int choose(int team, Date d, int not_this) const {
    int best = -1, next = -1;
    for (int w : team_workers_[std::size_t(team)]) {
      const Worker& wk = c_.workers[std::size_t(w)];
      if (w == not_this) continue;
      if (wk.present(d)) {
        if (best < 0 || load_[std::size_t(w)] / wk.fte < load_[std::size_t(best)] / c_.workers[std::size_t(best)].fte) best = w;
      } else if (wk.start > d && (next < 0 || wk.start < c_.workers[std::size_t(next)].start)) {
        next = w;
      }
    }
    return best >= 0 ? best : next;
  }

  void assign(int s, int w, Date d) {
    const Segment& seg = c_.segments[std::size_t(s)];
    const Worker& wk = c_.workers[std::size_t(w)];
    Date from = std::max({d, wk.start, seg.start});
    if (seg.end && from > *seg.end) return;
    Involvement inv;
    inv.id = ids_.involvement++;
    inv.person_id = c_.people[std::size_t(seg.child)].id;
    inv.worker_id = wk.id, inv.team_id = c_.teams[std::size_t(seg.team)].id;
    inv.role = seg.role, inv.start = from, inv.child = seg.child;
    inv.reason = std::exchange(pending_reason_[std::size_t(seg.child)], std::string_view());
    current_[std::size_t(s)] = int(c_.involvements.size());
    c_.involvements.push_back(inv);
    load_[std::size_t(w)] += 1;
    held_[std::size_t(w)].push_back(s);
    if (seg.assessment >= 0 && !c_.assessments[std::size_t(seg.assessment)].worker_id)
      c_.assessments[std::size_t(seg.assessment)].worker_id = wk.id;
  }

  int holder(int s) const {
    int inv = current_[std::size_t(s)];
    if (inv < 0) return -1;
    Id worker_id = c_.involvements[std::size_t(inv)].worker_id;
    return int(worker_id - c_.workers.front().id);
  }

  void release(int s, Date d, std::string_view reason) {
    int inv = current_[std::size_t(s)];
    if (inv < 0) return;
    int w = holder(s);
    auto& row = c_.involvements[std::size_t(inv)];
    row.end = std::max(d, row.start);
    // The reason belongs to the child's next allocation: it says why the worker changed.
    pending_reason_[std::size_t(row.child)] = reason;
    load_[std::size_t(w)] -= 1;
    auto& list = held_[std::size_t(w)];
    list.erase(std::find(list.begin(), list.end(), s));
    current_[std::size_t(s)] = -1;
  }

  void start(int s, Date d) {
    int w = choose(c_.segments[std::size_t(s)].team, d, -1);
    if (w >= 0) assign(s, w, d);
  }

  void finish(int s, Date d, std::string_view reason) { release(s, d, reason); }

  void leave(int w, Date d) {
    auto children = held_[std::size_t(w)];
    for (int s : children) {
      release(s, d, "worker_left");
      int next = choose(c_.segments[std::size_t(s)].team, d, w);
      if (next >= 0) assign(s, next, d);
    }
  }

  void reallocate(int s, Date d) {
    int w = holder(s);
    if (w < 0) return;
    int next = choose(c_.segments[std::size_t(s)].team, d, w);
    if (next < 0 || !c_.workers[std::size_t(next)].present(d)) return;
    release(s, d, rng_.chance(0.7) ? "caseload" : "family_request");
    assign(s, next, d);
  }

  Council& c_;
  IdSequences& ids_;
  Rng& rng_;
  std::vector<double> load_;
  std::vector<std::vector<int>> held_;
  std::vector<int> current_;
  std::vector<std::vector<int>> team_workers_;
  std::vector<std::string_view> pending_reason_;  // per child: why their next allocation happens
};

// Each visit is made by the worker allocated to the child that day.
void name_visitors(Council& c) {
  std::vector<int> order(c.involvements.size());
  for (int i = 0; i < int(order.size()); ++i) order[std::size_t(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return c.involvements[std::size_t(a)].child < c.involvements[std::size_t(b)].child;
  });
  auto worker_on = [&](int child, Date d) -> std::optional<Id> {
    auto lo = std::lower_bound(order.begin(), order.end(), child, [&](int i, int ch) { return c.involvements[std::size_t(i)].child < ch; });
    for (auto it = lo; it != order.end() && c.involvements[std::size_t(*it)].child == child; ++it) {
      const auto& inv = c.involvements[std::size_t(*it)];
      if (inv.start <= d && (!inv.end || d <= *inv.end)) return inv.worker_id;
    }
    return std::nullopt;
  };
  for (auto& v : c.visits) v.worker_id = worker_on(v.child, v.date);
  for (auto& cl : c.care_leavers) {
    auto lo = std::lower_bound(order.begin(), order.end(), cl.child, [&](int i, int ch) { return c.involvements[std::size_t(i)].child < ch; });
    for (auto it = lo; it != order.end() && c.involvements[std::size_t(*it)].child == cl.child; ++it)
      if (c.involvements[std::size_t(*it)].role == "personal_adviser") {
        cl.adviser_id = c.involvements[std::size_t(*it)].worker_id;
        break;
      }
  }
}

// Contacts are screened by a front door social worker in post that day.
void name_screeners(Council& c, Rng& rng) {
  int front_door = c.team_for(TeamType::kFrontDoor, -1);
  std::vector<int> screeners;
  for (int w = 0; w < int(c.workers.size()); ++w)
    if (c.workers[std::size_t(w)].team == front_door && c.workers[std::size_t(w)].role == "social_worker") screeners.push_back(w);
  for (auto& k : c.contacts) {
    if (!c.window.contains(k.date)) continue;
    std::vector<int> present;
    for (int w : screeners)
      if (c.workers[std::size_t(w)].present(k.date)) present.push_back(w);
    if (!present.empty()) k.worker_id = c.workers[std::size_t(present[std::size_t(rng.between(0, int(present.size()) - 1))])].id;
  }
}

}  // namespace

void allocate_workers(Council& c, IdSequences& ids, Rng& rng) {
  Sweep(c, ids, rng).run();
  name_visitors(c);
  name_screeners(c, rng);
}

}  // namespace kith::synth
