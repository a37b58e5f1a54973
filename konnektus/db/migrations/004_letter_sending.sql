-- 004: a letter being sent is claimed first ('sending'), so two delivery runs never send the
-- same letter twice. DuckDB cannot alter a CHECK constraint, so the table is rebuilt with the
-- wider one, rows and ids kept.
CREATE TABLE letter_v4 (
    id              BIGINT PRIMARY KEY DEFAULT nextval('letter_id_seq'),
    person_id       BIGINT,
    request_id      BIGINT,
    kind            VARCHAR NOT NULL,
    language        VARCHAR NOT NULL CHECK (language IN ('nl', 'en')),
    recipient_email VARCHAR,
    subject         VARCHAR NOT NULL,
    body            VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP,
    delivery_status VARCHAR NOT NULL DEFAULT 'pending'
                    CHECK (delivery_status IN
                    ('pending', 'sending', 'sent', 'failed', 'not_applicable')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      VARCHAR
);
INSERT INTO letter_v4 SELECT id, person_id, request_id, kind, language, recipient_email, subject,
    body, created_at, sent_at, delivery_status, attempts, last_error FROM letter;
DROP TABLE letter;
ALTER TABLE letter_v4 RENAME TO letter;
