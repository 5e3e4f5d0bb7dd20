-- What the alerts last told staff about each pupil (the penalty threshold reached, PA/SA): a
-- crossing is decided against this, not against a re-evaluation of the previous school day, so
-- a crossing through back-dated marks is alerted the day it lands, and nobody is alerted twice.
CREATE TABLE "AnnouncedState" (
    "schoolId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "state" TEXT NOT NULL,
    "previous" TEXT NOT NULL,
    "changedOn" DATE NOT NULL,
    CONSTRAINT "AnnouncedState_pkey" PRIMARY KEY ("schoolId", "kind", "pupilId"),
    CONSTRAINT "AnnouncedState_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
