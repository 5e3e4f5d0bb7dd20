-- Register marks are the legal record, kept six years: they do not hang on the pupil row by
-- a cascading foreign key. Imports check every UPN against the roll inside their
-- transaction, under a per-school lock, and pupils are never deleted (they get a leaving
-- date). Without the per-row foreign key check a year's register imports twice as fast.

-- DropForeignKey
ALTER TABLE "AttendanceMark" DROP CONSTRAINT "AttendanceMark_pupilId_fkey";
