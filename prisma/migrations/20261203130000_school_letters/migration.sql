-- A school's letters: its own templates, its address and who signs.
CREATE TABLE "SchoolLetters" (
    "schoolId" TEXT NOT NULL,
    "address" TEXT,
    "signatory" TEXT,
    "templates" JSONB NOT NULL DEFAULT '[]',
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SchoolLetters_pkey" PRIMARY KEY ("schoolId")
);
ALTER TABLE "SchoolLetters" ADD CONSTRAINT "SchoolLetters_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;
