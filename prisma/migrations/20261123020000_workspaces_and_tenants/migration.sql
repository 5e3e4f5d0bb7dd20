-- A school's chat identities are resolved within its Slack workspace and its Teams tenant.
-- Several schools of a trust may share one workspace or tenant, so neither is unique.
DROP INDEX IF EXISTS "School_slackTeamId_key";
ALTER TABLE "School" ADD COLUMN "teamsTenantId" TEXT;
CREATE INDEX "School_slackTeamId_idx" ON "School"("slackTeamId");
CREATE INDEX "School_teamsTenantId_idx" ON "School"("teamsTenantId");

-- A personal conversation belongs to a person in a tenant, not to one school: a person with
-- roles in two schools of a trust is reached in the same chat for both.
ALTER TABLE "ConversationReference" ADD COLUMN "tenantId" TEXT;
UPDATE "ConversationReference" SET "tenantId" = lower("reference"->'conversation'->>'tenantId');
DROP INDEX IF EXISTS "ConversationReference_schoolId_aadObjectId_idx";
ALTER TABLE "ConversationReference" DROP COLUMN "schoolId";
CREATE INDEX "ConversationReference_tenantId_aadObjectId_idx" ON "ConversationReference"("tenantId", "aadObjectId");
