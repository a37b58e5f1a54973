-- 005: the retention clock remembers when the extension question and its reminder went out
-- (O6), held items say until when and on which ground they are kept after an erasure
-- (O5/O11), and legal holds record the employment that created them and a ground as a code
-- the catalogs put into words.
ALTER TABLE person ADD COLUMN extension_asked_on DATE;
ALTER TABLE person ADD COLUMN extension_reminded_on DATE;

ALTER TABLE personal_data_item ADD COLUMN held_until DATE;
ALTER TABLE personal_data_item ADD COLUMN held_ground VARCHAR;

ALTER TABLE legal_hold ADD COLUMN employment_id BIGINT;

ALTER TABLE retention_contact ADD COLUMN kind VARCHAR DEFAULT 'ask';

-- the open question was asked on the day of its latest unanswered contact
UPDATE person SET extension_asked_on = c.contacted_on
FROM (
    SELECT person_id, max(contacted_on) AS contacted_on FROM retention_contact
    WHERE answer IS NULL GROUP BY person_id
) c
WHERE c.person_id = person.id AND person.extension_state = 'asked';

UPDATE legal_hold SET legal_ground = CASE category
    WHEN 'payroll_records' THEN 'awr_52'
    WHEN 'identity_document' THEN 'wet_lb_28'
    ELSE 'dispute' END;
