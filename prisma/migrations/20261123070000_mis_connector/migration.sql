-- A school connected to its MIS through an aggregator (Wonde): which school there, and whether
-- codes changed from chat are written back. The token is the product's, in the environment.
CREATE TABLE "MisConnection" (
    "schoolId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "misSchoolId" TEXT NOT NULL,
    "writeBack" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MisConnection_pkey" PRIMARY KEY ("schoolId")
);
ALTER TABLE "MisConnection" ADD CONSTRAINT "MisConnection_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Per school and resource (students, attendance, codes): where an incremental sync starts
-- (`updated_after`), and how the last one went.
CREATE TABLE "MisSyncState" (
    "schoolId" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "cursor" TIMESTAMPTZ(3),
    "lastSyncAt" TIMESTAMPTZ(3),
    "lastRows" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    CONSTRAINT "MisSyncState_pkey" PRIMARY KEY ("schoolId", "resource")
);
ALTER TABLE "MisSyncState" ADD CONSTRAINT "MisSyncState_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The MIS's own id of each pupil: marks and write-back name pupils by it.
CREATE TABLE "MisStudent" (
    "schoolId" TEXT NOT NULL,
    "ref" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    CONSTRAINT "MisStudent_pkey" PRIMARY KEY ("schoolId", "ref")
);
CREATE INDEX "MisStudent_schoolId_upn_idx" ON "MisStudent"("schoolId", "upn");
ALTER TABLE "MisStudent" ADD CONSTRAINT "MisStudent_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A change from chat written back to the MIS (or why it could not be).
ALTER TABLE "MisUpdate" ADD COLUMN "writtenBackAt" TIMESTAMPTZ(3);
ALTER TABLE "MisUpdate" ADD COLUMN "writeBackError" TEXT;
