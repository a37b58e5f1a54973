-- 007: Art. 19 GDPR. After a rectification or restriction, every recipient that received the
-- person's data is told. One row per (request, recipient): the letter queued for it, and when
-- staff ticked it off as sent. Internal ids only; the letter itself lives in the outbox.
CREATE SEQUENCE recipient_notice_id_seq;
CREATE TABLE recipient_notice (
    id           BIGINT PRIMARY KEY DEFAULT nextval('recipient_notice_id_seq'),
    request_id   BIGINT NOT NULL,
    recipient_id BIGINT NOT NULL,
    letter_id    BIGINT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    created_by   BIGINT,
    sent_at      TIMESTAMP,
    sent_by      BIGINT
);
