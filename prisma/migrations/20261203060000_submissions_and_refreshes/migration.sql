-- A submission from chat carries a key (Slack: the modal's view id and the form; Teams: the
-- activity id): a retried submission records once. Kept in the casework's own transaction.
CREATE TABLE "Submission" (
    "key" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "Submission_pkey" PRIMARY KEY ("key")
);
-- The day's shared lists to bring up to date after casework, asked for in the casework's
-- transaction and done by the outbox (and at once, in the background): a crash after the
-- commit leaves the request, not a stale list.
CREATE TABLE "ListRefresh" (
    "schoolId" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    CONSTRAINT "ListRefresh_pkey" PRIMARY KEY ("schoolId", "date"),
    CONSTRAINT "ListRefresh_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
