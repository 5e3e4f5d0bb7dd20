-- When each job last finished for a school and a school day: the healing check runs again, the
-- same day, any scheduled job whose time has passed with no run finished since.
CREATE TABLE "JobRun" (
    "schoolId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("schoolId", "kind", "date"),
    CONSTRAINT "JobRun_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
