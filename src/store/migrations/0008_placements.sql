-- Kith case record, version 8: the placement provider register's details
-- and partners' consent and entries (issue 4, parts 8 and 10).
-- Portable SQL (SQLite 3.40 and PostgreSQL 15), conventions as in 0001.
-- Side tables rather than new columns on placement_provider and taf_member,
-- so that existing writers (the generator, test fixtures that insert by
-- position) keep working; a provider or member with no row takes the defaults
-- described below.

-- A provider's registration: approval, who it may take, and a version for
-- optimistic concurrency on edits. No row: approved, ages 0 to 17, any sex.
-- Capacity and weekly cost stay on placement_provider; the Ofsted URN stays in
-- return_field (placement_provider, URN), where the SSDA903 export reads it.
CREATE TABLE provider_registration (
  provider_id       BIGINT PRIMARY KEY REFERENCES placement_provider(id),
  approval_status   TEXT NOT NULL,       -- approved | pending | suspended | deregistered
  approval_date     TEXT,
  min_age           INTEGER NOT NULL,    -- youngest age in years the provider is approved for
  max_age           INTEGER NOT NULL,    -- oldest (17: children's placements end at 18)
  sex_restriction   TEXT NOT NULL,       -- '' any | M | F (CIN Sex codes)
  version           BIGINT NOT NULL
);

-- The family's consent to share information with one member of the team
-- around the family. No row: consent given on the member's start date (joining
-- the team around the family is done with the family's agreement) and not
-- withdrawn. A withdrawn date ends the partner's access from that day.
CREATE TABLE taf_consent (
  taf_member_id     BIGINT PRIMARY KEY REFERENCES taf_member(id),
  given_date        TEXT NOT NULL,
  withdrawn_date    TEXT,
  recorded_by       TEXT NOT NULL        -- username
);

-- A partner practitioner's own entry in a family's chronology (a note or a
-- contribution to the team around the family), labelled with their agency.
CREATE TABLE partner_note (
  id                BIGINT PRIMARY KEY,
  family_id         BIGINT NOT NULL REFERENCES family(id),
  person_id         BIGINT REFERENCES person(id),   -- the child it is about; NULL for the whole family
  worker_id         BIGINT NOT NULL REFERENCES worker(id),
  agency            TEXT NOT NULL,       -- health | school | police | voluntary | youth
  note_date         TEXT NOT NULL,
  summary           TEXT NOT NULL
);
CREATE INDEX idx_partner_note_family ON partner_note(family_id);
-- Current children per provider are counted from open placements.
CREATE INDEX idx_placement_provider ON placement(provider_id);
