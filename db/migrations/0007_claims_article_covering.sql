DROP INDEX "claims_article_idx";--> statement-breakpoint
CREATE INDEX "claims_article_idx" ON "claims" USING btree ("article_id","start","deleted_at","author_id","updated_at");