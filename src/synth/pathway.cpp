// Each child's pathway, simulated event by event from birth: contacts at the
// front door, early help, referrals and child in need episodes with their
// assessments, S47 enquiries, conferences and plans, periods of care with
// placements, and leaving care. Every child has its own random stream, so a
// child's story depends only on the seed, the council and the child.
#include <algorithm>
#include <array>
#include <cmath>

#include "calendar/calendar.h"
#include "synth/build.h"
#include "synth/pathway.h"

namespace kith::synth {
namespace {

using calendar::add_working_days;
namespace cal = calibration;

constexpr int kYear = 365;

struct Weighted {
  std::string_view code;
  double weight;
};

template <std::size_t N>
std::string_view draw(Rng& rng, const std::array<Weighted, N>& table) {
  std::array<double, N> w{};
  for (std::size_t i = 0; i < N; ++i) w[i] = table[i].weight;
  return table[rng.pick(w)].code;
}

// Who makes contact, and the CIN census ReferralSource it becomes.
struct Source {
  std::string_view contact, referral;
  double weight;
};
constexpr std::array<Source, 12> kSources = {{{"police", "6", 28},
                                              {"school", "2A", 19},
                                              {"health", "3A", 4},
                                              {"health", "3B", 4},
                                              {"health", "3E", 4},
                                              {"health", "3D", 3},
                                              {"family", "1A", 8},
                                              {"self", "1C", 3},
                                              {"voluntary", "8", 6},
                                              {"anonymous", "9", 3},
                                              {"other_council", "5A", 5},
                                              {"other_council", "5C", 3}}};

constexpr std::array<std::string_view, 16> kNeeds = {
    "Mum says she cannot cope with the children's behaviour at home",
    "School worried about attendance and that he often arrives hungry",
    "Police attended a domestic incident; the children were present",
    "Health visitor concerned about the baby's weight and home conditions",
    "Young person disclosed self-harm to a teacher",
    "Family in rent arrears and facing eviction; parents arguing",
    "Dad's drinking has increased since he lost his job",
    "Neighbour reports children left alone in the evenings",
    "Teenager going missing overnight and seen with older males",
    "Mum struggling with low mood after the birth",
    "Child has unexplained bruising noticed at nursery",
    "Parents separating; child caught in conflict over contact",
    "Young carer for a parent with a long-term illness",
    "Family new to the area, no GP, children not in school",
    "Grandparent caring for the children informally and needs support",
    "Child's behaviour at school escalating; at risk of exclusion"};
constexpr std::array<std::string_view, 6> kBestPlaced = {"School pastoral lead", "Family hub key worker", "Health visitor",
                                                         "Children's social care", "Youth worker", "GP and perinatal mental health"};
constexpr std::array<std::string_view, 5> kNextSteps = {"Referrer to call the family today and share the hub's offer",
                                                        "Referrer to hold a team around the family meeting",
                                                        "Referrer to keep monitoring and call back if worries grow",
                                                        "Front door to pass to the locality assessment team",
                                                        "Referrer to support the family to self-refer to the hub"};

constexpr std::array<Weighted, 8> kPrimaryNeed = {{{"N1", 55}, {"N3", 3}, {"N4", 11}, {"N5", 17}, {"N6", 4}, {"N7", 0.5}, {"N8", 3.5}, {"N2", 1}}};
constexpr std::array<Weighted, 16> kFactors = {{{"3B", 30}, {"4B", 26}, {"16A", 17}, {"17A", 15}, {"4A", 14}, {"2B", 11},
                                                {"1B", 8}, {"3A", 12}, {"18C", 6}, {"15A", 6}, {"14A", 5}, {"11A", 3},
                                                {"24A", 3}, {"10A", 3}, {"5A", 4}, {"20", 9}}};
constexpr std::array<Weighted, 5> kCategory = {{{"NEG", 50}, {"EMO", 36}, {"PHY", 7}, {"SAB", 4}, {"MUL", 3}}};
constexpr std::array<Weighted, 7> kClaNeed = {{{"N1", 65}, {"N4", 8}, {"N5", 13}, {"N2", 3}, {"N3", 3}, {"N6", 2}, {"N8", 6}}};
constexpr std::array<Weighted, 7> kParticipation = {{{"PN1", 50}, {"PN2", 10}, {"PN3", 5}, {"PN4", 5}, {"PN5", 5}, {"PN6", 15}, {"PN7", 10}}};
constexpr std::array<Weighted, 11> kActivity = {{{"F1", 6}, {"P1", 1}, {"F2", 25}, {"P2", 5}, {"F4", 5}, {"P4", 1}, {"F5", 12}, {"P5", 5}, {"G4", 8}, {"G5", 25}, {"G6", 7}}};
constexpr std::array<Weighted, 15> kAccommodation = {{{"B1", 14}, {"D1", 20}, {"E1", 6}, {"U1", 30}, {"Z1", 10}, {"C1", 2}, {"K1", 2}, {"T1", 3}, {"V1", 1},
                                                     {"B2", 2}, {"U2", 3}, {"S2", 2}, {"V2", 2}, {"W2", 1}, {"X2", 2}}};
constexpr std::array<Weighted, 5> kInTouch = {{{"YES", 90}, {"NO", 4}, {"REFU", 3}, {"NREQ", 2}, {"RHOM", 1}}};

// A kind of placement: the provider type in the register and the SSDA903 PLACE code.
struct PlacementKind {
  std::string_view provider_type, place;
};

class ChildStory {
 public:
  ChildStory(Council& c, IdSequences& ids, int child, Rng rng)
      : c_(c), ids_(ids), child_(child), rng_(rng), person_(c.people[std::size_t(child)]),
        family_(c.families[std::size_t(person_.family)]), eighteen_(birthday(person_.birth, 18)) {}

