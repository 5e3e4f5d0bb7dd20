-- A mark amended from chat that the MIS does not yet show: kept against imports that still
-- carry the MIS's earlier code, listed for the attendance officer until the MIS agrees (an
-- import carrying the chat's code), says something else (an import with a third code), or
-- someone confirms it was corrected there.
CREATE TABLE "MisUpdate" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "session" "Session" NOT NULL,
    "misCode" TEXT NOT NULL,
    "chatCode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "amendedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" TEXT,

    CONSTRAINT "MisUpdate_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "MisUpdate_schoolId_resolvedAt_idx" ON "MisUpdate"("schoolId", "resolvedAt");
CREATE INDEX "MisUpdate_pupilId_date_session_idx" ON "MisUpdate"("pupilId", "date", "session");
ALTER TABLE "MisUpdate" ADD CONSTRAINT "MisUpdate_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;
