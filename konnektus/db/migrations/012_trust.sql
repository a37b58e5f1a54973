-- 012: trust (issue 13).
-- Single sign-on binds a staff member to the identity provider's subject (`sub`) on the
-- first sign-in; after that the e-mail alone is not enough. NULL = not bound (yet, or reset).
ALTER TABLE staff ADD COLUMN oidc_sub VARCHAR;
ALTER TABLE staff ADD COLUMN oidc_sub_bound_at TIMESTAMP;
-- An outbox claim carries its time: a letter left in 'sending' longer than the lease (a
-- delivery process that died after claiming it) is claimed again.
ALTER TABLE letter ADD COLUMN claimed_at TIMESTAMP;
-- The audit chain is keyed (HMAC-SHA256) from here on; entries written before this migration
-- keep their plain SHA-256 links and stay verifiable as they were. meta 'audit_keyed_from'
-- records the first id that must be keyed, so no later entry can pass as an old one.
ALTER TABLE audit_entry ADD COLUMN keyed BOOLEAN NOT NULL DEFAULT FALSE;
INSERT INTO meta (key, value)
    SELECT 'audit_keyed_from', CAST(coalesce(max(id), 0) + 1 AS VARCHAR) FROM audit_entry
    ON CONFLICT (key) DO NOTHING;
