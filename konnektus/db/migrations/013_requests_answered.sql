-- 013: requests answered right (issue 10).
-- The access answer is kept with its request until it has been delivered: an AES-encrypted
-- ZIP for e-mail (its password goes by a second channel and is never stored), or the
-- printable statement for post. Once delivered the content is dropped and only the facts stay
-- (what, how, when, its SHA-256), so no second copy of everything about a person lingers.
CREATE TABLE request_export (
    request_id       BIGINT PRIMARY KEY,
    created_at       TIMESTAMP NOT NULL,
    delivery         VARCHAR NOT NULL CHECK (delivery IN ('encrypted_email', 'post')),
    filename         VARCHAR NOT NULL,
    content          BLOB,
    sha256           VARCHAR NOT NULL,
    size_bytes       BIGINT NOT NULL,
    letter_id        BIGINT,
    password_channel VARCHAR,
    password_sent_at TIMESTAMP,
    delivered_at     TIMESTAMP
);
-- Art. 18: a restricted person, the request that restricted them and the one field they
-- dispute (the only one that may still be corrected). Lifted only by the DPO, with a letter.
ALTER TABLE person ADD COLUMN restricted_since TIMESTAMP;
ALTER TABLE person ADD COLUMN restriction_request_id BIGINT;
ALTER TABLE person ADD COLUMN restriction_field VARCHAR;
-- Art. 21: an upheld objection stops the processing for one purpose. Linked through the
-- objection request (which an erasure anonymises), so it holds nothing that identifies.
CREATE TABLE processing_stop (
    request_id BIGINT PRIMARY KEY,
    purpose    VARCHAR NOT NULL,
    since      TIMESTAMP NOT NULL
);
