-- Transformation planning (issue 7): scenarios saved by name, so that
-- directors can compare them side by side and track one once agreed.
CREATE TABLE planning_scenario (
  name          TEXT PRIMARY KEY,
  definition    TEXT NOT NULL,       -- JSON: entries_factor, exits_factor, step_down_per_year, in_house_shift, reinvest_share, target
  saved_on      TEXT NOT NULL        -- ISO date
);