  void run() {
    Date end = std::min(eighteen_, c_.window.until);
    Date t = person_.birth;
    while (true) {
      auto next = next_contact(t, end);
      if (!next) break;
      t = contact(*next);
      // An adopted child starts a new life with a new record: the council's story of this
      // record ends (903 rule 199 reads care after an adoption under one CHILD as an error).
      if (t >= end || adopted_) break;
    }
    ehcp();
  }

 private:
  // The day a person born on `birth` attains `years`: someone born on 29 February
  // does so on 1 March in other years, as the 903 rules count age (rule 460).
  static Date birthday(Date birth, int years) {
    Date d = birth.plus_months(12 * years);
    return birth.month() == 2 && birth.day() == 29 && d.day() == 28 ? d.plus_days(1) : d;
  }

  int age(Date d) const { return d.years_since(person_.birth); }
  bool disabled() const { return person_.disability != "NONE"; }
  int locality() const { return family_.locality; }

  double age_factor(int a) const {
    if (a < 1) return 1.5;
    if (a < 10) return 0.85;
    return 1.1;
  }
  double contact_rate(Date d) const {
    double rate = cal::kContactsPerChildYear * family_.risk * age_factor(age(d)) * (disabled() ? 2.0 : 1.0);
    if (last_close_) rate *= 1 + cal::kRecontactBoost * std::exp(-double(d - *last_close_) / cal::kRecontactDays);
    return rate / kYear;
  }
  // The next contact after `from`, by thinning a bounded hazard.
  std::optional<Date> next_contact(Date from, Date end) {
    double bound = cal::kContactsPerChildYear * family_.risk * 1.5 * (disabled() ? 2.0 : 1.0) * (1 + cal::kRecontactBoost) / kYear;
    double t = 0;
    while (true) {
      t += rng_.exponential(1.0 / bound);
      if (t > double(end - from)) return std::nullopt;
      Date d = from.plus_days(int(t));
      if (rng_.uniform() * bound < contact_rate(d)) return d;
    }
  }

  // A contact at the front door; returns the day the child is next free to be contacted.
  Date contact(Date d) {
    const Source& src = kSources[pick_source()];
    std::array<double, 6> w = {cal::kDecisionNfa, cal::kDecisionAdvice, cal::kDecisionSignpost,
                               eh_until_ && *eh_until_ > d ? 0.0 : cal::kDecisionEarlyHelp, cal::kDecisionReferral, cal::kDecisionStrategy};
    static constexpr std::array<std::string_view, 6> kDecisions = {"nfa", "advice", "signpost", "early_help", "referral", "strategy_discussion"};
    std::string_view decision = kDecisions[rng_.pick(w)];
    Contact k;
    k.id = ids_.contact++;
    k.person_id = person_.id, k.family_id = family_.id, k.date = d;
    k.decision = decision;
    k.decision_date = decision == "referral" || decision == "strategy_discussion" ? d : d.plus_days(rng_.between(0, 2));
    k.source = src.contact;
    k.needs = kNeeds[std::size_t(rng_.between(0, int(kNeeds.size()) - 1))];
    k.best_placed = decision == "referral" || decision == "strategy_discussion" ? kBestPlaced[3]
                                                                                 : kBestPlaced[std::size_t(rng_.between(0, 5))];
    k.next_step = decision == "referral" || decision == "strategy_discussion" ? kNextSteps[3]
                                                                               : kNextSteps[std::size_t(rng_.between(0, 4))];
    k.advice = decision == "advice";
    k.signposted = decision == "signpost";
    k.keeps_lead = decision == "advice" || decision == "signpost" || (decision == "early_help" && rng_.chance(0.3));
    // The conversation found another way to help where a referral was asked for.
    k.alternative = (decision == "advice" || decision == "signpost" || decision == "early_help") && rng_.chance(0.35);
    c_.contacts.push_back(k);
    if (decision == "early_help") {
      early_help(d.plus_days(rng_.between(1, 14)), k.id, std::nullopt);
      return d.plus_days(1);
    }
    if (decision == "referral" || decision == "strategy_discussion") return referral(d, k.id, src.referral, decision != "referral");
    return d.plus_days(1);
  }

  std::size_t pick_source() {
    std::array<double, kSources.size()> w{};
    for (std::size_t i = 0; i < w.size(); ++i) w[i] = kSources[i].weight;
    return rng_.pick(w);
  }

  void early_help(Date start, std::optional<Id> contact, std::optional<Id> stepped_down_from) {
    Date end = start.plus_days(int(rng_.lognormal(170, 0.5)));
    static constexpr std::array<Weighted, 3> kEnds = {{{"needs_met", 70}, {"disengaged", 20}, {"moved", 10}}};
    c_.early_help_requests.push_back({person_.family, start, end, contact, draw(rng_, kEnds), stepped_down_from, child_});
    eh_until_ = end;
    eh_request_ = int(c_.early_help_requests.size()) - 1;
  }

  // If early help is open at the referral, it ends: the family steps up.
  // Returns the early help request stepped up from, or -1.
  int step_up_from_early_help(Date d) {
    if (!eh_until_ || *eh_until_ <= d || eh_request_ < 0) return -1;
    auto& req = c_.early_help_requests[std::size_t(eh_request_)];
    req.end = std::max(d, req.start), req.end_reason = "step_up";
    eh_until_ = d;
    return eh_request_;
  }

