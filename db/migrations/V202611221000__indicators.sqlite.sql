-- Indicators and targets (issue #5): the National Strategy on Gender Equality
-- 2021–2030 catalogue and programme targets (QĐ 2282, QĐ 1790), as metadata
-- loaded from the package and editable. An indicator is numerator ÷
-- denominator × factor over data elements; roll-ups sum numerators and
-- denominators, never percentages. Targets are per year, national by default
-- (unit_id NULL) with optional per-unit overrides.
-- SQLite dialect; the .pg.sql file of the same version is the PostgreSQL twin.
CREATE TABLE indicator_group (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name_vi     TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  source_vi   TEXT NOT NULL DEFAULT '',
  sort_order  INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE indicator (
  id              INTEGER PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  group_id        INTEGER NOT NULL REFERENCES indicator_group (id),
  number          TEXT NOT NULL DEFAULT '',
  name_vi         TEXT NOT NULL,
  name_en         TEXT NOT NULL DEFAULT '',
  description_vi  TEXT NOT NULL DEFAULT '',
  numerator       TEXT NOT NULL,
  denominator     TEXT NOT NULL DEFAULT '1',
  factor          REAL NOT NULL DEFAULT 1,
  unit_vi         TEXT NOT NULL DEFAULT '',
  unit_en         TEXT NOT NULL DEFAULT '',
  direction       TEXT NOT NULL CHECK (direction IN ('higher', 'lower')),
  decimals        INTEGER NOT NULL DEFAULT 1,
  source          TEXT NOT NULL DEFAULT '',
  confidence      TEXT NOT NULL CHECK (confidence IN ('verified', 'implementing', 'secondary', 'provisional')),
  baseline_year   INTEGER,
  baseline_value  REAL,
  sort_order      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE indicator_target (
  id            INTEGER PRIMARY KEY,
  indicator_id  INTEGER NOT NULL REFERENCES indicator (id),
  unit_id       INTEGER REFERENCES unit (id),
  year          INTEGER NOT NULL,
  value         REAL NOT NULL,
  operator      TEXT NOT NULL CHECK (operator IN ('ge', 'gt', 'le', 'lt', 'eq', 'about')),
  onward        INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX indicator_target_key ON indicator_target (indicator_id, COALESCE(unit_id, 0), year);
