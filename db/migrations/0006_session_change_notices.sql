-- Announces every change to a session or a user on the NOTIFY channel
-- claimwork_sessions, so each app instance drops what it caches about them
-- (server/session-cache.ts): a sign-out, a revoked session, a password change
-- (which ends the other sessions) or a changed site-admin flag takes effect on
-- the next request on every instance. A trigger, not the app, so no path that
-- changes these rows — better-auth's own, a script, psql — can skip it.
-- Payloads carry ids only, never a session token.
CREATE FUNCTION claimwork_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('claimwork_sessions', CASE WHEN TG_TABLE_NAME = 'sessions' THEN 'session:' ELSE 'user:' END || OLD.id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_change_notice AFTER UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION claimwork_notify_session_change();
--> statement-breakpoint
CREATE TRIGGER users_change_notice AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION claimwork_notify_session_change();
