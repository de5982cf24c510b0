-- In-app notifications (issue #4): reminders of reports due at 7 and 3 days,
-- on the last day and after the deadline; one per (user, dedupe key).
-- SQLite dialect; the .pg.sql file is the PostgreSQL twin.
CREATE TABLE notification (
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  kind        TEXT NOT NULL,
  dedupe_key  TEXT NOT NULL,
  title_vi    TEXT NOT NULL,
  title_en    TEXT NOT NULL DEFAULT '',
  link        TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  read_at     TEXT,
  UNIQUE (user_id, dedupe_key)
);
CREATE INDEX notification_user_idx ON notification (user_id, created_at);
