-- Ladder steps done are read from "LadderStep" only. Letters marked sent before casework
-- wrote "LadderStep" kept their step in "CaseAction".detail: record each as a step done on
-- the day it was marked (in the school's time zone).
INSERT INTO "LadderStep" ("caseId", "stepKey", "triggerKey", "dueOn", "status", "doneAt")
SELECT a."caseId", a."detail"->>'stepKey', '', (a."occurredAt" AT TIME ZONE s."timezone")::date, 'done', a."occurredAt"
FROM "CaseAction" a
JOIN "Case" c ON c."id" = a."caseId"
JOIN "School" s ON s."id" = c."schoolId"
WHERE a."detail" ? 'stepKey'
ON CONFLICT ("caseId", "stepKey", "dueOn") DO NOTHING;
