-- Kith case record, version 6: what the statutory returns carry that case
-- work does not otherwise record. Filled by `kith import` (a council's
-- returns from its previous system) and read by the projections
-- (src/returns/projection), so that re-exporting gives back the same returns.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15), conventions as in 0001.

-- Scalar return fields of one record, as the previous system reported them:
-- (person, LAchildID), (person, MOTHER), (person, MC_DOB), (person, DUC),
-- (person, UPNunknown), (person, FormerUPN), (placement, URN),
-- (placement, SAME_CARER) = 1 when the carer(s) stayed (RNE U/B),
-- (section47, InitialCPCtarget), (cp_plan, NumberOfPreviousCPP),
-- (assessment, AssessmentInternalReviewDate), (cin_episode, DateOfInitialCPC).
-- One row per field; a missing row means "derive it from the record".
CREATE TABLE return_field (
  entity        TEXT NOT NULL,      -- the case-record table: person | placement | section47 | ...
  entity_id     BIGINT NOT NULL,
  field         TEXT NOT NULL,      -- the return's field name
  value         TEXT NOT NULL,
  PRIMARY KEY (entity, entity_id, field)
);

-- A period of care whose category of need or home postcode changed part-way
-- (the SSDA903 CIN and HOME_POST of the episodes starting on or after start_date).
CREATE TABLE cla_period_change (
  id                BIGINT PRIMARY KEY,
  cla_period_id     BIGINT NOT NULL REFERENCES cla_period(id),
  start_date        TEXT NOT NULL,
  category_of_need  TEXT NOT NULL,
  home_postcode     TEXT
);

-- SSDA903 OC2: health and offending outcomes of a child looked after for 12
-- months at 31 March, as reported for collection_year (ending March).
CREATE TABLE health_outcome (
  id                    BIGINT PRIMARY KEY,
  person_id             BIGINT NOT NULL REFERENCES person(id),
  collection_year       INTEGER NOT NULL,
  sdq_score             TEXT,
  sdq_reason            TEXT,
  convicted             TEXT,
  health_check          TEXT,
  immunisations         TEXT,
  teeth_check           TEXT,
  health_assessment     TEXT,
  substance_misuse      TEXT,
  intervention_received TEXT,
  intervention_offered  TEXT
);

-- SSDA903 AD1: the adoption of a child who left care adopted.
CREATE TABLE adoption (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  collection_year INTEGER,          -- the year it was reported in; NULL when recorded in Kith
  date_int        TEXT,             -- decision that the child should be placed for adoption
  date_match      TEXT,             -- matched with adopters
  foster_care     TEXT,             -- adopted by former foster carers (0/1)
  nb_adoptr       TEXT,             -- one or two adopters
  sex_adoptr      TEXT,
  ls_adoptr       TEXT
);

-- SSDA903 PlacedAdoption: a decision that the child should be placed for adoption.
CREATE TABLE adoption_decision (
  id                    BIGINT PRIMARY KEY,
  person_id             BIGINT NOT NULL REFERENCES person(id),
  collection_year       INTEGER,
  date_placed           TEXT NOT NULL,
  date_placed_ceased    TEXT,
  reason_placed_ceased  TEXT
);

-- SSDA903 PrevPerm: the child's previous permanence arrangement before care.
CREATE TABLE previous_permanence (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  collection_year INTEGER,
  prev_perm       TEXT NOT NULL,
  la_perm         TEXT,
  date_perm       TEXT              -- as reported: the DfE allows a partial date
);

-- SSDA903 SWEpisodes as reported by a previous system (Kith's own come from involvement).
CREATE TABLE social_worker_episode (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  sw_id           TEXT NOT NULL,
  start_date      TEXT NOT NULL,
  end_date        TEXT,
  reason          TEXT
);

-- SSDA903 DoLo (from 2026/27): deprivation of liberty orders.
CREATE TABLE deprivation_of_liberty (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  start_date      TEXT NOT NULL,
  end_date        TEXT
);
