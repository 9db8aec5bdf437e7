-- Kith case record, version 16: indexes for the child-scoped returns projection
-- (src/returns/projection, CouncilPeople::scoped). The child record page checks
-- the child's SSDA903 and CIN record as they would be returned (the "Return
-- checks" panel); each read of that projection names the child, and without
-- these indexes each of them scanned a national table whatever the child
-- (docs/PERFORMANCE.md "Case work page latency"). Portable SQL as in 0001.
-- The 0006 return tables, read per child by the 903 projection:
CREATE INDEX idx_adoption_person ON adoption(person_id);
CREATE INDEX idx_adoption_decision_person ON adoption_decision(person_id);
CREATE INDEX idx_previous_permanence_person ON previous_permanence(person_id);
CREATE INDEX idx_social_worker_episode_person ON social_worker_episode(person_id);
CREATE INDEX idx_deprivation_of_liberty_person ON deprivation_of_liberty(person_id);
-- changes of category of need or home postcode within a child's periods of care:
CREATE INDEX idx_cla_period_change_period ON cla_period_change(cla_period_id);
