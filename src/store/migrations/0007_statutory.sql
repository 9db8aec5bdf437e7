-- Statutory work forms, management authorisation and the voice of the child
-- (issue 4, parts 4, 6 and 11). Portable SQL as in 0001: BIGINT ids assigned
-- by the application, ISO TEXT dates, 0/1 SMALLINT booleans.

-- New facts go in tables of their own, keyed by the row they describe, so
-- that rows written positionally elsewhere (imports, fixtures) keep working.

-- An assessment is completed by the worker (factors and outcome), then
-- authorised by a manager (authorisation below); only then does it count as done.
CREATE TABLE assessment_completion (
  assessment_id   BIGINT PRIMARY KEY REFERENCES assessment(id),
  completed_date  TEXT NOT NULL,
  completed_by    TEXT NOT NULL           -- username
);

-- The outcome of a section 47 enquiry.
CREATE TABLE section47_outcome (
  section47_id    BIGINT PRIMARY KEY REFERENCES section47(id),
  outcome         TEXT NOT NULL           -- icpc | cin_plan | nfa | continue_assessment
);

-- Whether the child was seen at a visit recorded through the forms (a visit
-- without a row here, from an import, counts as seen).
CREATE TABLE visit_seen (
  visit_id        BIGINT PRIMARY KEY REFERENCES visit(id),
  seen            SMALLINT NOT NULL
);

-- The voice of the child: what the child said they wish and feel, in their
-- words, at a visit, a looked-after review or a conference.
CREATE TABLE child_voice (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  recorded_on     TEXT NOT NULL,
  source          TEXT NOT NULL,          -- visit | cla_review | conference
  source_id       BIGINT NOT NULL,
  words           TEXT NOT NULL
);
CREATE INDEX idx_child_voice_person ON child_voice(person_id);

-- Work that needs a manager's authorisation before it counts as complete:
-- assessments, plans (CIN and CP) and closures of CIN episodes. A closure
-- holds the requested date and reason here until authorised, when the
-- episode closes with them.
CREATE TABLE authorisation (
  id              BIGINT PRIMARY KEY,
  kind            TEXT NOT NULL,          -- assessment | cin_plan | cp_plan | closure
  entity_id       BIGINT NOT NULL,        -- assessment.id | cin_plan.id | cp_plan.id | cin_episode.id
  person_id       BIGINT NOT NULL REFERENCES person(id),
  requested_on    TEXT NOT NULL,
  requested_by    TEXT NOT NULL,          -- username
  closure_date    TEXT,                   -- closures only
  closure_reason  TEXT,                   -- closures only: CIN ReasonForClosure
  decision        TEXT,                   -- NULL while awaiting | authorised | returned
  decided_on      TEXT,
  decided_by      TEXT,
  note            TEXT                    -- why it was returned, or a manager's comment
);
CREATE INDEX idx_authorisation_person ON authorisation(person_id);
CREATE INDEX idx_authorisation_open ON authorisation(decision, kind);

-- Feedback on the service from a child, young person or family member.
CREATE TABLE service_feedback (
  id              BIGINT PRIMARY KEY,
  person_id       BIGINT NOT NULL REFERENCES person(id),
  received_on     TEXT NOT NULL,
  from_whom       TEXT NOT NULL,          -- child | parent | carer | other
  rating          SMALLINT NOT NULL,      -- 1 (very poor) to 5 (very good)
  comments        TEXT NOT NULL,
  recorded_by     TEXT NOT NULL           -- username
);
CREATE INDEX idx_feedback_person ON service_feedback(person_id);
