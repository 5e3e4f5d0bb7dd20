-- A school's data version: bumped by every statement that changes what an evaluation of its roll
-- reads (marks, the roll, contacts, casework, notices), in the statement's own transaction. A
-- process keeps an evaluation of the roll while the version it was read at is still the
-- school's, whoever wrote, in whatever process.
CREATE TABLE "SchoolDataVersion" (
    "schoolId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "SchoolDataVersion_pkey" PRIMARY KEY ("schoolId")
);

-- One function for every table: its argument is how a changed row names its school (`r` is the
-- row), read from the statement's transition table (`changed_rows`).
CREATE FUNCTION attendance_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'INSERT INTO "SchoolDataVersion" ("schoolId", version)
     SELECT DISTINCT s, 1 FROM (SELECT %s AS s FROM changed_rows r) x WHERE s IS NOT NULL ORDER BY 1
     ON CONFLICT ("schoolId") DO UPDATE SET version = "SchoolDataVersion".version + 1', TG_ARGV[0]);
  RETURN NULL;
END $$;

CREATE TRIGGER "AttendanceMark_version_insert" AFTER INSERT ON "AttendanceMark" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "AttendanceMark_version_update" AFTER UPDATE ON "AttendanceMark" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "AttendanceMark_version_delete" AFTER DELETE ON "AttendanceMark" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');

CREATE TRIGGER "Pupil_version_insert" AFTER INSERT ON "Pupil" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "Pupil_version_update" AFTER UPDATE ON "Pupil" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "Pupil_version_delete" AFTER DELETE ON "Pupil" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');

CREATE TRIGGER "Case_version_insert" AFTER INSERT ON "Case" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "Case_version_update" AFTER UPDATE ON "Case" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "Case_version_delete" AFTER DELETE ON "Case" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');

CREATE TRIGGER "PenaltyNotice_version_insert" AFTER INSERT ON "PenaltyNotice" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "PenaltyNotice_version_update" AFTER UPDATE ON "PenaltyNotice" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "PenaltyNotice_version_delete" AFTER DELETE ON "PenaltyNotice" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');

CREATE TRIGGER "NoticeToImprove_version_insert" AFTER INSERT ON "NoticeToImprove" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "NoticeToImprove_version_update" AFTER UPDATE ON "NoticeToImprove" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');
CREATE TRIGGER "NoticeToImprove_version_delete" AFTER DELETE ON "NoticeToImprove" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('r."schoolId"');

CREATE TRIGGER "Contact_version_insert" AFTER INSERT ON "Contact" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT p."schoolId" FROM "Pupil" p WHERE p.id = r."pupilId")');
CREATE TRIGGER "Contact_version_update" AFTER UPDATE ON "Contact" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT p."schoolId" FROM "Pupil" p WHERE p.id = r."pupilId")');
CREATE TRIGGER "Contact_version_delete" AFTER DELETE ON "Contact" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT p."schoolId" FROM "Pupil" p WHERE p.id = r."pupilId")');

CREATE TRIGGER "LadderStep_version_insert" AFTER INSERT ON "LadderStep" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');
CREATE TRIGGER "LadderStep_version_update" AFTER UPDATE ON "LadderStep" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');
CREATE TRIGGER "LadderStep_version_delete" AFTER DELETE ON "LadderStep" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');

CREATE TRIGGER "CaseAction_version_insert" AFTER INSERT ON "CaseAction" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');
CREATE TRIGGER "CaseAction_version_update" AFTER UPDATE ON "CaseAction" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');
CREATE TRIGGER "CaseAction_version_delete" AFTER DELETE ON "CaseAction" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT c."schoolId" FROM "Case" c WHERE c.id = r."caseId")');

CREATE TRIGGER "PenaltyNoticeMark_version_insert" AFTER INSERT ON "PenaltyNoticeMark" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT n."schoolId" FROM "PenaltyNotice" n WHERE n.id = r."noticeId")');
CREATE TRIGGER "PenaltyNoticeMark_version_update" AFTER UPDATE ON "PenaltyNoticeMark" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT n."schoolId" FROM "PenaltyNotice" n WHERE n.id = r."noticeId")');
CREATE TRIGGER "PenaltyNoticeMark_version_delete" AFTER DELETE ON "PenaltyNoticeMark" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION attendance_bump_version('(SELECT n."schoolId" FROM "PenaltyNotice" n WHERE n.id = r."noticeId")');
