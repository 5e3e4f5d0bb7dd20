-- A case entry recorded by mistake can be undone the same day by its author or a senior leader:
-- the entry is kept, marked undone (by whom, when, why), and an entry says so in the history.
ALTER TYPE "CaseActionKind" ADD VALUE 'entry-undone';
ALTER TABLE "CaseAction" ADD COLUMN "undoneAt" TIMESTAMPTZ(3);
ALTER TABLE "CaseAction" ADD COLUMN "undoneBy" TEXT;
ALTER TABLE "CaseAction" ADD COLUMN "undoneStaffId" INTEGER;
ALTER TABLE "CaseAction" ADD COLUMN "undoReason" TEXT;
ALTER TABLE "CaseAction" ADD CONSTRAINT "CaseAction_undoneStaffId_fkey" FOREIGN KEY ("undoneStaffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
