-- What the DSL did when acknowledging a flag: a choice and a note.
ALTER TABLE "SafeguardingFlag" ADD COLUMN "acknowledgedAction" TEXT;
ALTER TABLE "SafeguardingFlag" ADD COLUMN "acknowledgedNote" TEXT;
