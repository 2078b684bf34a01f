-- What the public pages show changes with these tables. Each write to them
-- moves its scope's version on, so every instance can drop the pages it has
-- cached from that scope (server/src/http/page_cache.rs, ADR 010): through
-- triggers, no write path can forget it, direct SQL included.
-- PostgreSQL: a sequence per scope. nextval takes no row lock, so writers
-- never queue or deadlock on a shared counter; it is not transactional, so
-- a reader may see the number move just before the write commits, which
-- the cache allows for (it drops the scope again on its next look).
CREATE SEQUENCE public_version_air;
CREATE SEQUENCE public_version_cases;
CREATE SEQUENCE public_version_content;
-- Read as SQLite's table is, so one query serves both engines. A sequence
-- never used reads 1 with is_called false, and still 1 after its first use.
CREATE VIEW public_versions AS
    SELECT 'air' AS scope, CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM public_version_air
    UNION ALL SELECT 'cases', CASE WHEN is_called THEN last_value ELSE 0 END FROM public_version_cases
    UNION ALL SELECT 'content', CASE WHEN is_called THEN last_value ELSE 0 END FROM public_version_content;
CREATE FUNCTION public_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('public_version_' || TG_ARGV[0]);
    RETURN NULL;
END
$$;
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON air_stations
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('air');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON air_readings
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('air');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON air_station_daily
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('air');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON air_district_daily
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('air');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON air_targets
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('air');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cases
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('cases');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON case_supporters
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('cases');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON units
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('cases');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON complaint_categories
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('cases');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON work_calendar
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('cases');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaigns
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('content');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON campaign_events
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('content');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON news_articles
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('content');
CREATE TRIGGER public_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON environment_days
    FOR EACH STATEMENT EXECUTE FUNCTION public_changed('content');
