ALTER TABLE "claims" ADD COLUMN "sources_json" text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE "claims" ADD COLUMN "sources_csv" text DEFAULT '0,,,' NOT NULL;