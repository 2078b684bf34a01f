-- What the public pages show changes with these tables. Each write to them
-- moves its scope's version on, so every instance can drop the pages it has
-- cached from that scope (server/src/http/page_cache.rs, ADR 010): through
-- triggers, no write path can forget it, direct SQL included.
-- SQLite: a counter per scope, moved on in the writing transaction (one
-- writer at a time, so the row costs no contention).
CREATE TABLE public_versions (
    scope TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO public_versions (scope, n) VALUES ('air', 0), ('cases', 0), ('content', 0);
CREATE TRIGGER public_air_stations_insert AFTER INSERT ON air_stations
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_stations_update AFTER UPDATE ON air_stations
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_stations_delete AFTER DELETE ON air_stations
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_readings_insert AFTER INSERT ON air_readings
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_readings_update AFTER UPDATE ON air_readings
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_readings_delete AFTER DELETE ON air_readings
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_station_daily_insert AFTER INSERT ON air_station_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_station_daily_update AFTER UPDATE ON air_station_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_station_daily_delete AFTER DELETE ON air_station_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_district_daily_insert AFTER INSERT ON air_district_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_district_daily_update AFTER UPDATE ON air_district_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_district_daily_delete AFTER DELETE ON air_district_daily
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_targets_insert AFTER INSERT ON air_targets
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_targets_update AFTER UPDATE ON air_targets
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_air_targets_delete AFTER DELETE ON air_targets
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'air'; END;
CREATE TRIGGER public_cases_insert AFTER INSERT ON cases
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_cases_update AFTER UPDATE ON cases
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_cases_delete AFTER DELETE ON cases
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_case_supporters_insert AFTER INSERT ON case_supporters
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_case_supporters_update AFTER UPDATE ON case_supporters
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_case_supporters_delete AFTER DELETE ON case_supporters
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_units_insert AFTER INSERT ON units
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_units_update AFTER UPDATE ON units
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_units_delete AFTER DELETE ON units
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_complaint_categories_insert AFTER INSERT ON complaint_categories
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_complaint_categories_update AFTER UPDATE ON complaint_categories
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_complaint_categories_delete AFTER DELETE ON complaint_categories
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_work_calendar_insert AFTER INSERT ON work_calendar
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_work_calendar_update AFTER UPDATE ON work_calendar
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_work_calendar_delete AFTER DELETE ON work_calendar
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'cases'; END;
CREATE TRIGGER public_campaigns_insert AFTER INSERT ON campaigns
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_campaigns_update AFTER UPDATE ON campaigns
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_campaigns_delete AFTER DELETE ON campaigns
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_campaign_events_insert AFTER INSERT ON campaign_events
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_campaign_events_update AFTER UPDATE ON campaign_events
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_campaign_events_delete AFTER DELETE ON campaign_events
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_news_articles_insert AFTER INSERT ON news_articles
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_news_articles_update AFTER UPDATE ON news_articles
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_news_articles_delete AFTER DELETE ON news_articles
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_environment_days_insert AFTER INSERT ON environment_days
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_environment_days_update AFTER UPDATE ON environment_days
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
CREATE TRIGGER public_environment_days_delete AFTER DELETE ON environment_days
BEGIN UPDATE public_versions SET n = n + 1 WHERE scope = 'content'; END;