  // --- Segments: which team holds the case -------------------------------
  void hand_to(TeamType type, Date d, std::string_view reason, std::string_view role = "allocated_social_worker", int assessment = -1) {
    int team = c_.team_for(disabled() && type != TeamType::kLeavingCare && type != TeamType::kChildrenInCare ? TeamType::kDisability : type,
                           locality());
    if (open_segment_ >= 0) {
      auto& s = c_.segments[std::size_t(open_segment_)];
      if (s.team == team && s.role == role) return;
      if (s.start == d) {  // handed on the day it arrived: one segment, not two
        s.team = team, s.role = role;
        return;
      }
      s.end = d, s.reason_at_end = reason;
    }
    c_.segments.push_back({child_, team, d, std::nullopt, role, "", assessment});
    open_segment_ = int(c_.segments.size()) - 1;
  }
  void close_segment(Date d) {
    if (open_segment_ >= 0) c_.segments[std::size_t(open_segment_)].end = d;
    open_segment_ = -1;
  }

  // --- Referral and the child in need episode ----------------------------
  Date referral(Date r, Id contact_id, std::string_view source, bool strategy_at_referral) {
    CinEpisode cin;
    cin.id = ids_.cin++;
    cin.person_id = person_.id, cin.contact_id = contact_id, cin.referral_date = r, cin.source = source;
    cin.child = child_;
    cin.step_up_request = step_up_from_early_help(r);
    int index = int(c_.cin.size());
    c_.cin.push_back(cin);
    Date close = episode(index, r, strategy_at_referral);
    last_close_ = close;
    return close.plus_days(1);
  }

  // Runs the episode from referral to closure; returns the closure date.
  Date episode(int index, Date r, bool strategy_at_referral) {
    Date end = std::min(eighteen_, c_.window.until);
    if (!strategy_at_referral && rng_.chance(cal::kReferralNfa)) return close_episode(index, r, "RC7", /*nfa=*/true);
    c_.cin[std::size_t(index)].primary_need = disabled() && rng_.chance(0.7) ? std::string_view("N2") : draw(rng_, kPrimaryNeed);
    // Work begun on a referral just before the 18th birthday starts by the birthday, when the
    // episode closes (CIN rules 8565 and 8608 read a later start as activity after closure).
    Date start = std::min(add_working_days(r, rng_.between(0, 2)), eighteen_);
    int assessment = start_assessment(index, start);
    hand_to(TeamType::kAssessment, r, "", "allocated_social_worker", assessment);
    bool s47 = strategy_at_referral || rng_.chance(cal::kSection47);
    std::optional<Date> plan_start;
    if (s47) plan_start = section47(index, std::min(add_working_days(r, rng_.between(0, 3)), eighteen_));
    Date authorised = *c_.assessments[std::size_t(assessment)].authorised;
    if (authorised > end && end < c_.window.until) {
      // Turned 18 while being assessed: the assessment ends on the birthday (CIN rules 8736, 8867), and so
      // does the episode unless a protection plan started before it.
      c_.assessments[std::size_t(assessment)].authorised = authorised = end;
      if (!plan_start || *plan_start > end) {
        auto& conferences = c_.conferences;  // an initial conference after the birthday is not held
        if (!conferences.empty() && conferences.back().cin_id == c_.cin[std::size_t(index)].id && conferences.back().date > end)
          conferences.pop_back();
        return close_episode(index, end, "RC7");
      }
    }
    if (authorised > end) {  // still being assessed when the data ends
      c_.assessments[std::size_t(assessment)].authorised.reset();
      if (!plan_start || *plan_start > end) return end.plus_days(1);
    }
    if (!plan_start && rng_.chance(cal::kCareAtReferral)) {
      set_outcome(assessment, "cin_plan");
      return looked_after_then_close(index, r, "L1");
    }
    if (plan_start) {
      set_outcome(assessment, "strategy_discussion");
      return child_protection(index, *plan_start);
    }
    if (rng_.chance(cal::kNotInNeed)) {
      bool early = rng_.chance(0.3);
      set_outcome(assessment, early ? "early_help" : "nfa");
      if (rng_.chance(0.25)) c_.assessments[std::size_t(assessment)].factors = {"21"};
      // RC8/RC9 mean closed after assessment alone: after a section 47 enquiry the reason is RC7 (CIN rule 2990).
      // Not before the enquiry's initial conference (CIN rules 8565, 8868).
      Date after = authorised;
      const auto& conferences = c_.conferences;
      if (s47 && !conferences.empty() && conferences.back().cin_id == c_.cin[std::size_t(index)].id)
        after = std::max(after, std::min(conferences.back().date, end));
      Date close = close_episode(index, after, s47 ? "RC7" : early ? "RC9" : "RC8");
      if (early && close <= end) early_help(close, std::nullopt, c_.cin[std::size_t(index)].id);
      return close;
    }
    set_outcome(assessment, "cin_plan");
    return child_in_need_plan(index, authorised);
  }

  int start_assessment(int index, Date start) {
    Assessment a;
    a.id = ids_.assessment++;
    a.cin_id = c_.cin[std::size_t(index)].id;
    a.start = start;
    a.child = child_;
    // DfE 2025: about 82% of assessments are authorised within 45 working days.
    int days = rng_.chance(0.82) ? rng_.between(8, 45) : rng_.between(46, 85);
    a.authorised = add_working_days(start, days);
    int factors = rng_.between(1, 4);
    for (int i = 0; i < factors; ++i) {
      auto f = draw(rng_, kFactors);
      if (std::find(a.factors.begin(), a.factors.end(), f) == a.factors.end()) a.factors.push_back(f);
    }
    c_.assessments.push_back(std::move(a));
    return int(c_.assessments.size()) - 1;
  }
  void set_outcome(int assessment, std::string_view outcome) { c_.assessments[std::size_t(assessment)].outcome = outcome; }

