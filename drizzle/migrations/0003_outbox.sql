CREATE TABLE "lifecycle_outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"room_id" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"acknowledged_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "rooms" ADD COLUMN "managed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "lifecycle_outbox_room_idx" ON "lifecycle_outbox" USING btree ("room_id","id");--> statement-breakpoint
CREATE INDEX "lifecycle_outbox_due_idx" ON "lifecycle_outbox" USING btree ("next_attempt_at") WHERE "lifecycle_outbox"."state" = 'pending';--> statement-breakpoint
-- rooms created by the matchmaking service are the ones with a fixed list of players
UPDATE "rooms" SET "managed" = true WHERE jsonb_array_length("player_ids") > 0;--> statement-breakpoint
-- results still owed to the platform move into the outbox, due at once
INSERT INTO "lifecycle_outbox" ("room_id", "kind", "payload", "attempts", "last_error", "created_at", "next_attempt_at")
  SELECT "room_id", 'finished', "payload", "attempts", "last_error", "created_at", now() FROM "persist_failed" ORDER BY "created_at";--> statement-breakpoint
DROP TABLE "persist_failed" CASCADE;
