-- 015: erasure on the GDPR clock (issue 19, ../shared/docs/deadlines.md "Which period applies").
-- Art. 12(3) gives erasure the same month as every right; the privacy statement's two months
-- are only the most an extension notice may give. Open erasure requests get the dates the rule
-- gives them now: the one-month mark is already right (one month, pause and roll, like every
-- type), so it becomes their original due date, and their due date unless they were extended.
-- An extended one keeps two months from receipt, which is exactly what its original due date
-- was (two months, same pause and roll), the policy's default cap. Closed requests keep their
-- history; the figures judge them by the lawful date (konnektus.db.management.LAWFUL_DUE).
-- The ids changed are kept for the audit entry the Python step writes (konnektus.db.migrations).
CREATE TEMPORARY TABLE migrated_015 AS
SELECT id FROM request
WHERE type = 'erasure'
  AND status IN ('received', 'awaiting_identity', 'in_progress', 'extended')
  AND (original_due_date IS DISTINCT FROM one_month_mark
       OR due_date IS DISTINCT FROM
          CASE WHEN status = 'extended' THEN original_due_date ELSE one_month_mark END);
UPDATE request
SET due_date = CASE WHEN status = 'extended' THEN original_due_date ELSE one_month_mark END,
    original_due_date = one_month_mark
WHERE id IN (SELECT id FROM migrated_015);
