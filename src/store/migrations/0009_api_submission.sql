-- Kith case record, version 9: what was last sent to the DfE children's social
-- care API for each child (src/returns/dfe_api), so that the next run sends
-- only the children whose record changed (delta) and purges the children who
-- left the cohort. Portable SQL (SQLite 3.40 and PostgreSQL 15), as in 0001.
-- No foreign key to person: a purge must still be sent for a person whose
-- record was removed.
CREATE TABLE api_submission (
  person_id     BIGINT PRIMARY KEY,   -- the Kith person id (the API's mis_child_id)
  la_child_id   TEXT NOT NULL,        -- the id sent as la_child_id
  hash          TEXT NOT NULL,        -- SHA-256 (hex) of the canonical JSON of the full record sent
  payload       TEXT NOT NULL,        -- that full record, to build the next partial (delta) record
  submitted_at  TEXT NOT NULL         -- UTC timestamp, ISO 8601, of the run that wrote it
);
