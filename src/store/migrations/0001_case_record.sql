-- Kith case record, version 1.
-- Shaped on the Standard Safeguarding Dataset (SSD) tables, plus what the
-- locality / family-hub practice model needs: families with roles,
-- localities and hubs, lead professionals, team around the family, the
-- front-door conversation, placement providers and costs, workforce.
--
-- Portable SQL: runs on SQLite 3.40+ and PostgreSQL 15 unchanged.
--   ids        BIGINT primary keys, assigned by the application (stable, never reused)
--   dates      TEXT 'YYYY-MM-DD' (civil dates; PostgreSQL backend maps to DATE)
--   booleans   SMALLINT 0/1
--   codes      TEXT holding the DfE code ('C2', 'U6', 'N1'), checked by the typed enums in C++
--   money      BIGINT pence
--   fractions  DOUBLE PRECISION (SQLite gives it REAL affinity; PostgreSQL REAL would be 4-byte float)

-- Organisation ---------------------------------------------------------
CREATE TABLE council (
  id            BIGINT PRIMARY KEY,
  la_code       TEXT NOT NULL,          -- DfE 3-digit code, e.g. '873'
  ons_code      TEXT NOT NULL,          -- E-code, e.g. 'E06000031'
  name          TEXT NOT NULL
);

CREATE TABLE locality (
  id            BIGINT PRIMARY KEY,
  council_id    BIGINT NOT NULL REFERENCES council(id),
  name          TEXT NOT NULL
);

CREATE TABLE family_hub (
  id            BIGINT PRIMARY KEY,
  locality_id   BIGINT NOT NULL REFERENCES locality(id),
  name          TEXT NOT NULL,
  postcode      TEXT NOT NULL
);

CREATE TABLE learning_community (
  id            BIGINT PRIMARY KEY,
  locality_id   BIGINT NOT NULL REFERENCES locality(id),
  name          TEXT NOT NULL
);

CREATE TABLE school (
  id                    BIGINT PRIMARY KEY,
  learning_community_id BIGINT NOT NULL REFERENCES learning_community(id),
  name                  TEXT NOT NULL,
  phase                 TEXT NOT NULL,   -- primary | secondary | special
  postcode              TEXT NOT NULL
);

CREATE TABLE team (
  id            BIGINT PRIMARY KEY,
  locality_id   BIGINT REFERENCES locality(id),   -- NULL for council-wide teams (e.g. MASH)
  family_hub_id BIGINT REFERENCES family_hub(id),
  name          TEXT NOT NULL,
  team_type     TEXT NOT NULL    -- front_door | early_help | assessment | safeguarding | children_in_care | leaving_care | disability
);

-- A professional: council staff or a partner practitioner (SSD "professional").
CREATE TABLE worker (
  id            BIGINT PRIMARY KEY,
  team_id       BIGINT REFERENCES team(id),
  name          TEXT NOT NULL,
  role          TEXT NOT NULL,   -- social_worker | senior_practitioner | team_manager | family_support_worker | personal_adviser | health_visitor | ...
  agency        TEXT NOT NULL,   -- council | health | police | school | voluntary | youth
  contract      TEXT NOT NULL,   -- permanent | agency | partner
  fte           DOUBLE PRECISION NOT NULL,  -- REAL affinity in SQLite; 8 bytes in PostgreSQL (its REAL is 4)
  start_date    TEXT NOT NULL,
  leave_date    TEXT,
  leave_reason  TEXT
);

-- A worker's absence (sickness), for the workforce absence rate.
CREATE TABLE worker_absence (
  id            BIGINT PRIMARY KEY,
  worker_id     BIGINT NOT NULL REFERENCES worker(id),
  start_date    TEXT NOT NULL,
  end_date      TEXT NOT NULL,
  working_days  INTEGER NOT NULL
);

