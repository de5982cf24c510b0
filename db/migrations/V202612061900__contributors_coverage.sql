-- Who contributes to which total, official figures and coverage (issue #11, items 4 and 7).
--   data_element.contributors: which reporters' figures a total above them counts —
--     'territorial' (the nation's figure adds provinces, communes and their member
--     agencies, never the ministries' and sectors' own returns, which count the same
--     people again), 'sector' (the nation's figure adds the ministries and sectors),
--     'both' (every unit's figure is its own, e.g. each committee's members).
--   indicator.min_coverage: the share (%) of the units expected to report that must
--     have reported for a period's figure to be the headline (default 80).
--   indicator.use_official: where a unit holds an official figure (official_value)
--     for an element of the indicator, the indicator uses it instead of the sum.
--   form_deadline.set_by: 'package' for a deadline the package set, else the login of whoever
--     changed it (PUT /api/v1/forms/{code}/deadlines/{unitType}); a later package load keeps
--     those.
--   official_value: official statistics entered with their source ("Cục Thống kê —
--     Điều tra lao động việc làm 2025"); kept apart from reported values and never
--     added into any sum.
ALTER TABLE data_element ADD COLUMN contributors TEXT NOT NULL DEFAULT 'both'
  CHECK (contributors IN ('both', 'territorial', 'sector'));
ALTER TABLE indicator ADD COLUMN min_coverage DOUBLE PRECISION NOT NULL DEFAULT 80;
ALTER TABLE indicator ADD COLUMN use_official INTEGER NOT NULL DEFAULT 0;
ALTER TABLE form_deadline ADD COLUMN set_by TEXT NOT NULL DEFAULT 'package';

CREATE TABLE official_value (
  data_element_id  BIGINT NOT NULL REFERENCES data_element (id),
  period           TEXT NOT NULL,
  unit_id          BIGINT NOT NULL REFERENCES unit (id),
  option_combo_id  BIGINT NOT NULL REFERENCES category_option_combo (id),
  value            TEXT NOT NULL,
  numeric_value    DOUBLE PRECISION NOT NULL,
  data_source      TEXT NOT NULL,
  updated_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (data_element_id, period, unit_id, option_combo_id)
);
CREATE INDEX official_value_unit_idx ON official_value (unit_id, period);

-- What the package says when it does not name the contributors: area figures count the territory.
UPDATE data_element SET contributors = 'territorial' WHERE scope = 'area';
