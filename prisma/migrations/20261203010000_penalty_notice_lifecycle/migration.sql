-- A penalty notice has a life after the request: issued by the local authority (on its day),
-- paid, withdrawn, refused by the LA, or referred for prosecution (unpaid). The three-year rule
-- runs on notices issued. Each change keeps its day and a note.
-- The school day of the request (requestedAt is the moment it was recorded).
ALTER TABLE "PenaltyNotice" ADD COLUMN "requestedOn" DATE;
ALTER TABLE "PenaltyNotice" ADD COLUMN "statusOn" DATE;
ALTER TABLE "PenaltyNotice" ADD COLUMN "statusNote" TEXT;
-- "Parent" in the Education Act 1996 (s576) includes anyone with care of the child, besides
-- those with parental responsibility.
ALTER TABLE "Contact" ADD COLUMN "hasCare" BOOLEAN NOT NULL DEFAULT false;
