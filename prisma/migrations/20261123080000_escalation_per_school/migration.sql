-- How long an unacknowledged flag waits before it escalates, in minutes of the school's hours,
-- and those hours: each school's own (null: 30 minutes, 08:00-17:00).
ALTER TABLE "School" ADD COLUMN "escalationMinutes" INTEGER;
ALTER TABLE "School" ADD COLUMN "schoolHoursFrom" TEXT;
ALTER TABLE "School" ADD COLUMN "schoolHoursTo" TEXT;
