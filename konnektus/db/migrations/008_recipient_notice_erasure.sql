-- 008: Art. 19 after an erasure. The erasure (on request, or by the retention clean-up, which
-- has no request) queues the letters to recipients itself, in its own transaction, while the
-- person's name is still there. So a notice names its person and the change it reports; the
-- rows of 007 get theirs from their request.
ALTER TABLE recipient_notice ALTER COLUMN request_id DROP NOT NULL;
ALTER TABLE recipient_notice ADD COLUMN person_id BIGINT;
ALTER TABLE recipient_notice ADD COLUMN change VARCHAR;
UPDATE recipient_notice SET person_id = r.person_id, change = r.type
FROM request r WHERE r.id = recipient_notice.request_id;
