-- 010: figures kept once a day for the management overview and the board report (issue 12).
-- What cannot be recomputed later from the records (how many people were in each retention
-- state on a past day, how many held data they should not have) is written here by the daily
-- retention job (konnektus/jobs), and filled backwards for demo data. Counts only: no person.
CREATE TABLE daily_snapshot (
    day     DATE NOT NULL,      -- the Amsterdam day the figures hold for
    measure VARCHAR NOT NULL,   -- e.g. 'retention:expired', 'excess_data_people'
    value   BIGINT NOT NULL,
    PRIMARY KEY (day, measure)
);

-- the board report goes out through the outbox with the HTML report attached
ALTER TABLE letter ADD COLUMN attachment_name VARCHAR;
ALTER TABLE letter ADD COLUMN attachment VARCHAR;
