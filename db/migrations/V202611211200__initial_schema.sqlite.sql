-- Initial schema: the reporting-tree root table, users with role grants on a
-- unit scope, and the audit log every write lands in. Issue #2 (platform
-- foundation); later migrations extend these tables (issue #3 and on).
-- SQLite dialect; V202611211200__initial_schema.pg.sql is the PostgreSQL twin.

CREATE TABLE unit (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name_vi     TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  unit_type   TEXT NOT NULL,
  parent_id   INTEGER REFERENCES unit (id),
  valid_from  TEXT,
  valid_to    TEXT,
  created_at  TEXT NOT NULL
);
CREATE INDEX unit_parent_idx ON unit (parent_id);

CREATE TABLE app_user (
  id             INTEGER PRIMARY KEY,
  login          TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL,
  email          TEXT NOT NULL DEFAULT '',
  unit_id        INTEGER NOT NULL REFERENCES unit (id),
  password_hash  TEXT NOT NULL,
  disabled       INTEGER NOT NULL DEFAULT 0,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);

CREATE TABLE user_role (
  user_id  INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  role     TEXT NOT NULL CHECK (role IN ('administrator', 'manager', 'editor', 'approver', 'viewer')),
  unit_id  INTEGER NOT NULL REFERENCES unit (id),
  PRIMARY KEY (user_id, role, unit_id)
);

CREATE TABLE audit_event (
  id           INTEGER PRIMARY KEY,
  occurred_at  TEXT NOT NULL,
  actor        TEXT NOT NULL,
  request_id   TEXT NOT NULL DEFAULT '',
  action       TEXT NOT NULL,
  entity_type  TEXT NOT NULL,
  entity_id    TEXT NOT NULL,
  before_json  TEXT,
  after_json   TEXT
);
CREATE INDEX audit_event_entity_idx ON audit_event (entity_type, entity_id);
