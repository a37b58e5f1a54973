-- 016: lawful by construction (issue 19, lawful-bases.md).
-- A disclosure's purpose is a code of konnektus.domain.lawful_bases.DISCLOSURE_PURPOSES with
-- an optional free-text note (a court order's reference). The old free text is read as a code
-- right after this file (konnektus/db/lawful_upgrade.py) and kept as the note.
ALTER TABLE disclosure ADD COLUMN purpose_note VARCHAR;
-- A consent names one purpose of the consent list; the offshore registration's consent was
-- the consent to the medical examination its data served (CONSENT_ONLY_DATA: medical).
UPDATE consent SET purpose = 'medical_exam' WHERE purpose = 'offshore_registration';
-- Clients are recipients: each client is linked to its recipient in the register, and each
-- proposal to its disclosure (konnektus/db/client_recipients.py fills both right after).
ALTER TABLE client ADD COLUMN recipient_id BIGINT;
ALTER TABLE proposal ADD COLUMN disclosure_id BIGINT;
