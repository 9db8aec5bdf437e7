-- Recovery codes for the one-time code (issue 8): ten single-use codes shown
-- once when a code is set up, usable instead of a code from the app when the
-- phone is lost. Only a salted BLAKE2b-256 hash of each is kept (the codes are
-- 80 random bits, so a fast hash is enough, as for session tokens). A code is
-- deleted when it is used, so rows are never updated.
CREATE TABLE totp_recovery_code (
  id            BIGINT PRIMARY KEY,
  user_id       BIGINT NOT NULL REFERENCES app_user(id),
  salt          TEXT NOT NULL,
  code_hash     TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX idx_totp_recovery_code_user ON totp_recovery_code(user_id);
