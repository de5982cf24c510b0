-- Waivers (issue #4): a parent level may excuse a child unit from a report
-- (e.g. a unit that was merged, or has nothing to report), with a reason, so
-- that the parent's own report can be approved bottom-up without it.
CREATE TABLE report_waiver (
  form_id    BIGINT NOT NULL REFERENCES form (id),
  unit_id    BIGINT NOT NULL REFERENCES unit (id),
  period     TEXT NOT NULL,
  reason     TEXT NOT NULL,
  waived_by  TEXT NOT NULL,
  waived_at  TEXT NOT NULL,
  PRIMARY KEY (form_id, unit_id, period)
);