  // Strategy discussion and S47; returns the CP plan's start when the initial
  // conference decides on one.
  std::optional<Date> section47(int index, Date discussion) {
    Id cin_id = c_.cin[std::size_t(index)].id;
    c_.strategies.push_back({ids_.strategy++, cin_id, discussion});
    Section47 s;
    s.id = ids_.section47++;
    s.cin_id = cin_id, s.strategy_id = c_.strategies.back().id, s.start = discussion;
    s.end = add_working_days(discussion, rng_.between(4, 15));
    s.icpc_required = rng_.chance(cal::kInitialConference);
    c_.section47s.push_back(s);
    if (!s.icpc_required) return std::nullopt;
    // Most initial conferences are held within 15 working days of the strategy discussion.
    Date icpc = add_working_days(discussion, rng_.chance(0.78) ? rng_.between(6, 15) : rng_.between(16, 30));
    bool plan = rng_.chance(cal::kPlanAtConference);
    if (icpc >= eighteen_) {  // no child protection conference for an adult (CIN rules 8840, 8868)
      c_.section47s.back().icpc_required = false;
      return std::nullopt;
    }
    c_.conferences.push_back({ids_.conference++, cin_id, s.id, "initial", icpc, plan});
    if (!plan) return std::nullopt;
    return icpc;
  }

  Date close_episode(int index, Date d, std::string_view reason, bool nfa = false) {
    auto& cin = c_.cin[std::size_t(index)];
    close_segment(d);
    if (d > c_.window.until) return d;  // still open when the data ends
    cin.close = d, cin.closure_reason = reason, cin.nfa = nfa;
    // An assessment still running when the episode closes is completed that day (CIN rule 8565:
    // nothing happens on an episode after it closes).
    for (auto a = c_.assessments.rbegin(); a != c_.assessments.rend() && a->cin_id == cin.id; ++a)
      if (a->authorised && *a->authorised > d) a->authorised = std::max(d, a->start);
    return d;
  }

  Date child_in_need_plan(int index, Date start) {
    Date end = std::min(eighteen_, c_.window.until);
    hand_to(TeamType::kSafeguarding, start, "team_transfer");
    Date finish = start.plus_days(std::max(14, int(rng_.lognormal(cal::kCinPlanMedianDays, cal::kCinPlanSigma))));
    Id cin_id = c_.cin[std::size_t(index)].id;
    if (rng_.chance(cal::kCareFromCinPlan)) {
      Date into_care = start.plus_days(rng_.between(0, std::max(1, finish - start)));
      if (into_care <= end && into_care < eighteen_) {  // care does not start on the 18th birthday (903 rules 351, 352)
        c_.cin_plans.push_back({ids_.cin_plan++, cin_id, start, into_care});
        return looked_after_then_close(index, into_care, rng_.chance(0.5) ? "V2" : "C1");
      }
    }
    visits(start, std::min(finish, end), "cin", 28, 42);
    c_.cin_plans.push_back({ids_.cin_plan++, cin_id, start, finish <= end ? OptDate(finish) : std::nullopt});
    if (finish >= eighteen_) return close_episode(index, eighteen_, "RC7");
    bool early = rng_.chance(0.25);
    // After a CIN plan the reason is RC7 even when early help follows (RC9 is for closure after assessment; CIN rule 2990).
    Date close = close_episode(index, finish, "RC7");
    if (early && close <= end) early_help(close, std::nullopt, c_.cin[std::size_t(index)].id);
    return close;
  }

  // CP plan length: most end between 3 and 12 months; a few run past 2 years
  // (matches the d5 durations of plans open at 31 March 2025).
  int cp_plan_days() {
    static constexpr std::array<double, 5> kBands = {3, 20, 52, 20, 5};
    switch (rng_.pick(kBands)) {
      case 0: return rng_.between(20, 91);
      case 1: return rng_.between(92, 182);
      case 2: return rng_.between(183, 365);
      case 3: return rng_.between(366, 730);
      default: return rng_.between(731, 1200);
    }
  }

  Date child_protection(int index, Date start) {
    Date end = std::min(eighteen_, c_.window.until);
    hand_to(TeamType::kSafeguarding, start, "team_transfer");
    CinEpisode& cin = c_.cin[std::size_t(index)];
    CpPlan plan;
    plan.id = ids_.cp_plan++;
    plan.cin_id = cin.id, plan.person_id = person_.id, plan.start = start;
    plan.initial_category = plan.latest_category = draw(rng_, kCategory);
    if (rng_.chance(0.08)) plan.latest_category = draw(rng_, kCategory);
    Date finish = start.plus_days(cp_plan_days());
    bool into_care = rng_.chance(cal::kCareFromCpPlan);
    if (into_care) finish = start.plus_days(rng_.between(14, std::max(15, finish - start)));
    finish = std::min(finish, eighteen_);
    // Review conferences: first within 3 months, then at most every 6 months.
    for (Date review = start.plus_months(3); review < finish && review <= end; review = review.plus_months(6))
      c_.conferences.push_back({ids_.conference++, cin.id, std::nullopt, "review", review, true});
    visits(start, std::min(finish, end), "cp", 10, 16);
    if (finish > end) {
      c_.cp_plans.push_back(plan);
      return end.plus_days(1);
    }
    plan.end = finish;
    c_.cp_plans.push_back(plan);
    if (into_care && finish < eighteen_) return looked_after_then_close(index, finish, rng_.chance(0.7) ? "C1" : "V2");
    if (!into_care) c_.conferences.push_back({ids_.conference++, c_.cin[std::size_t(index)].id, std::nullopt, "review", finish, false});
    if (finish >= eighteen_) return close_episode(index, finish, "RC7");
    // Stepped down to a child in need plan for a few months.
    hand_to(TeamType::kSafeguarding, finish, "step_down");
    Date close = finish.plus_days(rng_.between(60, 270));
    close = std::min(close, eighteen_);
    c_.cin_plans.push_back({ids_.cin_plan++, c_.cin[std::size_t(index)].id, finish, close <= end ? OptDate(close) : std::nullopt});
    visits(finish, std::min(close, end), "cin", 28, 42);
    return close_episode(index, close, "RC7");
  }

