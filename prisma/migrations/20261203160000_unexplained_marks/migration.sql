-- The marks still `N` (no reason yet): few at any time, and what the unexplained-absence list's
-- footer and the safeguarding duties look for among a school's year of marks. Indexed on their
-- own so finding them reads these rows, not every pupil's year.
CREATE INDEX "AttendanceMark_unexplained_idx" ON "AttendanceMark" ("schoolId", date) WHERE code = 'N';
