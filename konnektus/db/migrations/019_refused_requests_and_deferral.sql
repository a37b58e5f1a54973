-- 019: every request from an outside party can be shown, and a notice may wait (O8).
-- A request the agency refused is recorded like a disclosure that did not happen: who asked
-- (a party of the register), about whom, for which data, on what purpose, the day it came
-- in, and why it was refused: a code (konnektus/domain/refused_request.py) and a free note.
-- The note is free text and may name people: the erasure empties it.
CREATE SEQUENCE refused_request_id_seq;
CREATE TABLE refused_request (
    id                   BIGINT PRIMARY KEY DEFAULT nextval('refused_request_id_seq'),
    person_id            BIGINT NOT NULL,
    recipient_id         BIGINT NOT NULL,
    data_categories      VARCHAR[] NOT NULL,
    purpose              VARCHAR NOT NULL,   -- a code of lawful_bases.DISCLOSURE_PURPOSES
    purpose_note         VARCHAR,            -- the party's reference (a court order's number)
    received_on          DATE NOT NULL,      -- the Amsterdam day the request came in
    reason               VARCHAR NOT NULL,   -- a refusal code of the rule, or the staff's own
    note                 VARCHAR,            -- why, in the words of the staff member
    recorded_at          TIMESTAMP NOT NULL,
    recorded_by          BIGINT,
    notified_on          DATE,               -- the person was told (the letter's day)
    notice_deferral_ground VARCHAR,          -- UAVG art. 41: kept from the person until ...
    notice_deferred_until  DATE
);
-- A disclosure's notice deferred on a confidentiality ground (UAVG art. 41) until a day, by
-- whom and when; due again from the day after (konnektus/domain/notice_deferral.py).
ALTER TABLE disclosure ADD COLUMN notice_deferral_ground VARCHAR;
ALTER TABLE disclosure ADD COLUMN notice_deferred_until DATE;
ALTER TABLE disclosure ADD COLUMN notice_deferred_at TIMESTAMP;
ALTER TABLE disclosure ADD COLUMN notice_deferred_by BIGINT;
-- The per-day sums keep the deferral's end apart, so "deferred on day X" needs no clock here.
ALTER TABLE disclosure_day ADD COLUMN deferred_until DATE;
