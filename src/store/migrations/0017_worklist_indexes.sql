-- Kith case record, version 17: covering indexes for the locality worklist, the
-- locality overview and the placement search on a national-scale store (issue 4:
-- a locality's worklist < 50 ms; docs/PERFORMANCE.md "Case work page latency").
-- Each replaces a single-column index of 0001/0014 that is its first column, so
-- writes keep the same number of indexes. A covering index answers the query
-- from the index alone: without it each of a locality's 2,500 children cost an
-- index probe and then a read of the table row for one more column.
--
-- A team's (and so a locality's) open allocations and whose they are: the set of
-- children every rule of a worklist is asked for (casework/due_tasks.h).
CREATE INDEX idx_involvement_team_open ON involvement(team_id, end_date, role, person_id);
DROP INDEX idx_involvement_team;
-- A child's open CIN episode, CP plan and period of care (the due-task rules,
-- the locality overview's counts, the child's stage):
CREATE INDEX idx_cin_person_open ON cin_episode(person_id, close_date, id);
DROP INDEX idx_cin_person;
CREATE INDEX idx_cp_plan_person_open ON cp_plan(person_id, end_date, start_date, cin_episode_id);
DROP INDEX idx_cp_plan_person;
CREATE INDEX idx_cla_person_open ON cla_period(person_id, end_date, start_date, id);
DROP INDEX idx_cla_person;
-- The people living at an address with their ids (the locality overview walks
-- every person of the locality's addresses), and their contacts by date.
CREATE INDEX idx_person_address_id ON person(address_id, id);
DROP INDEX idx_person_address;
CREATE INDEX idx_contact_person_date ON contact(person_id, contact_date);
DROP INDEX idx_contact_person;
