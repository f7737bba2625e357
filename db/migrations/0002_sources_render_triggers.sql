-- A claim's sources rendered as the JSONL and CSV exports write them, kept in
-- claims.sources_json and claims.sources_csv (added by 0001) by triggers on
-- `sources`, so an export page needs no per-claim lookup of sources: at a
-- million claims that lookup cost a third of the export's database time.
-- Byte for byte what lib/export writes (server/export-sql.test.ts compares the
-- two on hostile data); a change to either format needs a new migration that
-- replaces render_claim_sources and re-renders every claim.

-- One CSV cell as lib/export/csv.ts writes a text value: neutralised against
-- formula injection (a leading ' before = + - @ tab CR), then quoted when it
-- holds ", comma, CR or LF, with " doubled. A one-expression SQL function, so
-- the planner inlines it into export queries (server/export-sql.ts).
CREATE FUNCTION csv_cell(x text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN x LIKE '%"%' OR x LIKE '%,%' OR x LIKE E'%\r%' OR x LIKE E'%\n%'
    THEN '"' || replace(CASE WHEN ascii(x) IN (9, 13, 43, 45, 61, 64) THEN '''' || x ELSE x END, '"', '""') || '"'
    ELSE CASE WHEN ascii(x) IN (9, 13, 43, 45, 61, 64) THEN '''' || x ELSE x END
  END
$$;
--> statement-breakpoint

-- Re-renders the given claims from their current sources (in `position` order).
-- sources_json: the JSONL `sources` array, keys in pickSource's order; to_json
-- escapes exactly as JSON.stringify does for text Postgres can hold.
-- sources_csv: the cells source_count, source_urls, source_stances and
-- source_titles (lists joined with CSV_LIST_SEPARATOR, " | ").
CREATE FUNCTION render_claim_sources(claim_ids uuid[]) RETURNS void LANGUAGE sql AS $$
  UPDATE claims c SET sources_json = r.sources_json, sources_csv = r.sources_csv
  FROM (
    SELECT ids.id,
      coalesce('[' || string_agg(
        '{"id":"' || s.id || '","url":' || to_json(s.url)::text || ',"title":' || to_json(s.title)::text
        || ',"publisher":' || to_json(s.publisher)::text || ',"stance":' || to_json(s.stance)::text
        || ',"excerpt":' || to_json(s.excerpt)::text || ',"accessedOn":' || coalesce(to_json(s.accessed_on)::text, 'null')
        || ',"archiveUrl":' || coalesce(to_json(s.archive_url)::text, 'null') || '}',
        ',' ORDER BY s.position) || ']', '[]') AS sources_json,
      count(s.id) || ',' || csv_cell(coalesce(string_agg(s.url, ' | ' ORDER BY s.position), ''))
        || ',' || csv_cell(coalesce(string_agg(s.stance, ' | ' ORDER BY s.position), ''))
        || ',' || csv_cell(coalesce(string_agg(s.title, ' | ' ORDER BY s.position), '')) AS sources_csv
    FROM unnest(claim_ids) AS ids(id)
    LEFT JOIN sources s ON s.claim_id = ids.id
    GROUP BY ids.id
  ) r
  WHERE c.id = r.id AND (c.sources_json, c.sources_csv) IS DISTINCT FROM (r.sources_json, r.sources_csv)
$$;
--> statement-breakpoint

-- Statement-level, with transition tables: a bulk import of a million sources
-- re-renders in one UPDATE, a save in one. Rows of claims deleted by the same
-- statement (a cascade) are simply not found.
CREATE FUNCTION sources_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM render_claim_sources(array(SELECT DISTINCT claim_id FROM new_sources));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM render_claim_sources(array(SELECT DISTINCT claim_id FROM old_sources));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM render_claim_sources(array(SELECT claim_id FROM new_sources UNION SELECT claim_id FROM old_sources));
  ELSE -- TRUNCATE
    UPDATE claims SET sources_json = '[]', sources_csv = '0,,,' WHERE sources_json <> '[]' OR sources_csv <> '0,,,';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sources_inserted AFTER INSERT ON sources REFERENCING NEW TABLE AS new_sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_changed();
--> statement-breakpoint
CREATE TRIGGER sources_updated AFTER UPDATE ON sources REFERENCING OLD TABLE AS old_sources NEW TABLE AS new_sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_changed();
--> statement-breakpoint
CREATE TRIGGER sources_deleted AFTER DELETE ON sources REFERENCING OLD TABLE AS old_sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_changed();
--> statement-breakpoint
CREATE TRIGGER sources_truncated AFTER TRUNCATE ON sources
  FOR EACH STATEMENT EXECUTE FUNCTION sources_changed();
--> statement-breakpoint

-- Claims saved before this migration.
SELECT render_claim_sources(array(SELECT DISTINCT claim_id FROM sources));
