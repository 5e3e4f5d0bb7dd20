-- One sync of a school at a time, across processes: a sync holds a lease until it ends (or the
-- lease runs out, should its process die).
ALTER TABLE "MisConnection" ADD COLUMN "syncLeaseUntil" TIMESTAMPTZ(3);
