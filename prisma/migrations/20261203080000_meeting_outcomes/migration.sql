-- A meeting's outcome is what happened: held with the family, did not attend, cancelled, or
-- rescheduled (to a new meeting). Only a meeting held counts as the ladder's meeting. The case
-- event is renamed for what it records; the text typed before is kept as the event's note.

CREATE TYPE "MeetingStatus" AS ENUM ('booked', 'attended', 'did-not-attend', 'cancelled', 'rescheduled');
ALTER TABLE "Meeting" ADD COLUMN "status" "MeetingStatus" NOT NULL DEFAULT 'booked';
ALTER TABLE "Meeting" ADD COLUMN "rebookedAs" INTEGER;
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_rebookedAs_fkey" FOREIGN KEY ("rebookedAs") REFERENCES "Meeting"("id") ON DELETE SET NULL ON UPDATE CASCADE;
-- every outcome recorded so far was recorded as "held"
UPDATE "Meeting" SET "status" = 'attended' WHERE "heldAt" IS NOT NULL;

ALTER TYPE "CaseActionKind" RENAME VALUE 'meeting-held' TO 'meeting-outcome';
UPDATE "CaseAction" SET detail = detail || jsonb_build_object('result', 'attended', 'note', coalesce(detail->>'outcome', outcome)), outcome = 'attended'
  WHERE kind = 'meeting-outcome';
