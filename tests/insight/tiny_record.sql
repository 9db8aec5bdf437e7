-- Rows added to tests/fixtures/tiny_council.sql for the indicator tests. The
-- period is the financial year 2024-25 (1 April 2024 - 31 March 2025); every
-- expected value is worked out by hand in indicators_tiny_test.cpp.
INSERT INTO person (id, forename, surname, sex, birth_date, ethnicity, address_id) VALUES
  (11, 'Fay', 'Care', 'F', '2014-03-01', 'WBRI', 1),   -- looked after since 2021, stable placement
  (12, 'Gil', 'Care', 'M', '2009-05-05', 'BAFR', 2),   -- looked after since May 2024, 3 placements
  (16, 'Kit', 'Care', 'F', '2016-01-01', 'WBRI', 1),   -- looked after since 2022, moved Jan 2024
  (13, 'Hal', 'Leaver', 'M', '2005-01-20', 'WBRI', NULL),
  (14, 'Ivy', 'Leaver', 'F', '2004-06-01', 'WBRI', NULL),
  (15, 'Jo', 'Leaver', 'F', '2006-03-01', 'WBRI', NULL);
INSERT INTO contact (id, person_id, family_id, contact_date, source, decision, decision_date, worker_id) VALUES
  (100, 4, 3, '2024-05-01', 'police', 'referral', '2024-05-01', NULL),
  (101, 2, 1, '2024-08-01', 'school', 'advice', '2024-08-01', NULL);
INSERT INTO conversation (id, contact_id, conversation_date, needs, alternative_to_referral) VALUES
  (100, 100, '2024-05-01', 'worried about home', 0),
  (101, 101, '2024-08-01', 'school attendance', 1);
INSERT INTO cin_episode (id, person_id, referral_date, referral_source, primary_need, close_date) VALUES
  (100, 1, '2024-03-01', '3B', 'N4', '2024-04-20'),
  (101, 4, '2024-05-01', '6', 'N1', '2024-06-01'),
  (102, 12, '2024-04-20', '6', 'N1', NULL),
  (103, 11, '2021-05-01', '6', 'N1', NULL),
  (104, 1, '2022-12-01', '3B', 'N1', '2023-07-01'),
  (105, 4, '2021-12-01', '6', 'N1', '2024-05-01'),
  (106, 3, '2023-02-01', '6', 'N1', NULL),
  (108, 16, '2021-11-01', '6', 'N1', '2024-06-30');
INSERT INTO assessment (id, cin_episode_id, start_date, authorised_date, outcome, worker_id) VALUES
  (100, 100, '2024-03-01', '2024-05-20', 'cin_plan', 1),
  (101, 101, '2024-05-01', '2024-05-31', 'nfa', 1);
INSERT INTO strategy_discussion VALUES (100, 1, '2025-02-10');
INSERT INTO section47 (id, cin_episode_id, strategy_discussion_id, start_date, end_date, icpc_required) VALUES (100, 1, 100, '2025-02-10', '2025-03-03', 1);
INSERT INTO conference VALUES (100, 1, 100, 'initial', '2025-03-04', 1);
INSERT INTO cp_plan (id, cin_episode_id, person_id, start_date, end_date, initial_category, latest_category) VALUES
  (100, 104, 1, '2023-01-01', '2023-06-01', 'EMO', 'EMO'),
  (101, 1, 1, '2025-03-04', NULL, 'NEG', 'NEG'),
  (102, 106, 3, '2023-03-01', NULL, 'NEG', 'NEG'),
  (103, 105, 4, '2022-01-10', '2024-05-01', 'PHY', 'PHY'),
  (104, 102, 12, '2024-04-25', '2024-05-01', 'NEG', 'NEG');
INSERT INTO cla_period VALUES
  (100, 11, 103, '2021-06-01', NULL, NULL, 'N1', 'SW1A 1AA', 1),
  (101, 12, 102, '2024-05-01', NULL, NULL, 'N1', NULL, 1),
  (102, 16, 108, '2022-01-01', NULL, NULL, 'N1', NULL, 1);
