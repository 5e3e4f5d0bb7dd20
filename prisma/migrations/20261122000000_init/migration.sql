-- CreateEnum
CREATE TYPE "Session" AS ENUM ('AM', 'PM');

-- CreateEnum
CREATE TYPE "Platform" AS ENUM ('slack', 'teams');

-- CreateEnum
CREATE TYPE "ChannelPurpose" AS ENUM ('attendance', 'year', 'dsl', 'senior');

-- CreateEnum
CREATE TYPE "StaffRoleKind" AS ENUM ('attendance_officer', 'head_of_year', 'form_tutor', 'dsl', 'deputy_dsl', 'senior_leader');

-- CreateEnum
CREATE TYPE "SendStatus" AS ENUM ('none', 'support', 'ehcp');

-- CreateEnum
CREATE TYPE "SocialWorkerStatus" AS ENUM ('none', 'child_in_need', 'child_protection');

-- CreateEnum
CREATE TYPE "LookedAfterStatus" AS ENUM ('none', 'looked_after', 'previously_looked_after');

-- CreateTable
CREATE TABLE "School" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timezone" TEXT NOT NULL DEFAULT 'Europe/London',
    "amRegisterOpens" TEXT NOT NULL DEFAULT '08:45',
    "amRegisterCloses" TEXT NOT NULL DEFAULT '09:15',
    "pmRegisterOpens" TEXT NOT NULL DEFAULT '13:15',
    "pmRegisterCloses" TEXT NOT NULL DEFAULT '13:45',
    "penaltyCodes" TEXT[] DEFAULT ARRAY['G', 'O', 'U']::TEXT[],
    "ladder" JSONB NOT NULL,
    "slackTeamId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "School_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchoolChannel" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "purpose" "ChannelPurpose" NOT NULL,
    "yearGroup" INTEGER,
    "channelId" TEXT NOT NULL,
    "conversationReference" JSONB,

    CONSTRAINT "SchoolChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HalfTerm" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "start" DATE NOT NULL,
    "end" DATE NOT NULL,

    CONSTRAINT "HalfTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Closure" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "session" "Session",
    "reason" TEXT NOT NULL,

    CONSTRAINT "Closure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Pupil" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "upn" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "preferredName" TEXT,
    "yearGroup" INTEGER NOT NULL,
    "regGroup" TEXT NOT NULL,
    "dateOfBirth" DATE,
    "admissionDate" DATE NOT NULL,
    "leavingDate" DATE,
    "pupilPremium" BOOLEAN NOT NULL DEFAULT false,
    "freeSchoolMeals" BOOLEAN NOT NULL DEFAULT false,
    "send" "SendStatus" NOT NULL DEFAULT 'none',
    "socialWorker" "SocialWorkerStatus" NOT NULL DEFAULT 'none',
    "lookedAfter" "LookedAfterStatus" NOT NULL DEFAULT 'none',
    "youngCarer" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Pupil_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "relationship" TEXT NOT NULL,
    "parentalResponsibility" BOOLEAN NOT NULL DEFAULT true,
    "phone" TEXT,
    "email" TEXT,
    "priority" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "slackUserId" TEXT,
    "teamsAadObjectId" TEXT,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffRole" (
    "id" SERIAL NOT NULL,
    "staffId" INTEGER NOT NULL,
    "role" "StaffRoleKind" NOT NULL,
    "yearGroup" INTEGER,
    "regGroup" TEXT,

    CONSTRAINT "StaffRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceMark" (
    "pupilId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "session" "Session" NOT NULL,
    "schoolId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AttendanceMark_pkey" PRIMARY KEY ("pupilId","date","session")
);