  // --- Looked after ----------------------------------------------------------
  struct CareOutcome {
    Date end;
    std::string_view reason;   // SSDA903 REC
    std::string_view closure;  // CIN ReasonForClosure when the episode ends with care
    bool adoption = false;
  };

  // How and when this period of care ends, by age at entry.
  CareOutcome care_outcome(Date start) {
    int a = age(start);
    auto years = [&](double lo, double hi) { return start.plus_days(int((lo + (hi - lo) * rng_.uniform()) * kYear)); };
    double u = rng_.uniform();
    if (a < 1) {
      if (u < 0.35) return {years(1.3, 2.5), rng_.chance(0.6) ? "E11" : "E12", "RC1", true};
      if (u < 0.60) return {years(0.8, 2.0), "E47", "RC4"};
      if (u < 0.92) return {years(0.05, 1.0), "E4A", "RC7"};
    } else if (a < 5) {
      if (u < 0.15) return {years(1.5, 3.0), "E11", "RC1", true};
      if (u < 0.40) return {years(1.0, 2.5), rng_.chance(0.7) ? "E47" : "E45", "RC4"};
      if (u < 0.88) return {years(0.05, 1.5), rng_.chance(0.85) ? "E4A" : "E41", "RC7"};
    } else if (a < 10) {
      if (u < 0.20) return {years(1.0, 2.5), "E47", "RC4"};
      if (u < 0.80) return {years(0.05, 1.5), rng_.chance(0.85) ? "E4A" : "E41", "RC7"};
    } else if (a < 16) {
      if (u < 0.50) return {years(0.02, 1.2), rng_.chance(0.8) ? "E4A" : "E4B", "RC7"};
    } else if (u < 0.30) {
      return {years(0.02, 0.8), rng_.chance(0.7) ? "E4A" : "E13", "RC7"};
    }
    // Looked after until 18.
    static constexpr std::array<Weighted, 4> kAtEighteen = {{{"E17", 20}, {"E5", 55}, {"E6", 10}, {"E8", 15}}};
    return {eighteen_, draw(rng_, kAtEighteen), "RC7"};
  }

  Date looked_after_then_close(int index, Date start, std::string_view first_status) {
    Date end = std::min(eighteen_, c_.window.until);
    hand_to(TeamType::kChildrenInCare, start, "step_up");
    CareOutcome out = care_outcome(start);
    out.end = std::min(out.end, eighteen_);
    if (out.end <= start) out.end = start.plus_days(1);
    ClaPeriod p;
    p.id = ids_.cla++;
    p.person_id = person_.id, p.cin_id = c_.cin[std::size_t(index)].id, p.start = start;
    p.category_of_need = draw(rng_, kClaNeed);
    p.home_postcode = c_.postcode_text(c_.addresses[std::size_t(family_.address_id - c_.addresses.front().id)].postcode);
    bool open = out.end > end;
    if (!open) p.end = out.end, p.reason_ceased = out.reason;
    Date last = open ? end : out.end;
    legal_statuses(p.id, start, last, first_status, out.adoption);
    placements(p.id, start, last, open, out);
    reviews(p.id, start, last);
    health(start, last);
    outcomes(start, last);
    if (out.adoption) adoption(p.id, open ? std::nullopt : OptDate(out.end));
    missing(p.id, start, last, open);
    c_.cla.push_back(p);
    if (open) return end.plus_days(1);
    adopted_ = out.adoption;
    if (out.end >= eighteen_) {
      leaving_care(start, out.end);
      return close_episode(index, out.end, "RC7");
    }
    if (out.closure != "RC7") return close_episode(index, out.end, out.closure);
    // Home again: the case stays open under a child in need plan for a while.
    hand_to(TeamType::kSafeguarding, out.end, "step_down");
    Date close = std::min(out.end.plus_days(rng_.between(30, 240)), eighteen_);
    c_.cin_plans.push_back({ids_.cin_plan++, p.cin_id, out.end, close <= end ? OptDate(close) : std::nullopt});
    visits(out.end, std::min(close, end), "cin", 28, 42);
    return close_episode(index, close, "RC7");
  }

