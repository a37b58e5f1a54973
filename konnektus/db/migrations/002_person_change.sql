-- 002: rectifications, field by field, with the old and new value (O10).
-- Kept apart from the audit log because old and new values are personal data: they belong
-- to the person's export and go with an erasure; the audit log only names the field.
CREATE SEQUENCE person_change_id_seq;
CREATE TABLE person_change (
    id         BIGINT PRIMARY KEY DEFAULT nextval('person_change_id_seq'),
    person_id  BIGINT NOT NULL,
    request_id BIGINT,
    field      VARCHAR NOT NULL,
    old_value  VARCHAR,
    new_value  VARCHAR,
    changed_at TIMESTAMP NOT NULL,
    staff_id   BIGINT
);
