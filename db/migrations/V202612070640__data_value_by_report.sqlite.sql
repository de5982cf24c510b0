-- A report's values lie together (issue #12, the deadline day): the table's own order (its
-- WITHOUT ROWID primary key) becomes unit, period, element, option, so reading one report's
-- values is one short range scan of a few pages, where the order by element first made it a
-- seek per value through the (unit_id, period) index, on pages spread over the whole file.
-- That index is now the key's prefix and goes. Same columns, same rows. SQLite dialect; the
-- .pg.sql twin changes nothing (a PostgreSQL table is not kept in its key's order).
CREATE TABLE data_value_by_report (
  data_element_id  INTEGER NOT NULL REFERENCES data_element (id),
  period           TEXT NOT NULL,
  unit_id          INTEGER NOT NULL REFERENCES unit (id),
  option_combo_id  INTEGER NOT NULL REFERENCES category_option_combo (id),
  value            TEXT NOT NULL,
  numeric_value    DOUBLE PRECISION,
  comment          TEXT NOT NULL DEFAULT '',
  updated_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  source           TEXT NOT NULL DEFAULT 'entered'
                   CHECK (source IN ('entered', 'register', 'imported', 'official')),
  data_source      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (unit_id, period, data_element_id, option_combo_id)
) WITHOUT ROWID;
INSERT INTO data_value_by_report (data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment,
                                  updated_by, updated_at, source, data_source)
  SELECT data_element_id, period, unit_id, option_combo_id, value, numeric_value, comment, updated_by, updated_at,
         source, data_source
  FROM data_value ORDER BY unit_id, period, data_element_id, option_combo_id;
DROP TABLE data_value;
ALTER TABLE data_value_by_report RENAME TO data_value;
