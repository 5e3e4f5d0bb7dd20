-- The marks still `N` (no reason yet): few at any time, and what the unexplained-absence list's
-- footer looks for among a school's year of marks (an N older than five school days). Indexed
-- on their own so finding them reads these rows, not every pupil's year.
CREATE INDEX "AttendanceMark_unexplained_idx" ON "AttendanceMark" ("schoolId", date) WHERE code = 'N';
