CREATE TYPE "public"."anchor_state" AS ENUM('placed', 'needs_confirmation', 'orphaned');--> statement-breakpoint
CREATE TABLE "article_revisions" (
	"article_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"text" text NOT NULL,
	"content_hash" text NOT NULL,
	"sentences" jsonb NOT NULL,
	"source_url" text,
	"published_at" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "article_revisions_article_id_number_pk" PRIMARY KEY("article_id","number")
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "anchor_state" "anchor_state" DEFAULT 'placed' NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "anchor_revision" integer;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "reanchor" jsonb;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_revisions" ADD CONSTRAINT "article_revisions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "articles_project_source_idx" ON "articles" USING btree ("project_id","source_url");