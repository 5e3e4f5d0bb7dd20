-- Case actions as one vocabulary (src/domain/casework.ts): one name per event, the form's and
-- the audit log's; stored kinds and statuses as enums; the day an event is about, and who
-- recorded it, as typed columns instead of JSON paths and `staff:<id>` strings.

CREATE TYPE "CaseActionKind" AS ENUM ('call', 'letter-sent', 'meeting-booked', 'meeting-held', 'plan-started', 'notice-to-improve', 'review-held', 'step-recorded', 'penalty-requested', 'penalty-declined', 'penalty-decision');
CREATE TYPE "StepState" AS ENUM ('due', 'done', 'not-needed');
CREATE TYPE "NoticeStatus" AS ENUM ('requested', 'issued', 'paid', 'withdrawn', 'refused', 'prosecution');
CREATE TYPE "PostStatus" AS ENUM ('pending', 'sent', 'failed');

-- a plan started keeps which plan in the event
UPDATE "CaseAction" SET detail = detail || jsonb_build_object('plan', kind), kind = 'plan-started' WHERE kind IN ('support-plan', 'attendance-contract');
UPDATE "CaseAction" SET kind = CASE kind
    WHEN 'letter' THEN 'letter-sent' WHEN 'review' THEN 'review-held' WHEN 'step' THEN 'step-recorded'
    WHEN 'penalty-notice-request' THEN 'penalty-requested' ELSE kind END;
ALTER TABLE "CaseAction" ALTER COLUMN "kind" TYPE "CaseActionKind" USING "kind"::"CaseActionKind";

-- the school day an event is about: a call's day as the school wrote it, else the day it was
-- recorded in the school's time zone
ALTER TABLE "CaseAction" ADD COLUMN "day" DATE;
UPDATE "CaseAction" a SET "day" = coalesce((a.detail->>'day')::date, (a."occurredAt" AT TIME ZONE s.timezone)::date)
  FROM "Case" c JOIN "School" s ON s.id = c."schoolId" WHERE c.id = a."caseId";
ALTER TABLE "CaseAction" ALTER COLUMN "day" SET NOT NULL;
CREATE INDEX "CaseAction_kind_day_idx" ON "CaseAction"("kind", "day");

-- who recorded it, by reference; the text column keeps the audit label
ALTER TABLE "CaseAction" ADD COLUMN "staffId" INTEGER;
ALTER TABLE "LadderStep" ADD COLUMN "staffId" INTEGER;
ALTER TABLE "MisUpdate" ADD COLUMN "staffId" INTEGER;
ALTER TABLE "SafeguardingFlag" ADD COLUMN "acknowledgedByStaffId" INTEGER;
UPDATE "CaseAction" t SET "staffId" = s.id FROM "Staff" s WHERE t.actor = 'staff:' || s.id;
UPDATE "LadderStep" t SET "staffId" = s.id FROM "Staff" s WHERE t."recordedBy" = 'staff:' || s.id;
UPDATE "MisUpdate" t SET "staffId" = s.id FROM "Staff" s WHERE t."amendedBy" = 'staff:' || s.id;
UPDATE "SafeguardingFlag" t SET "acknowledgedByStaffId" = s.id FROM "Staff" s WHERE t."acknowledgedBy" = 'staff:' || s.id;
ALTER TABLE "CaseAction" ADD CONSTRAINT "CaseAction_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "LadderStep" ADD CONSTRAINT "LadderStep_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "MisUpdate" ADD CONSTRAINT "MisUpdate_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "SafeguardingFlag" ADD CONSTRAINT "SafeguardingFlag_acknowledgedByStaffId_fkey" FOREIGN KEY ("acknowledgedByStaffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "LadderStep" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "LadderStep" ALTER COLUMN "status" TYPE "StepState" USING "status"::"StepState";
ALTER TABLE "LadderStep" ALTER COLUMN "status" SET DEFAULT 'due';
ALTER TABLE "PenaltyNotice" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "PenaltyNotice" ALTER COLUMN "status" TYPE "NoticeStatus" USING "status"::"NoticeStatus";
ALTER TABLE "PenaltyNotice" ALTER COLUMN "status" SET DEFAULT 'requested';
ALTER TABLE "ChatPost" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ChatPost" ALTER COLUMN "status" TYPE "PostStatus" USING "status"::"PostStatus";
ALTER TABLE "ChatPost" ALTER COLUMN "status" SET DEFAULT 'pending';