CREATE TABLE placement_provider (
  id                  BIGINT PRIMARY KEY,
  name                TEXT NOT NULL,
  provider_type       TEXT NOT NULL,   -- in_house_fostering | agency_fostering | kinship | in_house_residential | external_residential | supported_accommodation | secure | other
  provider_code       TEXT NOT NULL,   -- PLACE_PROVIDER: PR0..PR5
  postcode            TEXT NOT NULL,
  capacity            INTEGER NOT NULL,
  weekly_cost_pence   BIGINT NOT NULL
);

-- People and families ------------------------------------------------
CREATE TABLE address (
  id            BIGINT PRIMARY KEY,
  postcode      TEXT NOT NULL,
  easting       INTEGER,
  northing      INTEGER,
  locality_id   BIGINT REFERENCES locality(id)
);

CREATE TABLE person (
  id            BIGINT PRIMARY KEY,
  forename      TEXT NOT NULL,
  surname       TEXT NOT NULL,
  sex           TEXT NOT NULL,          -- CIN Sex: M | F | U
  birth_date    TEXT,                   -- NULL for an unborn child
  expected_birth_date TEXT,
  death_date    TEXT,
  ethnicity     TEXT NOT NULL,          -- SSDA903 ETHNIC
  upn           TEXT,
  uasc          SMALLINT NOT NULL DEFAULT 0,
  disability    TEXT NOT NULL DEFAULT 'NONE',  -- CIN Disability
  address_id    BIGINT REFERENCES address(id),
  school_id     BIGINT REFERENCES school(id),
  version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE family (
  id            BIGINT PRIMARY KEY,
  name          TEXT NOT NULL,
  address_id    BIGINT REFERENCES address(id),
  locality_id   BIGINT REFERENCES locality(id),
  family_hub_id BIGINT REFERENCES family_hub(id),
  version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE family_member (
  family_id     BIGINT NOT NULL REFERENCES family(id),
  person_id     BIGINT NOT NULL REFERENCES person(id),
  role          TEXT NOT NULL,          -- child | parent | step_parent | carer | grandparent | sibling | other_adult
  start_date    TEXT NOT NULL,
  end_date      TEXT,
  PRIMARY KEY (family_id, person_id, start_date)
);

-- The one trusted lead professional per family, with history.
CREATE TABLE lead_professional (
  id                 BIGINT PRIMARY KEY,
  family_id          BIGINT NOT NULL REFERENCES family(id),
  worker_id          BIGINT NOT NULL REFERENCES worker(id),
  start_date         TEXT NOT NULL,
  end_date           TEXT,
  reason_for_change  TEXT
);

-- Team around the family: multi-agency members.
CREATE TABLE taf_member (
  id            BIGINT PRIMARY KEY,
  family_id     BIGINT NOT NULL REFERENCES family(id),
  worker_id     BIGINT NOT NULL REFERENCES worker(id),
  agency        TEXT NOT NULL,          -- health | police | school | voluntary | youth | council
  start_date    TEXT NOT NULL,
  end_date      TEXT
);

-- Front door -----------------------------------------------------------
CREATE TABLE contact (
  id               BIGINT PRIMARY KEY,
  person_id        BIGINT NOT NULL REFERENCES person(id),
  family_id        BIGINT REFERENCES family(id),
  contact_date     TEXT NOT NULL,
  source           TEXT NOT NULL,       -- police | health | school | family | self | voluntary | anonymous | other_council
  decision         TEXT,                -- nfa | advice | signpost | early_help | referral | strategy_discussion
  decision_date    TEXT,
  worker_id        BIGINT REFERENCES worker(id)
);

-- The needs-led conversation with the referrer ("needs not thresholds"):
-- outcome flags, not a threshold level.
CREATE TABLE conversation (
  id                     BIGINT PRIMARY KEY,
  contact_id             BIGINT NOT NULL REFERENCES contact(id),
  conversation_date      TEXT NOT NULL,
  needs                  TEXT NOT NULL,  -- the family's needs in their words
  best_placed            TEXT,           -- who is best placed to help
  referrer_next_step     TEXT,           -- what the referrer will do next (they keep ownership)
  referrer_keeps_lead    SMALLINT NOT NULL DEFAULT 0,
  advice_given           SMALLINT NOT NULL DEFAULT 0,
  signposted             SMALLINT NOT NULL DEFAULT 0,
  alternative_to_referral SMALLINT NOT NULL DEFAULT 0
);

-- Early help ---------------------------------------------------------------
CREATE TABLE early_help_episode (
  id              BIGINT PRIMARY KEY,
  family_id       BIGINT NOT NULL REFERENCES family(id),
  contact_id      BIGINT REFERENCES contact(id),
  start_date      TEXT NOT NULL,
  end_date        TEXT,
  end_reason      TEXT,                 -- needs_met | step_up | disengaged | moved | other
  team_id         BIGINT REFERENCES team(id),
  stepped_down_from_cin BIGINT          -- cin_episode.id when this is a step-down
);

-- Statutory work -----------------------------------------------------------
-- Referral and CIN episode (SSD cin_episodes).
CREATE TABLE cin_episode (
  id                 BIGINT PRIMARY KEY,
  person_id          BIGINT NOT NULL REFERENCES person(id),
  contact_id         BIGINT REFERENCES contact(id),
  referral_date      TEXT NOT NULL,
  referral_source    TEXT NOT NULL,     -- CIN ReferralSource
  primary_need       TEXT,              -- CIN PrimaryNeedCode
  referral_nfa       SMALLINT NOT NULL DEFAULT 0,
  close_date         TEXT,
  reason_for_closure TEXT,              -- CIN ReasonForClosure
  stepped_up_from_eh BIGINT REFERENCES early_help_episode(id),
  version            BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE assessment (
  id                BIGINT PRIMARY KEY,
  cin_episode_id    BIGINT NOT NULL REFERENCES cin_episode(id),
  start_date        TEXT NOT NULL,
  authorised_date   TEXT,
  outcome           TEXT,               -- nfa | early_help | cin_plan | strategy_discussion
  worker_id         BIGINT REFERENCES worker(id)
);

CREATE TABLE assessment_factor (
  assessment_id     BIGINT NOT NULL REFERENCES assessment(id),
  factor            TEXT NOT NULL,      -- CIN AssessmentFactors
  PRIMARY KEY (assessment_id, factor)
);

CREATE TABLE cin_plan (
  id                BIGINT PRIMARY KEY,
  cin_episode_id    BIGINT NOT NULL REFERENCES cin_episode(id),
  start_date        TEXT NOT NULL,
  end_date          TEXT
);

CREATE TABLE strategy_discussion (
  id                BIGINT PRIMARY KEY,
  cin_episode_id    BIGINT NOT NULL REFERENCES cin_episode(id),
  discussion_date   TEXT NOT NULL
);

CREATE TABLE section47 (
  id                     BIGINT PRIMARY KEY,
  cin_episode_id         BIGINT NOT NULL REFERENCES cin_episode(id),
  strategy_discussion_id BIGINT REFERENCES strategy_discussion(id),
  start_date             TEXT NOT NULL,
  end_date               TEXT,
  icpc_required          SMALLINT NOT NULL DEFAULT 0
);

CREATE TABLE conference (
  id                BIGINT PRIMARY KEY,
  cin_episode_id    BIGINT NOT NULL REFERENCES cin_episode(id),
  section47_id      BIGINT REFERENCES section47(id),
  kind              TEXT NOT NULL,      -- initial | review
  conference_date   TEXT NOT NULL,
  plan_required     SMALLINT NOT NULL DEFAULT 0
);

CREATE TABLE cp_plan (
  id                BIGINT PRIMARY KEY,
  cin_episode_id    BIGINT NOT NULL REFERENCES cin_episode(id),
  person_id         BIGINT NOT NULL REFERENCES person(id),
  start_date        TEXT NOT NULL,
  end_date          TEXT,
  initial_category  TEXT NOT NULL,      -- CIN CategoryOfAbuse
  latest_category   TEXT NOT NULL
);

-- Looked after: a period of care holds legal statuses and placements; the
-- SSDA903 episodes are derived from them, never keyed.
CREATE TABLE cla_period (
  id                BIGINT PRIMARY KEY,
  person_id         BIGINT NOT NULL REFERENCES person(id),
  cin_episode_id    BIGINT REFERENCES cin_episode(id),
  start_date        TEXT NOT NULL,
  end_date          TEXT,
  reason_ceased     TEXT,               -- SSDA903 REC
  category_of_need  TEXT NOT NULL,      -- SSDA903 CIN (N1..N8)
  home_postcode     TEXT,
  version           BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE legal_status (
  id                BIGINT PRIMARY KEY,
  cla_period_id     BIGINT NOT NULL REFERENCES cla_period(id),
  start_date        TEXT NOT NULL,
  status            TEXT NOT NULL       -- SSDA903 LS
);

CREATE TABLE placement (
  id                   BIGINT PRIMARY KEY,
  cla_period_id        BIGINT NOT NULL REFERENCES cla_period(id),
  provider_id          BIGINT REFERENCES placement_provider(id),
  start_date           TEXT NOT NULL,
  end_date             TEXT,
  placement_type       TEXT NOT NULL,   -- SSDA903 PLACE
  provider_code        TEXT NOT NULL,   -- SSDA903 PLACE_PROVIDER
  postcode             TEXT,
  reason_change        TEXT,            -- SSDA903 REASON_PLACE_CHANGE
  weekly_cost_pence    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE cla_review (
  id                BIGINT PRIMARY KEY,
  cla_period_id     BIGINT NOT NULL REFERENCES cla_period(id),
  review_date       TEXT NOT NULL,
  participation     TEXT NOT NULL       -- SSDA903 REVIEW_CODE
);

CREATE TABLE health_check (
  id                BIGINT PRIMARY KEY,
  person_id         BIGINT NOT NULL REFERENCES person(id),
  kind              TEXT NOT NULL,      -- health_assessment | dental | gp_registration | dentist_registration
  check_date        TEXT NOT NULL
);

CREATE TABLE visit (
  id                BIGINT PRIMARY KEY,
  person_id         BIGINT NOT NULL REFERENCES person(id),
  worker_id         BIGINT REFERENCES worker(id),
  visit_date        TEXT NOT NULL,
  seen_alone        SMALLINT NOT NULL DEFAULT 0,
  context           TEXT NOT NULL       -- cin | cp | cla | care_leaver
);

CREATE TABLE missing_episode (
  id                BIGINT PRIMARY KEY,
  person_id         BIGINT NOT NULL REFERENCES person(id),
  start_date        TEXT NOT NULL,
  end_date          TEXT,
  missing_type      TEXT NOT NULL,      -- SSDA903 MISSING: M | A
  return_interview_offered SMALLINT NOT NULL DEFAULT 0
);

CREATE TABLE care_leaver (
  id                   BIGINT PRIMARY KEY,
  person_id            BIGINT NOT NULL REFERENCES person(id),
  personal_adviser_id  BIGINT REFERENCES worker(id),
  pathway_plan_date    TEXT,
  eligibility          TEXT NOT NULL    -- relevant | former_relevant | qualifying
);

-- In touch / activity / accommodation recorded around each birthday (SSDA903 OC3).
CREATE TABLE care_leaver_contact (
  id                BIGINT PRIMARY KEY,
  care_leaver_id    BIGINT NOT NULL REFERENCES care_leaver(id),
  contact_date      TEXT NOT NULL,
  in_touch          TEXT NOT NULL,      -- SSDA903 IN_TOUCH
  activity          TEXT NOT NULL,      -- SSDA903 ACTIV
  accommodation     TEXT NOT NULL       -- SSDA903 ACCOM
);

CREATE TABLE ehcp (
  id                BIGINT PRIMARY KEY,
  person_id         BIGINT NOT NULL REFERENCES person(id),
  request_date      TEXT NOT NULL,
  plan_date         TEXT,
  end_date          TEXT
);

-- Who worked with the child, when, and why it changed (SSD involvements).
CREATE TABLE involvement (
  id                 BIGINT PRIMARY KEY,
  person_id          BIGINT NOT NULL REFERENCES person(id),
  worker_id          BIGINT NOT NULL REFERENCES worker(id),
  team_id            BIGINT REFERENCES team(id),
  role               TEXT NOT NULL,     -- allocated_social_worker | family_support_worker | personal_adviser
  start_date         TEXT NOT NULL,
  end_date           TEXT,
  reason_for_change  TEXT               -- why this allocation began (the change from the previous worker): worker_left | team_transfer | step_up | step_down | caseload | family_request | other; NULL for a first allocation
);

-- Access -----------------------------------------------------------------
CREATE TABLE app_user (
  id              BIGINT PRIMARY KEY,
  username        TEXT NOT NULL UNIQUE,
  password_hash   TEXT NOT NULL,          -- argon2id (libsodium crypto_pwhash_str)
  role            TEXT NOT NULL,          -- practitioner | team_manager | locality_manager | partner_practitioner | performance_analyst | councillor | administrator
  worker_id       BIGINT REFERENCES worker(id),
  display_name    TEXT NOT NULL
);

CREATE TABLE user_session (
  token_hash      TEXT PRIMARY KEY,       -- hash of the cookie value; the token itself is never stored
  user_id         BIGINT NOT NULL REFERENCES app_user(id),
  csrf_token      TEXT NOT NULL,
  created_at      TEXT NOT NULL,          -- UTC timestamp, ISO 8601
  expires_at      TEXT NOT NULL
);

-- Audit: append-only and hash-chained; see src/audit/audit_log.h.
CREATE TABLE audit_entry (
  seq             BIGINT PRIMARY KEY,
  at              TEXT NOT NULL,          -- UTC timestamp, ISO 8601
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL,          -- read | create | update | delete | sign_in | ...
  entity          TEXT NOT NULL,
  entity_id       TEXT NOT NULL,
  reason          TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);

-- The chain's head, MACed with the audit key, so that deleting the newest
-- entries is detected too.
CREATE TABLE audit_head (
  id              SMALLINT PRIMARY KEY CHECK (id = 1),
  seq             BIGINT NOT NULL,
  hash            TEXT NOT NULL,
  mac             TEXT NOT NULL
);

-- Indexes for the reads the services make.
CREATE INDEX idx_person_address ON person(address_id);
CREATE INDEX idx_family_member_person ON family_member(person_id);
CREATE INDEX idx_contact_person ON contact(person_id);
CREATE INDEX idx_cin_person ON cin_episode(person_id);
CREATE INDEX idx_assessment_cin ON assessment(cin_episode_id);
CREATE INDEX idx_s47_cin ON section47(cin_episode_id);
CREATE INDEX idx_conference_cin ON conference(cin_episode_id);
CREATE INDEX idx_cp_plan_person ON cp_plan(person_id);
CREATE INDEX idx_cla_person ON cla_period(person_id);
CREATE INDEX idx_placement_period ON placement(cla_period_id);
CREATE INDEX idx_legal_status_period ON legal_status(cla_period_id);
CREATE INDEX idx_review_period ON cla_review(cla_period_id);
CREATE INDEX idx_visit_person ON visit(person_id);
CREATE INDEX idx_missing_person ON missing_episode(person_id);
CREATE INDEX idx_involvement_person ON involvement(person_id);
CREATE INDEX idx_involvement_worker ON involvement(worker_id, end_date);
CREATE INDEX idx_worker_team ON worker(team_id);
CREATE INDEX idx_eh_family ON early_help_episode(family_id);
CREATE INDEX idx_lead_prof_family ON lead_professional(family_id);
CREATE INDEX idx_audit_entity ON audit_entry(entity, entity_id);
