-- A ladder step is recorded done (on a day, possibly after the fact) or not needed (with a
-- reason), by someone. "dueOn" holds the school day it was done or judged not needed.
ALTER TABLE "LadderStep" ADD COLUMN "recordedBy" TEXT;
ALTER TABLE "LadderStep" ADD COLUMN "note" TEXT;
UPDATE "LadderStep" SET status = 'not-needed' WHERE status = 'skipped';
-- a review set by casework (a plan, a contract, a notice to improve) is recorded as held by a
-- later action that names it
ALTER TABLE "CaseAction" ADD COLUMN "reviewOf" INTEGER;
CREATE INDEX "CaseAction_reviewOf_idx" ON "CaseAction"("reviewOf");
