CREATE TYPE "public"."sentence_decision" AS ENUM('no_claim');--> statement-breakpoint
CREATE TABLE "sentence_decisions" (
	"article_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"sentence_index" integer NOT NULL,
	"author_id" text NOT NULL,
	"decision" "sentence_decision" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sentence_decisions_article_id_sentence_index_author_id_pk" PRIMARY KEY("article_id","sentence_index","author_id")
);
--> statement-breakpoint
CREATE TABLE "sentence_exclusions" (
	"article_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"sentence_index" integer NOT NULL,
	"reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sentence_exclusions_article_id_sentence_index_pk" PRIMARY KEY("article_id","sentence_index")
);
--> statement-breakpoint
ALTER TABLE "sentence_decisions" ADD CONSTRAINT "sentence_decisions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentence_decisions" ADD CONSTRAINT "sentence_decisions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentence_decisions" ADD CONSTRAINT "sentence_decisions_sentence_fk" FOREIGN KEY ("article_id","sentence_index") REFERENCES "public"."sentences"("article_id","index") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentence_exclusions" ADD CONSTRAINT "sentence_exclusions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentence_exclusions" ADD CONSTRAINT "sentence_exclusions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sentence_exclusions" ADD CONSTRAINT "sentence_exclusions_sentence_fk" FOREIGN KEY ("article_id","sentence_index") REFERENCES "public"."sentences"("article_id","index") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sentence_decisions_export_idx" ON "sentence_decisions" USING btree ("project_id","article_id","sentence_index","author_id");--> statement-breakpoint
CREATE INDEX "sentence_exclusions_project_idx" ON "sentence_exclusions" USING btree ("project_id","article_id","sentence_index");