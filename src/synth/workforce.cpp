// The council's workforce: posts sized from the simulated demand, held over
// the years by permanent and agency workers who start, leave and are off
// sick; and the partner practitioners of each locality.
#include <algorithm>
#include <cmath>

#include "calendar/calendar.h"
#include "synth/build.h"
#include "synth/names.h"

namespace kith::synth {
namespace {

constexpr int kYear = 365;

// England, social workers at 30 September 2025 (CSWW): caseload 15.2 cases
// per case-holding FTE, agency workers 13.0% of FTE, turnover 11.8% a year.
// The caseload aimed at is a little lower than 15.2 because cases are counted
// only for workers holding at least one and posts fall vacant between holders.
constexpr double kCasesPerPostFte = 15.3;
constexpr double kAgencyShare = 0.13;
constexpr double kPermanentTenureYears = 1 / 0.118;
constexpr double kAgencyTenureYears = 1.0;
constexpr double kOtherTenureYears = 6.0;

struct Post {
  int team;
  std::string_view role, agency;
  bool holds_cases, social_work, agency_post;
};

// Mean number of open segments held by each team over the window.
std::vector<double> mean_load(const Council& c) {
  std::vector<double> load(c.teams.size(), 0);
  int samples = 0;
  for (Date d = c.window.window_start; d <= c.window.until; d = d.plus_days(14)) ++samples;
  for (const auto& s : c.segments) {
    if (!c.window.touches(s.start, s.end)) continue;
    int covered = 0;
    for (Date d = c.window.window_start; d <= c.window.until; d = d.plus_days(14))
      if (s.start <= d && (!s.end || *s.end > d)) ++covered;
    load[std::size_t(s.team)] += covered;
  }
  for (auto& l : load) l /= std::max(1, samples);
  return load;
}

// Families in early help at a time, from the children's requests (siblings
// share one episode, hence the divisor).
double early_help_families(const Council& c, int locality) {
  double days = 0;
  for (const auto& r : c.early_help_requests)
    if (c.families[std::size_t(r.family)].locality == locality && c.window.touches(r.start, r.end))
      days += std::min(r.end, c.window.until) - std::max(r.start, c.window.window_start);
  return days / double(c.window.until - c.window.window_start) / 1.3;
}

int posts_for(double load, double per_post) { return std::max(1, int(std::lround(load / per_post))); }

std::vector<Post> plan_posts(const Council& c) {
  auto load = mean_load(c);
  std::vector<Post> posts;
  double contacts_a_year = 0;
  for (const auto& k : c.contacts) contacts_a_year += c.window.contains(k.date);
  contacts_a_year *= double(kYear) / double(c.window.until - c.window.window_start);
  for (int t = 0; t < int(c.teams.size()); ++t) {
    const Team& team = c.teams[std::size_t(t)];
    posts.push_back({t, "team_manager", "council", false, true, false});
    switch (team.type) {
      case TeamType::kFrontDoor:
        for (int i = 0; i < posts_for(contacts_a_year, 450); ++i) posts.push_back({t, "social_worker", "council", false, true, false});
        break;
      case TeamType::kEarlyHelp:
        for (int i = 0; i < posts_for(early_help_families(c, team.locality), 12); ++i)
          posts.push_back({t, "family_support_worker", "council", false, false, false});
        break;
      case TeamType::kLeavingCare:
        for (int i = 0; i < posts_for(load[std::size_t(t)], 20); ++i) posts.push_back({t, "personal_adviser", "council", true, false, false});
        break;
      default: {
        int n = posts_for(load[std::size_t(t)], kCasesPerPostFte * 0.93);
        for (int i = 0; i < n; ++i) posts.push_back({t, i % 5 == 4 ? "senior_practitioner" : "social_worker", "council", true, true, false});
      }
    }
    if (team.type == TeamType::kAssessment) posts.push_back({t, "locality_manager", "council", false, true, false});
  }
  // Agency posts spread evenly over the social work posts.
  int n = 0;
  for (auto& p : posts)
    if (p.social_work) p.agency_post = int((n + 1) * kAgencyShare) > int(n * kAgencyShare), ++n;
  return posts;
}

// Partner practitioners in each locality, sized by its children.
void plan_partners(const Council& c, std::vector<Post>& posts) {
  for (int l = 0; l < int(c.localities.size()); ++l) {
    const auto& loc = c.localities[std::size_t(l)];
    int team = c.team_for(TeamType::kEarlyHelp, l);
    auto add = [&](std::string_view role, std::string_view agency, std::int64_t per_children, int at_least) {
      int n = std::max<int>(at_least, int(loc.children / per_children));
      for (int i = 0; i < n; ++i) posts.push_back({team, role, agency, false, false, false});
    };
    add("health_visitor", "health", 2500, 2);
    add("school_nurse", "health", 5000, 1);
    add("designated_safeguarding_lead", "school", 1500, 1);
    add("police_officer", "police", 6000, 1);
    add("family_worker", "voluntary", 5000, 1);
    add("youth_worker", "youth", 6000, 1);
  }
}

std::string_view leave_reason(Rng& rng, bool agency) {
  if (agency) return "contract_ended";
  static constexpr std::string_view kReasons[] = {"resigned", "resigned", "moved_to_another_council", "retired", "promoted", "career_break"};
  return kReasons[rng.between(0, 5)];
}

void add_absences(Council& c, IdSequences& ids, const Worker& w, Rng& rng) {
  Date from = std::max(w.start, c.window.window_start), to = std::min(w.leave.value_or(c.window.until), c.window.until);
  // About 8 working days a year lost to sickness (England absence rate 3.5%).
  for (Date d = from.plus_days(int(rng.exponential(kYear / 1.8))); d < to; d = d.plus_days(int(rng.exponential(kYear / 1.8)))) {
    double u = rng.uniform();
    int days = u < 0.7 ? rng.between(1, 3) : u < 0.95 ? rng.between(4, 10) : rng.between(15, 40);
    Date start = calendar::add_working_days(d, 0);
    Date end = calendar::add_working_days(start, days - 1);
    c.absences.push_back({ids.absence++, w.id, start, end, days});
  }
}

// The holders of one post from before the window to its end.
void fill_post(Council& c, IdSequences& ids, const Post& post, Rng& rng) {
  bool agency = post.agency_post;
  double tenure = (agency ? kAgencyTenureYears : post.social_work ? kPermanentTenureYears : kOtherTenureYears) * kYear;
  // Tenure is memoryless, so the holder on the first day started an
  // exponential time before it and stays an exponential time after it.
  Date start = c.window.window_start.plus_days(-int(rng.exponential(tenure)));
  Date leave = c.window.window_start.plus_days(1 + int(rng.exponential(tenure)));
  while (start <= c.window.until) {
    Worker w;
    w.id = ids.worker++;
    w.team = post.team;
    char sex = rng.chance(0.8) ? 'F' : 'M';
    w.name = std::string(forename(rng, sex)) + " " + std::string(surname(rng));
    w.role = post.role, w.agency = post.agency;
    w.contract = post.agency == "council" ? (agency ? "agency" : "permanent") : "partner";
    w.fte = agency ? 1.0 : rng.chance(0.15) ? 0.8 : rng.chance(0.06) ? 0.6 : 1.0;
    w.start = start;
    w.holds_cases = post.holds_cases;
    if (leave <= c.window.until) w.leave = leave, w.leave_reason = leave_reason(rng, agency);
    if (w.agency == "council") add_absences(c, ids, w, rng);
    c.workers.push_back(std::move(w));
    // Managers are covered from the day they go; agency cover arrives within
    // days; a permanent replacement takes longer.
    bool manager = post.role == "team_manager" || post.role == "locality_manager";
    start = leave.plus_days(manager ? 0 : agency ? rng.between(0, 14) : rng.between(0, 45));
    // Every post has a holder on the last day, so open cases sit with someone.
    if (leave <= c.window.until && start > c.window.until) start = c.window.until;
    leave = start.plus_days(1 + int(rng.exponential(tenure)));
  }
}

}  // namespace

void build_workforce(Council& c, IdSequences& ids, Rng& rng) {
  auto posts = plan_posts(c);
  plan_partners(c, posts);
  for (const auto& post : posts) fill_post(c, ids, post, rng);
}

}  // namespace kith::synth
