-- Phó Trưởng ban thường trực (issue #13): most committees have a standing vice-chair, usually the
-- director of the agency that keeps the committee's secretariat, and its decision names that role
-- apart from the other vice-chairs. The role's CHECK gains 'standing_vice_chair'. SQLite cannot
-- change a CHECK in place: the table is copied into one with the new CHECK, same columns, same
-- rows, same ids (nothing references committee_member).
CREATE TABLE committee_member_new (
  id               INTEGER PRIMARY KEY,
  committee_id     INTEGER NOT NULL REFERENCES committee (id),
  full_name        TEXT NOT NULL,
  sex              TEXT NOT NULL CHECK (sex IN ('F', 'M')),
  position         TEXT NOT NULL DEFAULT '',
  agency_unit_id   INTEGER REFERENCES unit (id),
  role             TEXT NOT NULL
                   CHECK (role IN ('chair', 'standing_vice_chair', 'vice_chair', 'standing_member', 'member', 'secretary')),
  decision_number  TEXT NOT NULL DEFAULT '',
  decision_date    TEXT NOT NULL DEFAULT '',
  term_start       TEXT NOT NULL,
  term_end         TEXT,
  appointed_in     INTEGER REFERENCES committee_consolidation (id),
  ended_in         INTEGER REFERENCES committee_consolidation (id),
  created_at       TEXT NOT NULL,
  CHECK (term_end IS NULL OR term_start <= term_end)
);
INSERT INTO committee_member_new (id, committee_id, full_name, sex, position, agency_unit_id, role, decision_number,
                                  decision_date, term_start, term_end, appointed_in, ended_in, created_at)
  SELECT id, committee_id, full_name, sex, position, agency_unit_id, role, decision_number, decision_date, term_start,
         term_end, appointed_in, ended_in, created_at
  FROM committee_member;
DROP TABLE committee_member;
ALTER TABLE committee_member_new RENAME TO committee_member;
CREATE INDEX committee_member_idx ON committee_member (committee_id, term_start);
