-- Sign-in security (issue 8, part 4): idle time-out and the second sign-in
-- step on sessions, failed sign-ins for the account lockout, time-based
-- one-time password secrets, and forms kept across a session time-out.
-- Portable SQL as in 0001: BIGINT ids assigned by the application, UTC
-- 'YYYY-MM-DDTHH:MM:SSZ' timestamps compared as strings, 0/1 booleans.

-- When the session last served a request (idle time-out), and how far the
-- sign-in has got: 'full', 'code' (password right, one-time code still due)
-- or 'enrol' (password right, must set up a one-time code first).
ALTER TABLE user_session ADD COLUMN last_seen_at TEXT;
ALTER TABLE user_session ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';

-- One row per failed sign-in, by the username typed (known or not, so the
-- lockout says nothing about which usernames exist). Cleared on success.
CREATE TABLE sign_in_failure (
  id            BIGINT PRIMARY KEY,
  username      TEXT NOT NULL,
  failed_at     TEXT NOT NULL
);
CREATE INDEX idx_sign_in_failure_user ON sign_in_failure(username, failed_at);

-- A user's TOTP secret (RFC 6238, base32). confirmed = 1 once a code made
-- from it was accepted; last_step is the newest 30-second step used, so a
-- code cannot be replayed.
CREATE TABLE totp_credential (
  user_id       BIGINT PRIMARY KEY REFERENCES app_user(id),
  secret        TEXT NOT NULL,
  confirmed     INTEGER NOT NULL DEFAULT 0,
  last_step     BIGINT NOT NULL DEFAULT 0,
  created_at    TEXT NOT NULL
);

-- A form that arrived on a timed-out session, kept for the same user to
-- finish after signing in again. The cookie holds the token; only its hash
-- is stored. Rows older than an hour are ignored and removed.
CREATE TABLE kept_form (
  id            BIGINT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,
  user_id       BIGINT NOT NULL REFERENCES app_user(id),
  path          TEXT NOT NULL,
  fields        TEXT NOT NULL,          -- JSON object of field name -> value, CSRF token removed
  kept_at       TEXT NOT NULL
);
