CREATE TABLE "game_replays" (
	"room_id" text PRIMARY KEY NOT NULL,
	"game_rules" text NOT NULL,
	"format" integer NOT NULL,
	"seed" text NOT NULL,
	"options" jsonb NOT NULL,
	"player_ids" jsonb NOT NULL,
	"context" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"step_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
