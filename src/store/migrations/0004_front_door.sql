-- The front door, routing, early help and the public directory (issue 4,
-- parts 1, 2, 3 and 9). Portable SQL as in 0001: BIGINT ids assigned by the
-- application, ISO TEXT dates and UTC timestamps, 0/1 SMALLINT booleans.

-- Contact: when it came in and when it was decided (UTC 'YYYY-MM-DDTHH:MM:SSZ'),
-- so contact-to-decision time is kept to the minute; who brought it; where a
-- signpost sent the family.
ALTER TABLE contact ADD COLUMN received_at TEXT;
ALTER TABLE contact ADD COLUMN decided_at TEXT;
ALTER TABLE contact ADD COLUMN referrer_name TEXT;
ALTER TABLE contact ADD COLUMN referrer_organisation TEXT;
ALTER TABLE contact ADD COLUMN decision_reason TEXT;
ALTER TABLE contact ADD COLUMN signpost_service_id BIGINT;

-- Partner checks made by the MASH before the decision.
CREATE TABLE partner_check (
  id            BIGINT PRIMARY KEY,
  contact_id    BIGINT NOT NULL REFERENCES contact(id),
  agency        TEXT NOT NULL,          -- police | health | education | housing | probation | adult_social_care | other
  finding       TEXT NOT NULL,          -- what the partner holds, in their words ("nothing known" is a finding)
  checked_on    TEXT NOT NULL
);
CREATE INDEX idx_partner_check_contact ON partner_check(contact_id);

-- Routing: the locality, hub and team suggested for a family at a contact,
-- and every reassignment by a manager with the reason. The newest row is
-- the family's current routing; older rows are the history.
CREATE TABLE routing (
  id             BIGINT PRIMARY KEY,
  family_id      BIGINT NOT NULL REFERENCES family(id),
  contact_id     BIGINT REFERENCES contact(id),
  locality_id    BIGINT REFERENCES locality(id),
  family_hub_id  BIGINT REFERENCES family_hub(id),
  team_id        BIGINT REFERENCES team(id),
  basis          TEXT NOT NULL,          -- postcode | school | postcode_district | manager
  recorded_on    TEXT NOT NULL,
  recorded_by    TEXT NOT NULL,          -- username
  reason         TEXT                    -- required for a manager's reassignment
);
CREATE INDEX idx_routing_family ON routing(family_id);

-- Early help: the family plan (outcomes and the actions towards them) and reviews.
CREATE TABLE early_help_plan_item (
  id                     BIGINT PRIMARY KEY,
  early_help_episode_id  BIGINT NOT NULL REFERENCES early_help_episode(id),
  outcome                TEXT NOT NULL,  -- what the family wants to be different, in their words
  action                 TEXT NOT NULL,  -- what will be done
  owner                  TEXT NOT NULL,  -- who does it (a TAF member, the family)
  due_date               TEXT,
  recorded_on            TEXT NOT NULL
);
CREATE INDEX idx_eh_plan_episode ON early_help_plan_item(early_help_episode_id);

CREATE TABLE early_help_review (
  id                     BIGINT PRIMARY KEY,
  early_help_episode_id  BIGINT NOT NULL REFERENCES early_help_episode(id),
  review_date            TEXT NOT NULL,
  progress               TEXT NOT NULL,  -- what has changed for the family
  decision               TEXT NOT NULL,  -- continue | close | step_up
  next_review_date       TEXT
);
CREATE INDEX idx_eh_review_episode ON early_help_review(early_help_episode_id);

-- The family services directory: family hubs and other services, public.
CREATE TABLE directory_service (
  id              BIGINT PRIMARY KEY,
  family_hub_id   BIGINT REFERENCES family_hub(id),   -- set for a family hub's own entry
  name            TEXT NOT NULL,
  description     TEXT NOT NULL,
  address         TEXT NOT NULL,
  postcode        TEXT NOT NULL,
  easting         INTEGER,
  northing        INTEGER,
  opening_times   TEXT NOT NULL,          -- e.g. "Monday to Friday 9am to 5pm"
  phone           TEXT,
  email           TEXT,
  website         TEXT
);

-- What a directory entry offers (one row per service offered), for the filter.
CREATE TABLE directory_offer (
  service_id      BIGINT NOT NULL REFERENCES directory_service(id),
  offer           TEXT NOT NULL,          -- parenting | early_years | health_visiting | send | mental_health | domestic_abuse | money_housing | youth | infant_feeding
  PRIMARY KEY (service_id, offer)
);

-- Where a service also runs sessions (libraries, schools, community centres).
CREATE TABLE outreach_venue (
  id              BIGINT PRIMARY KEY,
  service_id      BIGINT NOT NULL REFERENCES directory_service(id),
  name            TEXT NOT NULL,
  address         TEXT NOT NULL,
  postcode        TEXT NOT NULL,
  sessions        TEXT NOT NULL           -- e.g. "Stay and play, Tuesdays 10am to 11:30am"
);
CREATE INDEX idx_outreach_service ON outreach_venue(service_id);
