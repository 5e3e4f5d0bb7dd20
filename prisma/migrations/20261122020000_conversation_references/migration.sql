-- CreateTable
CREATE TABLE "ConversationReference" (
    "conversationId" TEXT NOT NULL,
    "schoolId" TEXT,
    "aadObjectId" TEXT,
    "reference" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConversationReference_pkey" PRIMARY KEY ("conversationId")
);

-- CreateIndex
CREATE INDEX "ConversationReference_schoolId_aadObjectId_idx" ON "ConversationReference"("schoolId", "aadObjectId");
