-- Reporting engine (issue #4): disaggregation categories, data elements,
-- versioned forms with data and narrative sections, who reports and by when,
-- validation rules, data values, reports with their workflow history and
-- submitted revisions.
-- SQLite dialect; the .pg.sql file of the same version is the PostgreSQL twin.

CREATE TABLE category (
  id       INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  name_vi  TEXT NOT NULL,
  name_en  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE category_option (
  id           INTEGER PRIMARY KEY,
  category_id  INTEGER NOT NULL REFERENCES category (id),
  code         TEXT NOT NULL,
  name_vi      TEXT NOT NULL,
  name_en      TEXT NOT NULL DEFAULT '',
  sort_order   INTEGER NOT NULL,
  UNIQUE (category_id, code)
);

CREATE TABLE category_combo (
  id       INTEGER PRIMARY KEY,
  code     TEXT NOT NULL UNIQUE,
  name_vi  TEXT NOT NULL,
  name_en  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE category_combo_category (
  combo_id     INTEGER NOT NULL REFERENCES category_combo (id),
  category_id  INTEGER NOT NULL REFERENCES category (id),
  position     INTEGER NOT NULL,
  PRIMARY KEY (combo_id, category_id)
);

-- One cell of a disaggregation: "NU", "NAM", "NU_16_30"; the combo "KHONG"
-- (no disaggregation) has a single option combination "TONG".
CREATE TABLE category_option_combo (
  id          INTEGER PRIMARY KEY,
  combo_id    INTEGER NOT NULL REFERENCES category_combo (id),
  code        TEXT NOT NULL,
  name_vi     TEXT NOT NULL,
  name_en     TEXT NOT NULL DEFAULT '',
  sort_order  INTEGER NOT NULL,
  UNIQUE (combo_id, code)
);

CREATE TABLE data_element (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,
  name_vi           TEXT NOT NULL,
  name_en           TEXT NOT NULL DEFAULT '',
  description_vi    TEXT NOT NULL DEFAULT '',
  value_type        TEXT NOT NULL CHECK (value_type IN ('integer', 'number', 'percent', 'boolean', 'text', 'long_text', 'date')),
  aggregation       TEXT NOT NULL CHECK (aggregation IN ('sum', 'average', 'last', 'none')),
  zero_significant  INTEGER NOT NULL DEFAULT 0,
  combo_id          INTEGER NOT NULL REFERENCES category_combo (id)
);

CREATE TABLE form (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,
  name_vi           TEXT NOT NULL,
  name_en           TEXT NOT NULL DEFAULT '',
  period_type       TEXT NOT NULL CHECK (period_type IN ('year', 'half_year', 'quarter', 'month')),
  expected_periods  TEXT NOT NULL DEFAULT ''
);

-- A change to a form applies from `from_period` on; older periods keep the
-- version they were reported with.
CREATE TABLE form_version (
  id           INTEGER PRIMARY KEY,
  form_id      INTEGER NOT NULL REFERENCES form (id),
  version_no   INTEGER NOT NULL,
  from_period  TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (form_id, version_no)
);

CREATE TABLE form_section (
  id               INTEGER PRIMARY KEY,
  form_version_id  INTEGER NOT NULL REFERENCES form_version (id),
  code             TEXT NOT NULL,
  kind             TEXT NOT NULL CHECK (kind IN ('data', 'narrative')),
  title_vi         TEXT NOT NULL,
  title_en         TEXT NOT NULL DEFAULT '',
  sort_order       INTEGER NOT NULL,
  UNIQUE (form_version_id, code)
);

CREATE TABLE form_section_element (
  section_id       INTEGER NOT NULL REFERENCES form_section (id),
  data_element_id  INTEGER NOT NULL REFERENCES data_element (id),
  sort_order       INTEGER NOT NULL,
  PRIMARY KEY (section_id, data_element_id)
);

-- The units that must report a form: a unit type in a hierarchy ('*' = any).
CREATE TABLE form_reporter (
  form_id    INTEGER NOT NULL REFERENCES form (id),
  unit_type  TEXT NOT NULL,
  hierarchy  TEXT NOT NULL,
  PRIMARY KEY (form_id, unit_type, hierarchy)
);

-- Due before day `day` of the month `month_offset` months after the period's last month.
CREATE TABLE form_deadline (
  form_id       INTEGER NOT NULL REFERENCES form (id),
  unit_type     TEXT NOT NULL,
  month_offset  INTEGER NOT NULL,
  day           INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
  PRIMARY KEY (form_id, unit_type)
);

CREATE TABLE validation_rule (
  id                INTEGER PRIMARY KEY,
  code              TEXT NOT NULL UNIQUE,
  name_vi           TEXT NOT NULL,
  left_expr         TEXT NOT NULL,
  operator          TEXT NOT NULL CHECK (operator IN ('equal_to', 'not_equal_to', 'greater_than', 'greater_than_or_equal_to',
                                                      'less_than', 'less_than_or_equal_to', 'compulsory_pair', 'exclusive_pair')),
  right_expr        TEXT NOT NULL,
  missing_strategy  TEXT NOT NULL CHECK (missing_strategy IN ('skip_if_any_value_missing', 'skip_if_all_values_missing', 'never_skip')),
  importance        TEXT NOT NULL CHECK (importance IN ('high', 'medium', 'low')),
  severity          TEXT NOT NULL CHECK (severity IN ('blocking', 'warning')),
  comment_satisfies TEXT NOT NULL DEFAULT '',
  message_vi        TEXT NOT NULL,
  message_en        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE form_validation_rule (
  form_id  INTEGER NOT NULL REFERENCES form (id),
  rule_id  INTEGER NOT NULL REFERENCES validation_rule (id),
  PRIMARY KEY (form_id, rule_id)
);

-- One number or text for (element, period, unit, option combination). The key
-- order puts one element's period in one contiguous range (../shared/baselines.md §2b).
CREATE TABLE data_value (
  data_element_id  INTEGER NOT NULL REFERENCES data_element (id),
  period           TEXT NOT NULL,
  unit_id          INTEGER NOT NULL REFERENCES unit (id),
  option_combo_id  INTEGER NOT NULL REFERENCES category_option_combo (id),
  value            TEXT NOT NULL,
  numeric_value    DOUBLE PRECISION,
  comment          TEXT NOT NULL DEFAULT '',
  updated_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (data_element_id, period, unit_id, option_combo_id)
) WITHOUT ROWID;
CREATE INDEX data_value_unit_idx ON data_value (unit_id, period);

-- One form for one unit and period, and where it is in the workflow.
CREATE TABLE report (
  id               INTEGER PRIMARY KEY,
  form_id          INTEGER NOT NULL REFERENCES form (id),
  form_version_id  INTEGER NOT NULL REFERENCES form_version (id),
  unit_id          INTEGER NOT NULL REFERENCES unit (id),
  period           TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'returned')),
  version          INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  submitted_at     TEXT,
  submitted_by     TEXT,
  approved_at      TEXT,
  approved_by      TEXT,
  UNIQUE (form_id, unit_id, period)
);
CREATE INDEX report_unit_idx ON report (unit_id, period);

CREATE TABLE report_narrative (
  report_id     INTEGER NOT NULL REFERENCES report (id),
  section_code  TEXT NOT NULL,
  body          TEXT NOT NULL,
  updated_by    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  PRIMARY KEY (report_id, section_code)
);

-- Every transition: who, when, from and to which status, the comment, and for
-- a return the reasons per section or field (JSON).
CREATE TABLE report_event (
  id           INTEGER PRIMARY KEY,
  report_id    INTEGER NOT NULL REFERENCES report (id),
  action       TEXT NOT NULL,
  from_status  TEXT NOT NULL,
  to_status    TEXT NOT NULL,
  actor        TEXT NOT NULL,
  occurred_at  TEXT NOT NULL,
  comment      TEXT NOT NULL DEFAULT '',
  details_json TEXT
);
CREATE INDEX report_event_report_idx ON report_event (report_id, id);

-- The content of a report as submitted, one row per submission, for showing
-- the difference between two submitted versions.
CREATE TABLE report_revision (
  report_id     INTEGER NOT NULL REFERENCES report (id),
  revision      INTEGER NOT NULL,
  submitted_at  TEXT NOT NULL,
  submitted_by  TEXT NOT NULL,
  content_json  TEXT NOT NULL,
  PRIMARY KEY (report_id, revision)
);
