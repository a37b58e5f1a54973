-- 017: consent with proof (issue 19 point 6, Art. 7(1), 9(2)(a)). An item held on the basis of
-- consent names the consent record it rests on. DuckDB 2 cannot add a column with a foreign
-- key (nor the constraint afterwards), so the reference is a plain id: the import and the
-- consent-proof check (konnektus/db/consent_proof.py) see that it names a real consent. Items
-- already in the file are linked right after this file to a consent of their person for
-- their purpose given on or before collection, where one exists; the rest stay NULL, and
-- the check lists them.
ALTER TABLE personal_data_item ADD COLUMN consent_id BIGINT;
