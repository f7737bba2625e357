CREATE TYPE "public"."ui_locale" AS ENUM('en', 'de');--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "locale" "ui_locale";