  void legal_statuses(Id cla, Date start, Date last, std::string_view first, bool adoption) {
    if (first == "L1") {
      c_.legal_statuses.push_back({ids_.legal_status++, cla, start, rng_.chance(0.6) ? "L1" : "L2"});
      int days = rng_.between(1, 8);
      // Police protection (L1) lasts at most 72 hours; an EPO (L2) up to 8 days.
      start = start.plus_days(c_.legal_statuses.back().status == "L1" ? std::min(days, 3) : days);
      if (start >= last) return;
      first = "C1";
    }
    if (age(start) >= 13 && first == "C1" && rng_.chance(0.5)) first = "V2";
    c_.legal_statuses.push_back({ids_.legal_status++, cla, start, first});
    if (first != "C1") return;
    Date full = start.plus_days(rng_.between(150, 300));  // care proceedings conclude
    if (full >= last) return;
    c_.legal_statuses.push_back({ids_.legal_status++, cla, full, "C2"});
    if (adoption) {
      Date order = full.plus_days(rng_.between(20, 90));
      if (order < last) c_.legal_statuses.push_back({ids_.legal_status++, cla, order, "E1"});
    }
  }

  // A placement suited to the child's age, with a provider from the register.
  void add_placement(Id cla, Date start, OptDate end, bool adoption_placement) {
    int a = age(start);
    PlacementKind kind{"in_house_fostering", "U6"};
    if (adoption_placement) {
      bool foster_carers = rng_.chance(0.5);
      // A5/A6 are placements under a placement order (E1); without one the parents consented: A3/A4 (rule 408).
      bool order = status_on(cla, start) == "E1";
      kind = {"other", order ? (foster_carers ? "A5" : "A6") : (foster_carers ? "A3" : "A4")};
    }
    else {
      double u = rng_.uniform();
      if (a >= 16 && u < 0.35) kind = {"supported_accommodation", "K3"};
      else if (a >= 12 && u < 0.55) kind = {"external_residential", "K2"};
      else if (a >= 12 && u < 0.60) kind = {"in_house_residential", "K2"};
      else if (a >= 13 && u < 0.605) kind = {"secure", "K1"};
      else if (u < 0.72) kind = {"in_house_fostering", rng_.chance(0.5) ? "U6" : "U4"};
      else if (u < 0.84) kind = {"agency_fostering", rng_.chance(0.5) ? "U6" : "U4"};
      else if (u < 0.96) kind = {"kinship", rng_.chance(0.6) ? "U3" : "U1"};
      else kind = {"parents", "P1"};
      // A child accommodated under section 20 (V2) at any time of the period is not placed with parents
      // (rule 378; a placement made under police protection runs on into V2), nor moved from parents to
      // parents (rule 435 sees no change): kinship care instead.
      bool with_parents = !c_.placements.empty() && c_.placements.back().cla_id == cla && c_.placements.back().type == "P1";
      if (kind.place == "P1" && (has_status(cla, "V2") || with_parents)) kind = {"kinship", "U3"};
    }
    Placement pl;
    pl.id = ids_.placement++;
    pl.cla_id = cla, pl.start = start, pl.end = end, pl.type = kind.place;
    if (kind.provider_type == "parents") {
      pl.provider_code = "PR0";
      pl.postcode = c_.postcode_text(c_.addresses[std::size_t(family_.address_id - c_.addresses.front().id)].postcode);
    } else {
      const Provider& p = provider(kind.provider_type, previous_provider(cla));
      pl.provider_id = p.id, pl.provider_code = p.provider_code, pl.postcode = p.postcode;
      pl.weekly_cost_pence = p.weekly_cost_pence;
    }
    c_.placements.push_back(std::move(pl));
    visits(start, end.value_or(c_.window.until), "cla", 5, 7, /*first_only=*/true);
    Date regular_end = end.value_or(c_.window.until);
    Date first_year = std::min(regular_end, start.plus_months(12));
    visits(start.plus_days(7), first_year, "cla", 35, 42);
    visits(first_year, regular_end, "cla", 70, 90);
  }

  // A provider of the type other than the child's current one where the type has
  // several: a move changes carer (rule 435 needs a change the return can see).
  const Provider& provider(std::string_view type, std::optional<Id> current) {
    // Providers of each type are contiguous in the register.
    auto first = std::find_if(c_.providers.begin(), c_.providers.end(), [&](const Provider& p) { return p.provider_type == type; });
    auto last = std::find_if(first, c_.providers.end(), [&](const Provider& p) { return p.provider_type != type; });
    int n = int(last - first), pick = rng_.between(0, n - 1);
    if (current && (first + pick)->id == *current && n > 1) pick = (pick + 1) % n;
    return *(first + pick);
  }

  std::optional<Id> previous_provider(Id cla) const {
    if (c_.placements.empty() || c_.placements.back().cla_id != cla) return std::nullopt;
    return c_.placements.back().provider_id;
  }

  bool has_status(Id cla, std::string_view status) const {
    for (auto it = c_.legal_statuses.rbegin(); it != c_.legal_statuses.rend() && it->cla_id == cla; ++it)
      if (it->status == status) return true;
    return false;
  }

  std::string_view status_on(Id cla, Date d) const {
    std::string_view status;
    for (auto it = c_.legal_statuses.rbegin(); it != c_.legal_statuses.rend() && it->cla_id == cla; ++it)
      if (it->start <= d) return it->status;
    return status;
  }

