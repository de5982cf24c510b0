-- Initial schema: units of the reporting hierarchies, users with role grants on
-- a unit scope, and the hash-chained audit log every write lands in.
-- Issues #2 (platform foundation) and #3 (organisation and access).
-- SQLite dialect; V202611211200__initial_schema.pg.sql is the PostgreSQL twin.

-- A unit of a reporting hierarchy. Codes are reused across the 2025 reform
-- with a different territory, so a unit is identified by (code, valid_from)
-- and looked up "as of" a date; valid_to is inclusive. Dates are ISO text.
CREATE TABLE unit (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL,
  name_vi         TEXT NOT NULL,
  name_en         TEXT NOT NULL DEFAULT '',
  unit_type       TEXT NOT NULL CHECK (unit_type IN ('nation', 'ministry', 'sector', 'province', 'district', 'commune', 'agency')),
  category        TEXT NOT NULL DEFAULT '',
  hierarchy       TEXT NOT NULL DEFAULT 'territorial',
  parent_id       INTEGER REFERENCES unit (id),
  location_id     INTEGER REFERENCES unit (id),
  valid_from      TEXT NOT NULL DEFAULT '0001-01-01',
  valid_to        TEXT NOT NULL DEFAULT '9999-12-31',
  created_at      TEXT NOT NULL,
  UNIQUE (code, valid_from),
  CHECK (valid_from <= valid_to)
);
CREATE INDEX unit_parent_idx ON unit (parent_id);
CREATE INDEX unit_code_idx ON unit (code, valid_to);

CREATE TABLE app_user (
  id             INTEGER PRIMARY KEY,
  login          TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL,
  email          TEXT NOT NULL DEFAULT '',
  unit_id        INTEGER NOT NULL REFERENCES unit (id),
  password_hash  TEXT NOT NULL,
  disabled       INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  password_changed_at  TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

CREATE TABLE user_role (
  user_id  INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('administrator', 'manager', 'editor', 'approver', 'viewer')),
  unit_id  INTEGER NOT NULL REFERENCES unit (id),
  PRIMARY KEY (user_id, role, unit_id)
);

-- Append-only audit log; each entry carries the hash of the previous one
-- (hash = SHA-256 over prev_hash and the entry's fields), and audit_head holds
-- the newest seq and hash, so deletions at the end are detected too.
CREATE TABLE audit_event (
  seq          INTEGER PRIMARY KEY,
  occurred_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  request_id   TEXT NOT NULL DEFAULT '',
  action       TEXT NOT NULL,
  entity_type  TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  unit_id      INTEGER,
  before_json  TEXT,
  after_json   TEXT,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
);
CREATE TABLE audit_head (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  seq   INTEGER NOT NULL,
  hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '');
CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, occurred_at);
CREATE INDEX audit_event_time_idx ON audit_event (occurred_at);
