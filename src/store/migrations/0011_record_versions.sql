-- Kith case record, version 11: a version on every record that practitioners
-- and managers change after creating it (optimistic concurrency, issue 8).
-- An UPDATE of these tables names the version the person started from and
-- moves it on (SET ..., version = version + 1 WHERE id = ? AND version = ?);
-- no row matched means someone else saved first, and the save is refused as
-- a conflict instead of losing their change. tests/lifecycle/versioned_updates_test.cpp
-- checks every UPDATE in src/ against this rule.
-- Portable SQL (SQLite 3.40 and PostgreSQL 15): BIGINT as the versions of 0001.
-- Existing rows start at version 1.
ALTER TABLE early_help_episode ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE assessment ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE section47 ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE cp_plan ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE placement ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE care_leaver ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE authorisation ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE contact ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
