-- Kith case record, version 10: special educational needs and disabilities
-- (EHC needs assessments, plans and their annual reviews), transition to
-- adult services at 18, looked-after children's care plans, and the reason a
-- family withdrew consent to share (issue 4). Portable SQL (SQLite 3.40 and
-- PostgreSQL 15): BIGINT ids assigned by the application, ISO TEXT dates,
-- 0/1 SMALLINT booleans, a version on every record that is edited.

-- The EHC plan's record (0001) is edited now: the plan is issued, then ends.
ALTER TABLE ehcp ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- Why the plan (or the request, when no plan was issued) ended:
-- needs_met | moved_away | left_education | not_issued | other.
ALTER TABLE ehcp ADD COLUMN end_reason TEXT;

-- The annual reviews of an EHC plan (SEND Code of Practice 2015, 9.166:
-- at least every 12 months).
CREATE TABLE ehcp_review (
  id              BIGINT PRIMARY KEY,
  ehcp_id         BIGINT NOT NULL REFERENCES ehcp(id),
  review_date     TEXT NOT NULL,
  outcome         TEXT NOT NULL,          -- continue | amend | cease
  recorded_by     TEXT NOT NULL           -- username
);
CREATE INDEX idx_ehcp_review_ehcp ON ehcp_review(ehcp_id);

-- SEN support at school (without an EHC plan), from a date until it ends.
CREATE TABLE sen_support (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  start_date      TEXT NOT NULL,
  end_date        TEXT,
  version         BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX idx_sen_support_person ON sen_support(person_id);

-- Preparing for adulthood: one transition plan per young person, for a child
-- in care, a care leaver, a disabled child or one with an EHC plan.
CREATE TABLE transition_plan (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  referral_date   TEXT,                   -- referred to adult services
  adult_service   TEXT NOT NULL,          -- adult_social_care | learning_disability | mental_health | continuing_health_care | leaving_care
  plan_date       TEXT,                   -- the transition plan agreed
  outcome         TEXT NOT NULL,          -- in_progress | eligible | not_eligible | declined | staying_with_childrens
  version         BIGINT NOT NULL DEFAULT 1,
  recorded_by     TEXT NOT NULL
);
CREATE UNIQUE INDEX idx_transition_plan_person ON transition_plan(person_id);

-- A looked-after child's care plan (Care Planning Regulations 2010, reg 4):
-- one row per plan or revision; it counts once a manager authorises it
-- (authorisation kind cla_plan).
CREATE TABLE cla_care_plan (
  id              BIGINT PRIMARY KEY,
  cla_period_id   BIGINT NOT NULL REFERENCES cla_period(id),
  person_id       BIGINT NOT NULL REFERENCES person(id),
  plan_date       TEXT NOT NULL,
  permanence      TEXT NOT NULL,          -- return_home | kinship | long_term_fostering | adoption | residential | independence | special_guardianship
  recorded_by     TEXT NOT NULL
);
CREATE INDEX idx_cla_care_plan_person ON cla_care_plan(person_id);

-- Why the family withdrew consent to share with a member of the team around
-- the family (the date is taf_consent.withdrawn_date).
ALTER TABLE taf_consent ADD COLUMN withdrawn_reason TEXT;
