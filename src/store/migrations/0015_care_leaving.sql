-- Kith case record, version 15: council settings, first the date from which the
-- care plan deadline applies (issue 4: ending a period of care and the remaining
-- case-work gaps; docs/CASEWORK.md "Ending a period of care, leaving care
-- eligibility and the care plan deadline").
--
-- The care plan is due within 10 working days of the start of a period of care
-- (Care Planning Regulations 2010, reg 4(2)). Applied to every period already in
-- the record it would make each imported or older child overdue, so it applies
-- only to periods of care that start on or after 'care_plan_deadline_from'. The
-- default is a fixed go-live date, 2026-04-01 (the start of collection year
-- 2026/27), so that every store migrated before or after that day behaves the
-- same; a council changes it with casework::set_care_plan_deadline_from (audited,
-- version-checked). Deleting the row switches the rule off.
--
-- Portable SQL (SQLite 3.40 and PostgreSQL 15): application-assigned BIGINT ids,
-- ISO dates as TEXT, a version for optimistic concurrency like 0011's tables.
CREATE TABLE council_setting (
  id       BIGINT PRIMARY KEY,
  name     TEXT NOT NULL UNIQUE,
  value    TEXT NOT NULL,
  version  BIGINT NOT NULL DEFAULT 1
);
INSERT INTO council_setting (id, name, value, version) VALUES (1, 'care_plan_deadline_from', '2026-04-01', 1);
