-- A school's marks are read through its roll: each pupil's range of the primary key
-- (pupil, date, session). The second index, (school, date, session), cost as much to keep
-- up as the rest of an import together (measured: a 2,000-pupil year, 760,000 marks, COPYed
-- in 1.4 s without it and 2.9-3.5 s with it) and no read needs it any longer.

-- DropIndex
DROP INDEX IF EXISTS "AttendanceMark_schoolId_date_session_idx";
