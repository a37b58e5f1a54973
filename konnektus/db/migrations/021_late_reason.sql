-- 021: the reason a request was closed after its lawful due date (issue 20 point 4). Closing
-- late asks for it (konnektus.domain.late_close); the archive shows it beside "te laat".
-- Requests closed before this migration keep NULL: their reason was never asked.
ALTER TABLE request ADD COLUMN late_reason VARCHAR;
