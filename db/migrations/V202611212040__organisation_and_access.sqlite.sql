-- Organisation and access (issue #3): the 2025-reform lineage between units,
-- committees (Ban VSTBPN) with their members and consolidations (kiện toàn),
-- sign-in sessions and sign-in attempts for throttling.
-- SQLite dialect; the .pg.sql file of the same version is the PostgreSQL twin.

-- old unit -> the unit(s) it became. kind: full (all of it) or partial (a part);
-- share: the fraction of the old unit's data re-based onto the new one.
CREATE TABLE unit_lineage (
  old_unit_id     INTEGER NOT NULL REFERENCES unit (id),
  new_unit_id     INTEGER NOT NULL REFERENCES unit (id),
  kind            TEXT NOT NULL CHECK (kind IN ('full', 'partial')),
  share           DOUBLE PRECISION NOT NULL DEFAULT 1 CHECK (share > 0 AND share <= 1),
  effective_date  TEXT NOT NULL,
  PRIMARY KEY (old_unit_id, new_unit_id)
);
CREATE INDEX unit_lineage_new_idx ON unit_lineage (new_unit_id);

CREATE TABLE committee (
  id                  INTEGER PRIMARY KEY,
  unit_id             INTEGER NOT NULL REFERENCES unit (id),
  name_vi             TEXT NOT NULL,
  name_en             TEXT NOT NULL DEFAULT '',
  standing_agency_id  INTEGER REFERENCES unit (id),
  decision_number     TEXT NOT NULL DEFAULT '',
  decision_date       TEXT NOT NULL DEFAULT '',
  established_on      TEXT NOT NULL,
  dissolved_on        TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE INDEX committee_unit_idx ON committee (unit_id);

-- A consolidation (kiện toàn): the decision that changed the membership.
CREATE TABLE committee_consolidation (
  id               INTEGER PRIMARY KEY,
  committee_id     INTEGER NOT NULL REFERENCES committee (id),
  decision_number  TEXT NOT NULL,
  decision_date    TEXT NOT NULL,
  effective_date   TEXT NOT NULL,
  note             TEXT NOT NULL DEFAULT '',
  created_at       TEXT NOT NULL
);
CREATE INDEX committee_consolidation_idx ON committee_consolidation (committee_id, effective_date);

-- A membership: one person in one role from term_start to term_end (inclusive;
-- NULL = still serving). History is kept: a change ends a row and starts another.
CREATE TABLE committee_member (
  id               INTEGER PRIMARY KEY,
  committee_id     INTEGER NOT NULL REFERENCES committee (id),
  full_name        TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('F', 'M')),
  position         TEXT NOT NULL DEFAULT '',
  agency_unit_id   INTEGER REFERENCES unit (id),
  role             TEXT NOT NULL CHECK (role IN ('chair', 'vice_chair', 'standing_member', 'member', 'secretary')),
  decision_number  TEXT NOT NULL DEFAULT '',
  decision_date    TEXT NOT NULL DEFAULT '',
  term_start       TEXT NOT NULL,
  term_end         TEXT,
  appointed_in     INTEGER REFERENCES committee_consolidation (id),
  ended_in         INTEGER REFERENCES committee_consolidation (id),
  created_at       TEXT NOT NULL,
  CHECK (term_end IS NULL OR term_start <= term_end)
);
CREATE INDEX committee_member_idx ON committee_member (committee_id, term_start);

-- A signed-in session. Only the SHA-256 of the cookie token is stored.
CREATE TABLE app_session (
  token_hash      TEXT PRIMARY KEY,
  user_id         INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
  csrf_token      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  last_seen_at    TEXT NOT NULL,
  expires_at      TEXT NOT NULL,
  client_address  TEXT NOT NULL DEFAULT '',
  user_agent      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX app_session_user_idx ON app_session (user_id);

CREATE TABLE signin_attempt (
  id              INTEGER PRIMARY KEY,
  login           TEXT NOT NULL,
  client_address  TEXT NOT NULL,
  succeeded       INTEGER NOT NULL,
  attempted_at    TEXT NOT NULL
);
CREATE INDEX signin_attempt_login_idx ON signin_attempt (login, attempted_at);
CREATE INDEX signin_attempt_address_idx ON signin_attempt (client_address, attempted_at);
