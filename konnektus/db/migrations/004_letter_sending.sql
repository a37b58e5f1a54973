-- 004: a letter being sent is claimed first ('sending'), so two delivery runs never send the
-- same letter twice. DuckDB cannot alter a CHECK constraint in place, so the column is rebuilt
-- without one; its values (pending, sending, sent, failed, not_applicable) are written only by
-- konnektus/db/letters.py.
ALTER TABLE letter ADD COLUMN delivery_state VARCHAR;
UPDATE letter SET delivery_state = delivery_status;
ALTER TABLE letter DROP COLUMN delivery_status;
ALTER TABLE letter RENAME COLUMN delivery_state TO delivery_status;
ALTER TABLE letter ALTER COLUMN delivery_status SET NOT NULL;
ALTER TABLE letter ALTER COLUMN delivery_status SET DEFAULT 'pending';
