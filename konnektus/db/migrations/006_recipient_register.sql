-- 006: the recipient register (O7). A transfer outside the EEA records its safeguard
-- (adequacy decision, standard contractual clauses, binding corporate rules, explicit
-- consent) as a code the catalogs put into words; `active` stays the active/suspended status.
-- Every change to a recipient notes when and by whom, so a second click on an edit or a
-- suspension that a colleague already made can say who did it.
ALTER TABLE recipient ADD COLUMN safeguard VARCHAR;
ALTER TABLE recipient ADD COLUMN changed_at TIMESTAMP;
ALTER TABLE recipient ADD COLUMN changed_by BIGINT;

-- A demo file already shows the UK clearance board: its transfer rests on the UK adequacy
-- decision (Commission decision of 28 June 2021). Real registers record their own safeguards.
UPDATE recipient SET safeguard = 'adequacy_decision'
WHERE country = 'GB' AND safeguard IS NULL
  AND EXISTS (SELECT 1 FROM meta WHERE key = 'demo_data' AND value = 'true');
