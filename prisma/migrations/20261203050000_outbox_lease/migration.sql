-- The outbox without a transaction across a platform call: a post is claimed for a short lease,
-- sent outside any transaction, and its result recorded after. What the platform shows is kept
-- apart from what it should show, so an update that failed stays pending with its new content.
ALTER TABLE "ChatPost" ADD COLUMN "leaseUntil" TIMESTAMPTZ(3);
ALTER TABLE "ChatPost" ADD COLUMN "sentPayload" JSONB;
UPDATE "ChatPost" SET "sentPayload" = payload WHERE status = 'sent';