INSERT INTO legal_status VALUES (100, 100, '2021-06-01', 'C2'), (101, 101, '2024-05-01', 'V2'), (102, 102, '2022-01-01', 'C2');
INSERT INTO placement (id, cla_period_id, provider_id, start_date, end_date, placement_type, provider_code, postcode, reason_change, weekly_cost_pence) VALUES
  (100, 100, NULL, '2021-06-01', '2022-01-01', 'U4', 'PR1', 'SW1A 1AA', 'CARPL', 0),
  (101, 100, NULL, '2022-01-01', NULL, 'U4', 'PR1', 'M1 1AE', NULL, 70000),
  (102, 101, NULL, '2024-05-01', '2024-07-01', 'U6', 'PR1', NULL, 'CARPL', 0),
  (103, 101, NULL, '2024-07-01', '2024-12-01', 'R1', 'PR4', NULL, 'CARPL', 0),
  (104, 101, NULL, '2024-12-01', NULL, 'U4', 'PR1', NULL, NULL, 0),
  (105, 102, NULL, '2022-01-01', '2024-01-01', 'U4', 'PR1', NULL, 'CARPL', 0),
  (106, 102, NULL, '2024-01-01', NULL, 'U4', 'PR1', NULL, NULL, 0);
INSERT INTO health_check VALUES
  (100, 3, 'gp_registration', '2024-06-20'),
  (101, 11, 'gp_registration', '2021-06-10'),
  (102, 11, 'dentist_registration', '2021-07-01'),
  (103, 12, 'gp_registration', '2025-04-10');
INSERT INTO care_leaver (id, person_id, personal_adviser_id, pathway_plan_date, eligibility) VALUES (100, 13, NULL, NULL, 'former_relevant'), (101, 14, NULL, NULL, 'former_relevant'), (102, 15, NULL, NULL, 'former_relevant');
INSERT INTO care_leaver_contact VALUES
  (100, 100, '2025-01-25', 'YES', 'F2', 'B1'),
  (101, 101, '2024-06-10', 'NO', 'G5', 'R2'),
  (102, 101, '2023-06-05', 'YES', 'F1', 'U1'),
  (103, 102, '2025-03-02', 'RHOM', '0', '0');
INSERT INTO involvement VALUES
  (100, 11, 7, 2, 'allocated_social_worker', '2024-04-01', '2024-08-01', NULL),
  (101, 11, 5, 3, 'allocated_social_worker', '2024-08-01', '2024-12-01', 'worker_left'),
  (102, 11, 2, 2, 'allocated_social_worker', '2024-12-02', NULL, 'caseload'),
  (103, 4, 1, 1, 'allocated_social_worker', '2024-05-10', '2024-06-01', 'team_transfer');
INSERT INTO worker_absence VALUES (100, 1, '2024-10-01', '2024-10-03', 3), (101, 7, '2024-05-01', '2024-05-02', 2);
INSERT INTO early_help_episode (id, family_id, contact_id, start_date, end_date, end_reason, team_id, stepped_down_from_cin) VALUES (100, 3, NULL, '2024-06-05', '2024-12-01', 'needs_met', 3, 101);
INSERT INTO lead_professional VALUES
  (100, 1, 1, '2024-06-01', '2024-09-02', NULL),
  (101, 3, 5, '2024-06-05', '2024-12-01', NULL);
-- CLA health outcomes and EHCPs (tests/insight/health_indicators_test.cpp). The OC2 cohort on 31 March
-- 2025 is 11 and 16 (looked after since 2021 and 2022); 3 and 12 started in 2024. The year is
-- 1 April 2024 - 31 March 2025.
INSERT INTO health_check (id, person_id, kind, check_date) VALUES
  (104, 11, 'health_assessment', '2024-09-15'),       -- in the year
  (105, 11, 'dental', '2024-03-31'),                  -- the day before the year: not counted
  (106, 11, 'immunisations', '2024-10-01'),
  (107, 16, 'health_assessment', '2024-03-31'),       -- the day before the year: not counted
  (108, 16, 'dental', '2024-04-01'),                  -- the year's first day: counted
  (109, 3, 'health_assessment', '2024-07-01'),        -- 3 is not in the cohort
  (110, 12, 'dental', '2025-01-10');                  -- 12 is not in the cohort
INSERT INTO ehcp (id, person_id, request_date, plan_date, end_date) VALUES
  (100, 16, '2023-05-01', '2023-09-01', NULL),        -- in force on 31 March 2025
  (101, 12, '2024-06-01', NULL, NULL),                -- requested, not issued
  (102, 11, '2019-09-01', '2020-01-01', '2024-01-01'); -- ended
