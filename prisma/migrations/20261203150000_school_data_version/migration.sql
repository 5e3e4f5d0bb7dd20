-- A school's data version: bumped by every statement that changes what an evaluation of its roll
-- reads (marks, the roll, contacts, casework, notices). A process keeps an evaluation of the
-- roll while the version it was read at is still the school's, in any process.
CREATE TABLE "SchoolDataVersion" (
    "schoolId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "SchoolDataVersion_pkey" PRIMARY KEY ("schoolId")
);

CREATE FUNCTION attendance_bump_versions(ids TEXT[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "SchoolDataVersion" ("schoolId", version)
  SELECT DISTINCT id, 1 FROM unnest(ids) AS id WHERE id IS NOT NULL
  ORDER BY 1
  ON CONFLICT ("schoolId") DO UPDATE SET version = "SchoolDataVersion".version + 1
$$;

CREATE FUNCTION attendance_bump_attendancemark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "AttendanceMark_version_insert" AFTER INSERT ON "AttendanceMark" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_attendancemark();
CREATE TRIGGER "AttendanceMark_version_update" AFTER UPDATE ON "AttendanceMark" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_attendancemark();
CREATE TRIGGER "AttendanceMark_version_delete" AFTER DELETE ON "AttendanceMark" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_attendancemark();

CREATE FUNCTION attendance_bump_pupil() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Pupil_version_insert" AFTER INSERT ON "Pupil" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_pupil();
CREATE TRIGGER "Pupil_version_update" AFTER UPDATE ON "Pupil" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_pupil();
CREATE TRIGGER "Pupil_version_delete" AFTER DELETE ON "Pupil" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_pupil();

CREATE FUNCTION attendance_bump_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Case_version_insert" AFTER INSERT ON "Case" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_case();
CREATE TRIGGER "Case_version_update" AFTER UPDATE ON "Case" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_case();
CREATE TRIGGER "Case_version_delete" AFTER DELETE ON "Case" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_case();

CREATE FUNCTION attendance_bump_penaltynotice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "PenaltyNotice_version_insert" AFTER INSERT ON "PenaltyNotice" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynotice();
CREATE TRIGGER "PenaltyNotice_version_update" AFTER UPDATE ON "PenaltyNotice" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynotice();
CREATE TRIGGER "PenaltyNotice_version_delete" AFTER DELETE ON "PenaltyNotice" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynotice();

CREATE FUNCTION attendance_bump_noticetoimprove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT r."schoolId" FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "NoticeToImprove_version_insert" AFTER INSERT ON "NoticeToImprove" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_noticetoimprove();
CREATE TRIGGER "NoticeToImprove_version_update" AFTER UPDATE ON "NoticeToImprove" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_noticetoimprove();
CREATE TRIGGER "NoticeToImprove_version_delete" AFTER DELETE ON "NoticeToImprove" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_noticetoimprove();

CREATE FUNCTION attendance_bump_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT p."schoolId" FROM "Pupil" p WHERE p.id = r."pupilId") FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT p."schoolId" FROM "Pupil" p WHERE p.id = r."pupilId") FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "Contact_version_insert" AFTER INSERT ON "Contact" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_contact();
CREATE TRIGGER "Contact_version_update" AFTER UPDATE ON "Contact" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_contact();
CREATE TRIGGER "Contact_version_delete" AFTER DELETE ON "Contact" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_contact();

CREATE FUNCTION attendance_bump_ladderstep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId") FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId") FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "LadderStep_version_insert" AFTER INSERT ON "LadderStep" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_ladderstep();
CREATE TRIGGER "LadderStep_version_update" AFTER UPDATE ON "LadderStep" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_ladderstep();
CREATE TRIGGER "LadderStep_version_delete" AFTER DELETE ON "LadderStep" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_ladderstep();

CREATE FUNCTION attendance_bump_caseaction() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId") FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId") FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "CaseAction_version_insert" AFTER INSERT ON "CaseAction" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_caseaction();
CREATE TRIGGER "CaseAction_version_update" AFTER UPDATE ON "CaseAction" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_caseaction();
CREATE TRIGGER "CaseAction_version_delete" AFTER DELETE ON "CaseAction" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_caseaction();

CREATE FUNCTION attendance_bump_penaltynoticemark() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT n."schoolId" FROM "PenaltyNotice" n WHERE n.id = r."noticeId") FROM old_rows r));
  ELSE
    PERFORM attendance_bump_versions(ARRAY(SELECT DISTINCT (SELECT n."schoolId" FROM "PenaltyNotice" n WHERE n.id = r."noticeId") FROM new_rows r));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "PenaltyNoticeMark_version_insert" AFTER INSERT ON "PenaltyNoticeMark" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynoticemark();
CREATE TRIGGER "PenaltyNoticeMark_version_update" AFTER UPDATE ON "PenaltyNoticeMark" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynoticemark();
CREATE TRIGGER "PenaltyNoticeMark_version_delete" AFTER DELETE ON "PenaltyNoticeMark" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_penaltynoticemark();
