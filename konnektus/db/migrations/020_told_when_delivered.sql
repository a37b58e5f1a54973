-- 020: a notice counts as told only once its letter was delivered or posted (issue 20).
-- Queueing a notice links the disclosure (or the refused request) to its letter; the day
-- the letter is delivered (SMTP) or marked posted becomes the told day (`notified_on`).
-- Notices queued before this version keep the day they were queued: which letter told
-- which disclosure was not recorded then.
ALTER TABLE disclosure ADD COLUMN notice_letter_id BIGINT;
ALTER TABLE refused_request ADD COLUMN notice_letter_id BIGINT;
-- The outbox page (issue 20): a letter for the post is printed (in a print file that was
-- downloaded) and then posted; posting marks it sent, and `posted_at` keeps that it went by
-- post rather than by e-mail.
ALTER TABLE letter ADD COLUMN printed_at TIMESTAMP;
ALTER TABLE letter ADD COLUMN posted_at TIMESTAMP;
