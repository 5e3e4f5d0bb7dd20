-- Slack workspaces installed by OAuth, their tokens sealed (AES-256-GCM under SECRETS_KEY).
CREATE TABLE "SlackInstallation" (
    "key" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botToken" TEXT NOT NULL,
    "botUserId" TEXT,
    "botId" TEXT,
    "scopes" TEXT[],
    "refreshToken" TEXT,
    "expiresAt" TIMESTAMPTZ(3),
    "installerUserId" TEXT,
    "details" JSONB NOT NULL,
    "installedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" TIMESTAMPTZ(3),

    CONSTRAINT "SlackInstallation_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "SlackInstallation_teamId_idx" ON "SlackInstallation"("teamId");
