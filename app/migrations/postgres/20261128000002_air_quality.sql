-- Air quality: stations, their hourly readings, and the daily values
-- precomputed on ingest so that pages never scan years of hourly data.

CREATE TABLE air_stations (
    id BIGSERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    town TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    kind TEXT NOT NULL,
    demo BIGINT NOT NULL DEFAULT 0
);

-- One row per station and hour: a re-sent hour replaces, never duplicates.
-- hour = start of the hour, Unix seconds (UTC). NULL = not measured.
CREATE TABLE air_readings (
    station_id BIGINT NOT NULL REFERENCES air_stations (id),
    hour BIGINT NOT NULL,
    pm25 DOUBLE PRECISION,
    pm10 DOUBLE PRECISION,
    o3 DOUBLE PRECISION,
    no2 DOUBLE PRECISION,
    so2 DOUBLE PRECISION,
    co DOUBLE PRECISION,
    received_at TEXT NOT NULL,
    PRIMARY KEY (station_id, hour)
);
CREATE INDEX air_readings_hour ON air_readings (hour);

-- Daily values (HJ 663) per station; day = Shanghai date YYYY-MM-DD.
-- A value is NULL when the day lacks the data for it.
CREATE TABLE air_station_daily (
    station_id BIGINT NOT NULL REFERENCES air_stations (id),
    day TEXT NOT NULL,
    pm25 DOUBLE PRECISION,
    pm10 DOUBLE PRECISION,
    o3_1h_max DOUBLE PRECISION,
    o3_8h_max DOUBLE PRECISION,
    no2 DOUBLE PRECISION,
    so2 DOUBLE PRECISION,
    co DOUBLE PRECISION,
    aqi BIGINT,
    primary_pollutants TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (station_id, day)
);

-- The district's daily values: the stations' daily concentrations averaged,
-- then rated.
CREATE TABLE air_district_daily (
    day TEXT PRIMARY KEY,
    pm25 DOUBLE PRECISION,
    pm10 DOUBLE PRECISION,
    o3_1h_max DOUBLE PRECISION,
    o3_8h_max DOUBLE PRECISION,
    no2 DOUBLE PRECISION,
    so2 DOUBLE PRECISION,
    co DOUBLE PRECISION,
    aqi BIGINT,
    primary_pollutants TEXT NOT NULL DEFAULT '',
    stations BIGINT NOT NULL
);

-- The bureau's targets per year (2025 work plan: 优良率 ≥ 88 %, PM2.5 ≤ 30).
CREATE TABLE air_targets (
    year BIGINT PRIMARY KEY,
    good_rate_min DOUBLE PRECISION NOT NULL,
    pm25_max DOUBLE PRECISION NOT NULL
);
INSERT INTO air_targets (year, good_rate_min, pm25_max) VALUES (2025, 88.0, 30.0), (2026, 88.0, 30.0);
