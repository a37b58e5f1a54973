-- 018: medical data ends with the placement (issue 19 point 6, Art. 5(1)(e) and 9): the policy
-- term after the last employment ended, in calendar months (konnektus.domain.special_data,
-- 0 to 12), stored with the other settings so that the settings page and
-- `settings set --medical-months` show and change it. A database that already holds a value
-- keeps it.
INSERT INTO meta (key, value) VALUES ('medical_months_after_placement', '3')
ON CONFLICT (key) DO NOTHING;
