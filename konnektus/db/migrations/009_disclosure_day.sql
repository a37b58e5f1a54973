-- 009: the disclosure log summed per recipient and Amsterdam day (konnektus/db/disclosure_days.py).
-- The sharing page reads these few tens of thousands of rows instead of millions of
-- disclosures. Counts only: no person is in it. Filled from the log right after this file.
CREATE TABLE disclosure_day (
    recipient_id    BIGINT NOT NULL,
    day             DATE NOT NULL,       -- the Amsterdam calendar date of the disclosure
    legal_basis     VARCHAR NOT NULL,
    status          VARCHAR NOT NULL CHECK (status IN
                    ('blocked', 'on_time', 'late', 'not_notified')),
    disclosures     BIGINT NOT NULL,
    data_categories VARCHAR[] NOT NULL,  -- every category disclosed in the group, sorted
    last_at         TIMESTAMP NOT NULL   -- the latest disclosure of the group (UTC)
);
