-- Trustworthy numbers (issue #11). Bounds, scope and instructions of data
-- elements; where each value comes from; consolidated figures kept apart from
-- a unit's own entries; sources of deadlines.
--   data_element.min_value / max_value: inclusive bounds of a numeric element
--     (NULL: the defaults, 0 and 10^15, or 100 for a percent).
--   data_element.scope: 'own' — a parent's figure is its own (its committee's
--     members, meetings, documents); 'area' — it counts what happened in its
--     area, so the area's figure is the unit's own entry plus its children's.
--   data_element.instruction_vi / instruction_en: how to count it, shown in the form.
--   data_value.source: entered (typed or uploaded by a person), register
--     (from a tienbo register, e.g. committee members), imported, official (an
--     official statistic entered with its source); data_value.data_source: the
--     source as a person would cite it ("Cục Thống kê — Điều tra LĐVL 2025").
--   consolidated_value: the children's figures summed by a parent's
--     consolidation, never mixed with the parent's own entries and never in
--     the analytics (which sum the entries themselves).
--   form_deadline.source: the text the default deadline comes from.
ALTER TABLE data_element ADD COLUMN min_value DOUBLE PRECISION;
ALTER TABLE data_element ADD COLUMN max_value DOUBLE PRECISION;
ALTER TABLE data_element ADD COLUMN scope TEXT NOT NULL DEFAULT 'area' CHECK (scope IN ('own', 'area'));
ALTER TABLE data_element ADD COLUMN instruction_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE data_element ADD COLUMN instruction_en TEXT NOT NULL DEFAULT '';
ALTER TABLE data_value ADD COLUMN source TEXT NOT NULL DEFAULT 'entered'
  CHECK (source IN ('entered', 'register', 'imported', 'official'));
ALTER TABLE data_value ADD COLUMN data_source TEXT NOT NULL DEFAULT '';
ALTER TABLE form_deadline ADD COLUMN source TEXT NOT NULL DEFAULT '';

CREATE TABLE consolidated_value (
  data_element_id    BIGINT NOT NULL REFERENCES data_element (id),
  period             TEXT NOT NULL,
  unit_id            BIGINT NOT NULL REFERENCES unit (id),
  option_combo_id    BIGINT NOT NULL REFERENCES category_option_combo (id),
  value              TEXT NOT NULL,
  numeric_value      DOUBLE PRECISION,
  children_used      INTEGER NOT NULL,
  children_expected  INTEGER NOT NULL,
  updated_by         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (data_element_id, period, unit_id, option_combo_id)
);
CREATE INDEX consolidated_value_unit_idx ON consolidated_value (unit_id, period);

-- Values written by consolidation before this version were marked by updated_by.
INSERT INTO consolidated_value (data_element_id, period, unit_id, option_combo_id, value, numeric_value, children_used,
                                children_expected, updated_by, updated_at)
  SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, 0, 0, updated_by, updated_at
  FROM data_value WHERE updated_by LIKE 'tổng hợp%';
DELETE FROM data_value WHERE updated_by LIKE 'tổng hợp%';