-- CreateTable
CREATE TABLE "MarkAmendment" (
    "id" BIGSERIAL NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "session" "Session" NOT NULL,
    "originalCode" TEXT NOT NULL,
    "newCode" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "amendedBy" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "amendedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MarkAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "inserted" INTEGER NOT NULL,
    "amended" INTEGER NOT NULL,
    "unchanged" INTEGER NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LadderStep" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "stepKey" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "dueOn" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'due',
    "doneAt" TIMESTAMPTZ(3),
    "reviewOn" DATE,

    CONSTRAINT "LadderStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseAction" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "outcome" TEXT,
    "detail" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewOn" DATE,

    CONSTRAINT "CaseAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Meeting" (
    "id" SERIAL NOT NULL,
    "caseId" INTEGER NOT NULL,
    "scheduledAt" TIMESTAMPTZ(3) NOT NULL,
    "attendees" TEXT NOT NULL,
    "heldAt" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "bookedBy" TEXT NOT NULL,

    CONSTRAINT "Meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PenaltyNotice" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "contactId" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'requested',
    "sequence" INTEGER NOT NULL,
    "amountPence" INTEGER NOT NULL,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedOn" DATE,
    "requestedBy" TEXT NOT NULL,

    CONSTRAINT "PenaltyNotice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PenaltyNoticeMark" (
    "noticeId" INTEGER NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "date" DATE NOT NULL,
    "session" "Session" NOT NULL,

    CONSTRAINT "PenaltyNoticeMark_pkey" PRIMARY KEY ("pupilId","date","session")
);

-- CreateTable
CREATE TABLE "NoticeToImprove" (
    "id" TEXT NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "issuedOn" DATE NOT NULL,
    "improvementEndsOn" DATE NOT NULL,
    "supportOffered" TEXT NOT NULL,
    "improvementNeeded" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "issuedBy" TEXT NOT NULL,

    CONSTRAINT "NoticeToImprove_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SafeguardingFlag" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "pupilId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dateKey" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "level" INTEGER NOT NULL DEFAULT 0,
    "nextEscalationAt" TIMESTAMPTZ(3),
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,

    CONSTRAINT "SafeguardingFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatPost" (
    "id" SERIAL NOT NULL,
    "schoolId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "dateKey" TEXT NOT NULL,
    "session" TEXT NOT NULL DEFAULT '',
    "platform" "Platform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageRef" TEXT,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "ChatPost_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "schoolId" TEXT,
    "actor" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "detail" JSONB NOT NULL,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "School_slackTeamId_key" ON "School"("slackTeamId");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolChannel_schoolId_platform_purpose_yearGroup_key" ON "SchoolChannel"("schoolId", "platform", "purpose", "yearGroup");

-- CreateIndex
CREATE UNIQUE INDEX "HalfTerm_schoolId_start_key" ON "HalfTerm"("schoolId", "start");

-- CreateIndex
CREATE UNIQUE INDEX "Closure_schoolId_date_session_key" ON "Closure"("schoolId", "date", "session");

-- CreateIndex
CREATE INDEX "Pupil_schoolId_yearGroup_idx" ON "Pupil"("schoolId", "yearGroup");

-- CreateIndex
CREATE INDEX "Pupil_schoolId_regGroup_idx" ON "Pupil"("schoolId", "regGroup");

-- CreateIndex
CREATE INDEX "Pupil_schoolId_familyName_idx" ON "Pupil"("schoolId", "familyName");

-- CreateIndex
CREATE UNIQUE INDEX "Pupil_schoolId_upn_key" ON "Pupil"("schoolId", "upn");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_pupilId_name_key" ON "Contact"("pupilId", "name");

-- CreateIndex
CREATE INDEX "Staff_slackUserId_idx" ON "Staff"("slackUserId");

-- CreateIndex
CREATE INDEX "Staff_teamsAadObjectId_idx" ON "Staff"("teamsAadObjectId");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_schoolId_email_key" ON "Staff"("schoolId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_schoolId_slackUserId_key" ON "Staff"("schoolId", "slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Staff_schoolId_teamsAadObjectId_key" ON "Staff"("schoolId", "teamsAadObjectId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffRole_staffId_role_yearGroup_regGroup_key" ON "StaffRole"("staffId", "role", "yearGroup", "regGroup");

-- CreateIndex
CREATE INDEX "AttendanceMark_schoolId_date_session_idx" ON "AttendanceMark"("schoolId", "date", "session");

-- CreateIndex
CREATE INDEX "MarkAmendment_pupilId_date_session_idx" ON "MarkAmendment"("pupilId", "date", "session");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "Case_schoolId_status_idx" ON "Case"("schoolId", "status");

-- CreateIndex
CREATE INDEX "Case_pupilId_status_idx" ON "Case"("pupilId", "status");

-- CreateIndex
CREATE INDEX "LadderStep_status_dueOn_idx" ON "LadderStep"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "LadderStep_caseId_stepKey_dueOn_key" ON "LadderStep"("caseId", "stepKey", "dueOn");

-- CreateIndex
CREATE INDEX "CaseAction_caseId_occurredAt_idx" ON "CaseAction"("caseId", "occurredAt");

-- CreateIndex
CREATE INDEX "Meeting_caseId_idx" ON "Meeting"("caseId");

-- CreateIndex
CREATE INDEX "PenaltyNotice_pupilId_requestedAt_idx" ON "PenaltyNotice"("pupilId", "requestedAt");

-- CreateIndex
CREATE INDEX "PenaltyNoticeMark_noticeId_idx" ON "PenaltyNoticeMark"("noticeId");

-- CreateIndex
CREATE INDEX "NoticeToImprove_pupilId_status_idx" ON "NoticeToImprove"("pupilId", "status");

-- CreateIndex
CREATE INDEX "SafeguardingFlag_schoolId_acknowledgedAt_idx" ON "SafeguardingFlag"("schoolId", "acknowledgedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SafeguardingFlag_schoolId_pupilId_kind_dateKey_key" ON "SafeguardingFlag"("schoolId", "pupilId", "kind", "dateKey");

-- CreateIndex
CREATE UNIQUE INDEX "ChatPost_schoolId_kind_dateKey_session_platform_channelId_key" ON "ChatPost"("schoolId", "kind", "dateKey", "session", "platform", "channelId");

-- CreateIndex
CREATE INDEX "AuditLog_schoolId_at_idx" ON "AuditLog"("schoolId", "at");

-- CreateIndex
CREATE INDEX "AuditLog_subjectType_subjectId_idx" ON "AuditLog"("subjectType", "subjectId");

-- AddForeignKey
ALTER TABLE "SchoolChannel" ADD CONSTRAINT "SchoolChannel_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HalfTerm" ADD CONSTRAINT "HalfTerm_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Closure" ADD CONSTRAINT "Closure_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Pupil" ADD CONSTRAINT "Pupil_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffRole" ADD CONSTRAINT "StaffRole_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "Staff"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceMark" ADD CONSTRAINT "AttendanceMark_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MarkAmendment" ADD CONSTRAINT "MarkAmendment_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LadderStep" ADD CONSTRAINT "LadderStep_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseAction" ADD CONSTRAINT "CaseAction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PenaltyNotice" ADD CONSTRAINT "PenaltyNotice_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PenaltyNotice" ADD CONSTRAINT "PenaltyNotice_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PenaltyNotice" ADD CONSTRAINT "PenaltyNotice_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PenaltyNoticeMark" ADD CONSTRAINT "PenaltyNoticeMark_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "PenaltyNotice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeToImprove" ADD CONSTRAINT "NoticeToImprove_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NoticeToImprove" ADD CONSTRAINT "NoticeToImprove_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafeguardingFlag" ADD CONSTRAINT "SafeguardingFlag_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafeguardingFlag" ADD CONSTRAINT "SafeguardingFlag_pupilId_fkey" FOREIGN KEY ("pupilId") REFERENCES "Pupil"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatPost" ADD CONSTRAINT "ChatPost_schoolId_fkey" FOREIGN KEY ("schoolId") REFERENCES "School"("id") ON DELETE CASCADE ON UPDATE CASCADE;
