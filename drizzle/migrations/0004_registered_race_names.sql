CREATE TABLE "lobby_registered_race_names" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"canonical_key" text NOT NULL,
	"source_game_id" uuid,
	"reserved_at" timestamp with time zone,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lobby_registered_race_names_canonical_key_unique" UNIQUE("canonical_key")
);
--> statement-breakpoint
ALTER TABLE "lobby_registered_race_names" ADD CONSTRAINT "lobby_registered_race_names_source_game_id_lobby_games_id_fk" FOREIGN KEY ("source_game_id") REFERENCES "public"."lobby_games"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lobby_registered_race_names_owner_idx" ON "lobby_registered_race_names" USING btree ("owner_user_id","registered_at","id");