  void placements(Id cla, Date start, Date last, bool open, const CareOutcome& out) {
    static constexpr std::array<Weighted, 8> kReasons = {{{"CARPL", 35}, {"CREQB", 15}, {"CREQO", 12}, {"CHILD", 8}, {"LAREQ", 10},
                                                          {"STAND", 4}, {"ALLEG", 3}, {"OTHER", 13}}};
    Date adoption_move = out.adoption ? out.end.plus_days(-rng_.between(90, 240)) : last.plus_days(1);
    Date current = start;
    double teen = age(start) >= 12 ? 1.6 : 1.0;
    while (true) {
      double rate = (current < start.plus_months(12) ? cal::kMovesFirstYear : cal::kMovesLater) * teen;
      Date move = current.plus_days(1 + int(rng_.exponential(kYear / rate)));
      bool to_adopters = false;
      if (move >= adoption_move && current < adoption_move) move = adoption_move, to_adopters = true;
      if (move >= last) break;
      add_placement(cla, current, move, false);
      c_.placements.back().reason_change = to_adopters ? std::string_view("CARPL") : draw(rng_, kReasons);
      current = move;
      if (to_adopters) break;
    }
    add_placement(cla, current, open ? OptDate() : OptDate(last), current == adoption_move);
  }

  void reviews(Id cla, Date start, Date last) {
    Date review = add_working_days(start, rng_.between(10, 20));
    for (int n = 0; review <= last; ++n) {
      c_.reviews.push_back({ids_.review++, cla, review, age(review) < 4 ? std::string_view("PN0") : draw(rng_, kParticipation)});
      review = n == 0 ? review.plus_months(3) : review.plus_months(6);
    }
  }

  void health(Date start, Date last) {
    c_.health_checks.push_back({ids_.health++, person_.id, "gp_registration", start.plus_days(rng_.between(1, 20))});
    c_.health_checks.push_back({ids_.health++, person_.id, "dentist_registration", start.plus_days(rng_.between(5, 40))});
    for (Date d = add_working_days(start, rng_.between(10, 20)); d <= last; d = d.plus_days(rng_.between(330, 380))) {
      c_.health_checks.push_back({ids_.health++, person_.id, "health_assessment", d});
      if (age(d) >= 3) c_.health_checks.push_back({ids_.health++, person_.id, "dental", d.plus_days(rng_.between(0, 60))});
    }
  }

