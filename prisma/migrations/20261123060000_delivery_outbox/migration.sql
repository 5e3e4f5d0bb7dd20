-- Delivery as an outbox: a post's row (already written before it is sent) carries where it
-- goes (the Teams conversation reference), how many attempts failed, the last error, when to
-- try again, and whether it failed for good (a permanent error: not retried).
ALTER TABLE "ChatPost" ADD COLUMN "reference" JSONB;
ALTER TABLE "ChatPost" ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ChatPost" ADD COLUMN "lastError" TEXT;
ALTER TABLE "ChatPost" ADD COLUMN "nextAttemptAt" TIMESTAMPTZ(3);
CREATE INDEX "ChatPost_status_nextAttemptAt_idx" ON "ChatPost"("status", "nextAttemptAt");

-- A Teams conversation that answered 403/404 is dead: the jobs stop posting to it.
ALTER TABLE "ConversationReference" ADD COLUMN "deadAt" TIMESTAMPTZ(3);
