-- Each Teams conversation kept with its kind: a personal chat is one person's; a group chat and
-- a channel are read by everyone in them. Posts for a role never go to a group chat.
ALTER TABLE "ConversationReference" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'personal';
UPDATE "ConversationReference" SET kind = CASE
  WHEN reference->'conversation'->>'conversationType' = 'channel' THEN 'channel'
  WHEN reference->'conversation'->>'conversationType' = 'groupChat' OR reference->'conversation'->>'isGroup' = 'true' THEN 'groupChat'
  ELSE 'personal' END;