  // OC2 outcomes for each 31 March by which the child has been looked after for
  // 12 months, from a stream of their own so the rest of the story is unchanged.
  void outcomes(Date start, Date last) {
    Rng copy = rng_;
    Rng r(copy.next(), std::uint64_t(person_.id));
    for (Date d = Date::ymd(start.year(), 3, 31); d <= last; d = d.plus_months(12)) {
      if (d < start.plus_months(12) || !c_.window.contains(d)) continue;
      int a = age(d), a_start = age(d.plus_months(-12).plus_days(1));
      HealthOutcome o{ids_.health_outcome++, person_.id, d.year(), {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};  // set below
      // An SDQ for ages 4 to 16; a reason when none was returned.
      if (a >= 4 && a_start < 17) {
        if (r.chance(0.85)) o.sdq_score = std::to_string(std::clamp(int(r.between(0, 20) + r.between(0, 20)) / 2 + 4, 0, 40));
        else o.sdq_reason = r.chance(0.5) ? "SDQ2" : "SDQ5";
      }
      bool teen = a >= 10;
      o.convicted = teen ? (r.chance(0.03) ? "1" : "0") : "";
      o.health_check = a < 5 ? (r.chance(0.9) ? "1" : "0") : "";
      o.immunisations = r.chance(0.85) ? "1" : "0";
      o.teeth_check = r.chance(0.8) ? "1" : "0";
      o.health_assessment = r.chance(0.9) ? "1" : "0";
      o.substance_misuse = teen && r.chance(0.04) ? "1" : "0";
      // Offered is asked only when none was received (rule 158).
      if (o.substance_misuse == "1") o.intervention_received = r.chance(0.6) ? "1" : "0", o.intervention_offered = o.intervention_received == "1" ? "" : "1";
      c_.health_outcomes.push_back(o);
    }
  }

  // The decision to place for adoption (before the placement order and the move
  // to adopters) and, once adopted, the AD1 details; from a stream of their own.
  void adoption(Id cla, OptDate adopted) {
    Rng copy = rng_;
    Rng r(copy.next(), std::uint64_t(person_.id) + 1);
    std::optional<Date> order, placed;
    std::string_view place;
    for (const auto& l : c_.legal_statuses)
      if (l.cla_id == cla && l.status == "E1") order = l.start;
    for (const auto& pl : c_.placements)
      if (pl.cla_id == cla && pl.type.size() == 2 && pl.type[0] == 'A') placed = pl.start, place = pl.type;
    if (!order && !placed) return;
    Date first = std::min(order.value_or(Date::ymd(9999, 12, 31)), placed.value_or(Date::ymd(9999, 12, 31)));
    Date decided = first.plus_days(-r.between(30, 120));
    c_.adoption_decisions.push_back({ids_.adoption_decision++, person_.id, decided});
    if (!adopted || !placed) return;
    bool couple = r.chance(0.85);
    static constexpr std::array<Weighted, 3> kCouples = {{{"MF", 85}, {"FF", 8}, {"MM", 7}}};
    std::string_view sex = couple ? draw(r, kCouples) : (r.chance(0.8) ? "F1" : "M1");
    std::string_view status = !couple ? "L0" : sex == "MF" ? (r.chance(0.8) ? "L11" : "L3") : (r.chance(0.7) ? "L12" : "L2");
    c_.adoptions.push_back({ids_.adoption++, person_.id, decided, std::max(decided, placed->plus_days(-r.between(14, 60))),
                            place == "A5" || place == "A3" ? "1" : "0", couple ? "2" : "1", sex, status});
  }

  // About one looked-after child in ten goes missing, mostly teenagers, often repeatedly.
  // `last` is the period's end when it is not open.
  void missing(Id cla, Date start, Date last, bool open) {
    Date from = std::max(start, person_.birth.plus_months(11 * 12));
    if (from >= last || !rng_.chance(0.2)) return;
    Date back = from;
    for (Date d = from.plus_days(int(rng_.exponential(70))); d < last; d = back.plus_days(1 + int(rng_.exponential(70)))) {
      back = d.plus_days(rng_.between(0, 3));  // the next episode starts after this one ends
      std::string_view type = rng_.chance(0.7) ? "M" : "A";
      bool interview = rng_.chance(0.9);
      // The DfE rules read a return on the day an episode or care ends as missing when it
      // ended (580: REC E8 expected; 577 when care ends first): the child is back the day before.
      while (back >= d && ((!open && back >= last) || episode_ends_on(cla, back))) back = back.plus_days(-1);
      if (back < d) {  // gone and back on such a day: no episode (the draws above are kept, so the story is unchanged)
        back = d;
        continue;
      }
      c_.missing.push_back({ids_.missing++, person_.id, d, back <= c_.window.until ? OptDate(back) : std::nullopt, type, interview});
    }
  }

  // True when an SSDA903 episode of the period ends on d: a later placement or legal status starts then.
  bool episode_ends_on(Id cla, Date d) const {
    for (auto it = c_.placements.rbegin(); it != c_.placements.rend() && it->cla_id == cla; ++it)
      if (it->start == d) return true;
    for (auto it = c_.legal_statuses.rbegin(); it != c_.legal_statuses.rend() && it->cla_id == cla; ++it)
      if (it->start == d) return true;
    return false;
  }

  // Care leavers: looked after at 18, followed by a personal adviser to 21
  // (to 25 for some in education), with the OC3 contact around each birthday.
  void leaving_care(Date care_start, Date eighteenth) {
    if (eighteenth - care_start < 91) return;
    CareLeaver cl;
    cl.id = ids_.care_leaver++;
    cl.person_id = person_.id, cl.child = child_;
    cl.eligibility = "former_relevant";
    cl.pathway_plan = std::max(care_start, person_.birth.plus_months(16 * 12)).plus_days(rng_.between(10, 60));
    if (*cl.pathway_plan > c_.window.until) cl.pathway_plan.reset();
    Date support_end = person_.birth.plus_months((rng_.chance(0.2) ? 25 : 21) * 12);
    cl.support_start = eighteenth, cl.support_end = support_end;
    c_.care_leavers.push_back(cl);
    if (eighteenth <= c_.window.until) {
      hand_to(TeamType::kLeavingCare, eighteenth, "team_transfer", "personal_adviser");
      if (support_end <= c_.window.until) close_segment(support_end);
      else open_segment_ = -1;  // stays open after the episode closes
      visits(eighteenth, std::min(support_end, c_.window.until), "care_leaver", 50, 70);
    }
    for (int years = 18; years <= 21; ++years) {
      // Around the birthday, but never before care ended: a young person still looked after has
      // no care leaver information (903 rules 215, 187, 1007).
      Date d = std::max(eighteenth, birthday(person_.birth, years).plus_days(rng_.between(-25, 25)));
      if (d > c_.window.until) break;
      auto touch = draw(rng_, kInTouch);
      bool in_touch = touch == "YES";
      c_.care_leaver_contacts.push_back({ids_.care_leaver_contact++, cl.id, d, touch, in_touch ? draw(rng_, kActivity) : "0",
                                         in_touch ? draw(rng_, kAccommodation) : "0"});
    }
  }

  // Statutory visits every `lo`..`hi` days from `from` to `to`.
  void visits(Date from, Date to, std::string_view context, int lo, int hi, bool first_only = false) {
    for (Date d = from.plus_days(rng_.between(lo / 2, lo)); d <= to; d = d.plus_days(rng_.between(lo, hi))) {
      if (c_.window.contains(d))
        c_.visits.push_back({person_.id, child_, d, age(d) >= 5 && rng_.chance(0.6), context, std::nullopt});
      if (first_only) break;
    }
  }

  // Education, health and care plans: about one child in 20, most disabled children.
  void ehcp() {
    if (!rng_.chance(disabled() ? 0.6 : 0.045)) return;
    Date request = person_.birth.plus_days(rng_.between(2 * kYear, 12 * kYear));
    if (request > c_.window.until) return;
    Ehcp e{ids_.ehcp++, person_.id, request, std::nullopt, std::nullopt};
    Date plan = request.plus_days(rng_.between(90, 150));
    if (rng_.chance(0.9) && plan <= c_.window.until) e.plan = plan;
    Date end = person_.birth.plus_days(rng_.between(19 * kYear, 25 * kYear));
    if (e.plan && end <= c_.window.until) e.end = end;
    c_.ehcps.push_back(e);
  }

  Council& c_;
  IdSequences& ids_;
  int child_;
  Rng rng_;
  const Person& person_;
  const Family& family_;
  Date eighteen_;
  bool adopted_ = false;  // the record's story ends with an adoption
  OptDate last_close_, eh_until_;
  int eh_request_ = -1, open_segment_ = -1;
};

}  // namespace

void simulate_pathways(Council& c, IdSequences& ids, std::uint64_t seed) {
  std::uint64_t council_seed = mix64(seed ^ hash_text(c.authority.la_code));
  for (const auto& f : c.families) {
    for (int child : f.children) {
      ChildStory(c, ids, child, Rng(council_seed, std::uint64_t(child))).run();
    }
  }
}

}  // namespace kith::synth
