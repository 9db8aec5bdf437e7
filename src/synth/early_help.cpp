// Early help is family work: siblings' needs make one family episode, led by
// one trusted lead professional with a team around the family.
#include <algorithm>

#include "synth/build.h"

namespace kith::synth {
namespace {

// Workers of a locality's early help team, by kind.
struct LocalityWorkers {
  std::vector<int> family_support, partners;
};

std::vector<LocalityWorkers> locality_workers(const Council& c) {
  std::vector<LocalityWorkers> out(c.localities.size());
  for (int w = 0; w < int(c.workers.size()); ++w) {
    const Worker& wk = c.workers[std::size_t(w)];
    const Team& team = c.teams[std::size_t(wk.team)];
    if (team.type != TeamType::kEarlyHelp) continue;
    if (wk.role == "family_support_worker") out[std::size_t(team.locality)].family_support.push_back(w);
    else if (wk.contract == "partner") out[std::size_t(team.locality)].partners.push_back(w);
  }
  return out;
}

// A worker from the list in post on day d, or -1.
int in_post(const Council& c, const std::vector<int>& list, Date d, Rng& rng, std::string_view role = {}) {
  std::vector<int> present;
  for (int w : list)
    if (c.workers[std::size_t(w)].present(d) && (role.empty() || c.workers[std::size_t(w)].role == role)) present.push_back(w);
  if (present.empty()) return -1;
  return present[std::size_t(rng.between(0, int(present.size()) - 1))];
}

// The lead professional, replaced when they leave before the episode ends.
void lead(Council& c, IdSequences& ids, const EarlyHelpEpisode& ep, const LocalityWorkers& lw, bool young, Rng& rng) {
  Date d = ep.start;
  OptDate end = ep.end;
  while (true) {
    bool partner_leads = rng.chance(0.3);
    int w = partner_leads ? in_post(c, lw.partners, d, rng, young ? "health_visitor" : "designated_safeguarding_lead") : -1;
    if (w < 0) w = in_post(c, lw.family_support, d, rng);
    if (w < 0) return;
    const Worker& wk = c.workers[std::size_t(w)];
    LeadProfessional lp{ids.lead_professional++, c.families[std::size_t(ep.family)].id, wk.id, d, end, {}};
    bool leaves_first = wk.leave && (!end || *wk.leave < *end);
    if (leaves_first) lp.end = *wk.leave, lp.reason = "worker_left";
    c.lead_professionals.push_back(lp);
    if (!leaves_first) return;
    d = *wk.leave;
  }
}

// Two to four partners: the health visitor or school, and others.
void team_around(Council& c, IdSequences& ids, const EarlyHelpEpisode& ep, const LocalityWorkers& lw, bool young, Rng& rng) {
  std::vector<int> chosen;
  int first = in_post(c, lw.partners, ep.start, rng, young ? "health_visitor" : "designated_safeguarding_lead");
  if (first >= 0) chosen.push_back(first);
  int others = rng.between(1, 3);
  for (int i = 0; i < others; ++i) {
    int w = in_post(c, lw.partners, ep.start, rng);
    if (w >= 0 && std::find(chosen.begin(), chosen.end(), w) == chosen.end()) chosen.push_back(w);
  }
  for (int w : chosen) {
    const Worker& wk = c.workers[std::size_t(w)];
    Date start = ep.start.plus_days(rng.between(0, 20));
    if (ep.end && start > *ep.end) start = ep.start;
    OptDate end = ep.end;
    if (wk.leave && (!end || *wk.leave < *end)) end = std::max(*wk.leave, start);
    c.taf_members.push_back({ids.taf++, c.families[std::size_t(ep.family)].id, wk.id, wk.agency, start, end});
  }
}

bool has_young_child(const Council& c, int family, Date d) {
  for (int child : c.families[std::size_t(family)].children)
    if (c.people[std::size_t(child)].birth <= d && d.years_since(c.people[std::size_t(child)].birth) < 5) return true;
  return false;
}

}  // namespace

void build_early_help(Council& c, IdSequences& ids, Rng& rng) {
  std::vector<int> order(c.early_help_requests.size());
  for (int i = 0; i < int(order.size()); ++i) order[std::size_t(i)] = i;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const auto &ra = c.early_help_requests[std::size_t(a)], &rb = c.early_help_requests[std::size_t(b)];
    return std::tie(ra.family, ra.start) < std::tie(rb.family, rb.start);
  });
  std::vector<Id> episode_of(c.early_help_requests.size(), 0);
  auto workers = locality_workers(c);
  // Overlapping requests of one family merge into one episode.
  for (std::size_t i = 0; i < order.size();) {
    const auto& first = c.early_help_requests[std::size_t(order[i])];
    EarlyHelpEpisode ep;
    ep.id = ids.early_help++;
    ep.family = first.family, ep.start = first.start, ep.contact_id = first.contact_id;
    ep.stepped_down_from_cin = first.stepped_down_from_cin;
    Date end = first.end;
    std::string_view reason = first.end_reason;
    std::size_t j = i;
    for (; j < order.size(); ++j) {
      const auto& r = c.early_help_requests[std::size_t(order[j])];
      if (r.family != first.family || r.start > end) break;
      if (r.end >= end) end = r.end, reason = r.end_reason;
      episode_of[std::size_t(order[j])] = ep.id;
    }
    if (end <= c.window.until) ep.end = end, ep.end_reason = reason;
    int locality = c.families[std::size_t(ep.family)].locality;
    ep.team_id = c.teams[std::size_t(c.team_for(TeamType::kEarlyHelp, locality))].id;
    if (c.window.touches(ep.start, ep.end)) {
      bool young = has_young_child(c, ep.family, ep.start);
      lead(c, ids, ep, workers[std::size_t(locality)], young, rng);
      team_around(c, ids, ep, workers[std::size_t(locality)], young, rng);
    }
    c.early_help.push_back(ep);
    i = j;
  }
  for (auto& cin : c.cin)
    if (cin.step_up_request >= 0) cin.stepped_up_from_eh = episode_of[std::size_t(cin.step_up_request)];
}

}  // namespace kith::synth
