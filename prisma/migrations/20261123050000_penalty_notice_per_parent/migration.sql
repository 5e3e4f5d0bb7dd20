-- Penalty notices go to a parent: each parent with parental responsibility may be issued one
-- for the same sessions, so a mark is linked at most once per parent (contactKey: the
-- contact's id; 0 for a notice recorded before notices named a parent).
ALTER TABLE "PenaltyNoticeMark" ADD COLUMN "contactKey" INTEGER NOT NULL DEFAULT 0;
UPDATE "PenaltyNoticeMark" m SET "contactKey" = coalesce(n."contactId", 0) FROM "PenaltyNotice" n WHERE n.id = m."noticeId";
ALTER TABLE "PenaltyNoticeMark" DROP CONSTRAINT "PenaltyNoticeMark_pkey";
ALTER TABLE "PenaltyNoticeMark" ADD CONSTRAINT "PenaltyNoticeMark_pkey" PRIMARY KEY ("pupilId", "date", "session", "contactKey");
CREATE INDEX "PenaltyNotice_contactId_idx" ON "PenaltyNotice"("contactId");
