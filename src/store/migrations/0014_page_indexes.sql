-- Kith case record, version 14: indexes for the case work pages on a national-
-- scale store (issues 4 and 8: a child's record p99 < 20 ms, a locality's
-- worklist < 50 ms; docs/PERFORMANCE.md "Case work page latency"). Each one
-- replaces a scan of a national table that EXPLAIN QUERY PLAN showed on a page:
-- EHC plans are looked up per child (due tasks, transition, chronology, SEND);
CREATE INDEX idx_ehcp_person ON ehcp(person_id);
-- strategy discussions per episode (the chronology, initial conferences due);
CREATE INDEX idx_strategy_cin ON strategy_discussion(cin_episode_id);
-- the team around a family, by family (chronology, partner access) and by worker (My work);
CREATE INDEX idx_taf_member_family ON taf_member(family_id);
CREATE INDEX idx_taf_member_worker ON taf_member(worker_id);
-- the families a lead professional leads (My work);
CREATE INDEX idx_lead_prof_worker ON lead_professional(worker_id);
-- a team's and a locality's open allocations (worklists, manager access), and a
-- locality's teams (worklists, caseloads: without it the worker table is scanned);
CREATE INDEX idx_involvement_team ON involvement(team_id, end_date);
CREATE INDEX idx_team_locality ON team(locality_id);
-- a locality's children and families (the locality overview's counts).
CREATE INDEX idx_address_locality ON address(locality_id);
CREATE INDEX idx_family_locality ON family(locality_id);
