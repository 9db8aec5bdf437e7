-- The transformation programme tracker (issue 6): phases, milestones with
-- owners and status, and the measures each milestone is meant to move, with a
-- target (a value or a range) and a date. Baselines are not typed: they are
-- computed live from the case record on baseline_date.
CREATE TABLE programme (
  id            BIGINT PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  description   TEXT NOT NULL DEFAULT '',
  source        TEXT NOT NULL DEFAULT '',   -- where the programme was agreed (minutes, report)
  version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE programme_phase (
  id            BIGINT PRIMARY KEY,
  programme_id  BIGINT NOT NULL REFERENCES programme(id),
  position      INTEGER NOT NULL,           -- order within the programme, from 1
  name          TEXT NOT NULL,
  start_date    TEXT,
  end_date      TEXT
);

CREATE TABLE programme_milestone (
  id            BIGINT PRIMARY KEY,
  phase_id      BIGINT NOT NULL REFERENCES programme_phase(id),
  position      INTEGER NOT NULL,
  title         TEXT NOT NULL,
  owner_role    TEXT NOT NULL,              -- e.g. 'Director of Children''s Services'
  owner_name    TEXT NOT NULL DEFAULT '',
  due_date      TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('not_started', 'on_track', 'at_risk', 'off_track', 'done')),
  version       BIGINT NOT NULL DEFAULT 1
);

CREATE TABLE milestone_measure (
  id                BIGINT PRIMARY KEY,
  milestone_id      BIGINT NOT NULL REFERENCES programme_milestone(id),
  position          INTEGER NOT NULL,
  indicator_id      TEXT NOT NULL,          -- an id of the indicator catalogue (src/insight/indicators.h)
  quantity          TEXT NOT NULL CHECK (quantity IN ('value', 'count')),  -- the indicator's value, or its numerator
  baseline_date     TEXT NOT NULL,          -- the baseline is the live figure for the quarter ending here
  target_low        DOUBLE PRECISION NOT NULL,
  target_high       DOUBLE PRECISION,       -- NULL: a single value, not a range
  target_date       TEXT NOT NULL,
  direction         TEXT NOT NULL CHECK (direction IN ('down', 'up', 'within')),
  reference_baseline DOUBLE PRECISION       -- the baseline the target was set against (697 in the minutes); the target then scales to the live baseline
);
