CREATE TABLE "admin_accounts" (
	"username" text PRIMARY KEY NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"disabled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "engine_versions" (
	"version" text PRIMARY KEY NOT NULL,
	"image_ref" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lobby_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"game_id" uuid NOT NULL,
	"applicant_user_id" uuid NOT NULL,
	"race_name" text NOT NULL,
	"canonical_key" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lobby_games" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"visibility" text NOT NULL,
	"owner_user_id" uuid,
	"status" text DEFAULT 'draft' NOT NULL,
	"min_players" integer NOT NULL,
	"max_players" integer NOT NULL,
	"start_gap_hours" integer NOT NULL,
	"start_gap_players" integer NOT NULL,
	"enrollment_ends_at" timestamp with time zone NOT NULL,
	"turn_schedule" text NOT NULL,
	"target_engine_version" text NOT NULL,
	"runtime_status" text DEFAULT 'not_started' NOT NULL,
	"engine_health" text,
	"current_turn" integer DEFAULT 0 NOT NULL,
	"node_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lobby_invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"game_id" uuid NOT NULL,
	"inviter_user_id" uuid NOT NULL,
	"invited_user_id" uuid,
	"code" text,
	"race_name" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "lobby_invites_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "lobby_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"game_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"race_name" text NOT NULL,
	"canonical_key" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	"removed_at" timestamp with time zone,
	"ban_reason" text
);
--> statement-breakpoint
ALTER TABLE "lobby_applications" ADD CONSTRAINT "lobby_applications_game_id_lobby_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."lobby_games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lobby_invites" ADD CONSTRAINT "lobby_invites_game_id_lobby_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."lobby_games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lobby_memberships" ADD CONSTRAINT "lobby_memberships_game_id_lobby_games_id_fk" FOREIGN KEY ("game_id") REFERENCES "public"."lobby_games"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "lobby_applications_one_pending_idx" ON "lobby_applications" USING btree ("game_id","applicant_user_id") WHERE "lobby_applications"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "lobby_applications_game_idx" ON "lobby_applications" USING btree ("game_id","created_at","id");--> statement-breakpoint
CREATE INDEX "lobby_applications_applicant_idx" ON "lobby_applications" USING btree ("applicant_user_id","created_at","id");--> statement-breakpoint
CREATE INDEX "lobby_games_visibility_created_idx" ON "lobby_games" USING btree ("visibility","created_at","id");--> statement-breakpoint
CREATE INDEX "lobby_games_owner_idx" ON "lobby_games" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "lobby_games_enrollment_due_idx" ON "lobby_games" USING btree ("enrollment_ends_at") WHERE "lobby_games"."status" = 'enrollment_open';--> statement-breakpoint
CREATE INDEX "lobby_invites_game_idx" ON "lobby_invites" USING btree ("game_id","created_at","id");--> statement-breakpoint
CREATE INDEX "lobby_invites_invited_idx" ON "lobby_invites" USING btree ("invited_user_id");--> statement-breakpoint
CREATE INDEX "lobby_invites_inviter_idx" ON "lobby_invites" USING btree ("inviter_user_id");--> statement-breakpoint
CREATE INDEX "lobby_invites_pending_expiry_idx" ON "lobby_invites" USING btree ("expires_at") WHERE "lobby_invites"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "lobby_memberships_active_user_idx" ON "lobby_memberships" USING btree ("game_id","user_id") WHERE "lobby_memberships"."status" = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "lobby_memberships_active_race_idx" ON "lobby_memberships" USING btree ("game_id","canonical_key") WHERE "lobby_memberships"."status" = 'active';--> statement-breakpoint
CREATE INDEX "lobby_memberships_game_idx" ON "lobby_memberships" USING btree ("game_id","joined_at","id");--> statement-breakpoint
CREATE INDEX "lobby_memberships_user_idx" ON "lobby_memberships" USING btree ("user_id");