// The hazards and shares that drive each child's simulated pathway, tuned so
// that the council's rates match England's published figures for the year
// to 31 March 2025 (see docs/SYNTH.md for the derivation of each number).
//
// Thread-safety: constants only.
#pragma once

namespace kith::synth::calibration {

// Contacts per child per year for a family of average risk, before age.
// England ~1,350 contacts per 10,000 children a year gives ~519 referrals.
inline constexpr double kContactsPerChildYear = 0.116;
// After a case closes the family is likelier to be contacted again for a
// while: hazard x (1 + kRecontactBoost * exp(-days / kRecontactDays)).
// This is what makes about 22.6% of referrals re-referrals.
inline constexpr double kRecontactBoost = 5.0;
inline constexpr double kRecontactDays = 180;

// Front-door decisions on a contact (weights).
inline constexpr double kDecisionNfa = 0.15, kDecisionAdvice = 0.17, kDecisionSignpost = 0.15,
                        kDecisionEarlyHelp = 0.15, kDecisionReferral = 0.345, kDecisionStrategy = 0.035;

// Referrals: 6.5% no further action (c1 2025); of the rest, the share
// assessed as not in need (30.8% of all referrals).
inline constexpr double kReferralNfa = 0.072;
inline constexpr double kNotInNeed = 0.368;
// Section 47 enquiries per referral not already starting with a strategy
// discussion (England: 36.4% of referrals lead to an S47).
inline constexpr double kSection47 = 0.32;
inline constexpr double kInitialConference = 0.32;  // ICPCs per S47 (England 72,100 / 230,590 = 0.31, tuned)
inline constexpr double kPlanAtConference = 0.86;   // CP plans per ICPC (61,840 / 72,100)

// Child in need plans (not CP, not looked after): log-normal days.
inline constexpr double kCinPlanMedianDays = 125, kCinPlanSigma = 0.8;

// Entering care: per CP plan, per CIN plan and in an emergency at referral.
inline constexpr double kCareFromCpPlan = 0.165;
inline constexpr double kCareFromCinPlan = 0.05;
inline constexpr double kCareAtReferral = 0.013;

// Placement moves per year, in the first year of a period and after it.
inline constexpr double kMovesFirstYear = 0.95, kMovesLater = 0.28;

}  // namespace kith::synth::calibration
