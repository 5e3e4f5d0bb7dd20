-- Who amended a mark, by reference (a member of staff from chat); imports keep their label.
ALTER TABLE "MarkAmendment" ADD COLUMN "staffId" INTEGER;
UPDATE "MarkAmendment" t SET "staffId" = s.id FROM "Staff" s WHERE t."amendedBy" = 'staff:' || s.id;
ALTER TABLE "MarkAmendment" ADD CONSTRAINT "MarkAmendment_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "MarkAmendment_date_session_idx" ON "MarkAmendment"("date", "session");
