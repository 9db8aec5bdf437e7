-- Kith case record, version 12: indexes for checking one child's returns as
-- they are recorded (issue 5 item 6, src/returns/record_check). On every save
-- of a child's record the SSDA903 and CIN projections read only that child's
-- rows (CouncilPeople::only); these are the joins and lookups that otherwise
-- scan a whole table per save (measured on the demo council: docs/RETURNS_903.md).
CREATE INDEX idx_cin_plan_episode ON cin_plan(cin_episode_id);
CREATE INDEX idx_cp_plan_episode ON cp_plan(cin_episode_id);
CREATE INDEX idx_health_check_person ON health_check(person_id);
CREATE INDEX idx_health_outcome_person ON health_outcome(person_id);
CREATE INDEX idx_care_leaver_person ON care_leaver(person_id);
CREATE INDEX idx_care_leaver_contact_leaver ON care_leaver_contact(care_leaver_id);
