-- 003: folded search keys on person and a small vocabulary of the names and towns in use.
-- Searching a million people by "contains" scans every string; matching the query against
-- the vocabulary (a few thousand terms, typo-tolerant) and then the people by equality on
-- short keys keeps a search well under 100 ms. Keys are filled by konnektus/db/search.py.
ALTER TABLE person ADD COLUMN given_key VARCHAR;
ALTER TABLE person ADD COLUMN family_key VARCHAR;
ALTER TABLE person ADD COLUMN city_key VARCHAR;
ALTER TABLE person ADD COLUMN email_key VARCHAR;
ALTER TABLE person ADD COLUMN phone_key VARCHAR;
ALTER TABLE person ADD COLUMN postcode_key VARCHAR;

CREATE TABLE search_term (
    field VARCHAR NOT NULL CHECK (field IN ('given', 'family', 'city')),
    term  VARCHAR NOT NULL,
    PRIMARY KEY (field, term)
);
