-- Ladder letters drafted per parent, with their figures as on the day; one-time downloads of drafts.
CREATE TABLE "LetterDraft" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "stepKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "contactId" INTEGER NOT NULL,
    "parentName" TEXT NOT NULL,
    "asOf" DATE NOT NULL,
    "values" JSONB NOT NULL,
    "draftedBy" TEXT NOT NULL,
    "draftedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentOn" DATE,

    CONSTRAINT "LetterDraft_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "LetterDraft_schoolId_pupilId_stepKey_idx" ON "LetterDraft"("schoolId", "pupilId", "stepKey");
ALTER TABLE "LetterDraft" ADD CONSTRAINT "LetterDraft_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "LetterDraft" ADD CONSTRAINT "LetterDraft_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "LetterDownload" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "givenTo" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "body" BYTEA,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "usedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LetterDownload_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "LetterDownload" ADD CONSTRAINT "LetterDownload_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;
