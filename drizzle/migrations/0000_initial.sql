CREATE TABLE "rooms" (
	"id" text PRIMARY KEY NOT NULL,
	"game_rules" text NOT NULL,
	"node_name" text NOT NULL,
	"status" text DEFAULT 'created' NOT NULL,
	"player_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "game_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"room_id" text NOT NULL,
	"game_rules" text NOT NULL,
	"winner_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result_data" jsonb NOT NULL,
	"seed" text NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"turns_played" integer DEFAULT 0 NOT NULL,
	"duration_seconds" integer DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "game_results_room_id_unique" UNIQUE("room_id")
);
--> statement-breakpoint
CREATE INDEX "rooms_status_idx" ON "rooms" USING btree ("status");--> statement-breakpoint
CREATE INDEX "rooms_node_name_idx" ON "rooms" USING btree ("node_name");--> statement-breakpoint
CREATE INDEX "game_results_game_rules_idx" ON "game_results" USING btree ("game_rules");