-- Campaigns for the environment days, their events with sign-ups, and the
-- bureau's news. Bodies are Markdown, kept with their sanitised HTML
-- (rendered when saved). Instants are RFC 3339 UTC text.

CREATE TABLE campaigns (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    environment_day TEXT REFERENCES environment_days (slug),
    year BIGINT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    cover_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    -- When it is (or becomes) public.
    publish_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX campaigns_public ON campaigns (status, publish_at);

-- `taken` counts active sign-ups; the sign-up transaction raises it only
-- while it is below `capacity`, so concurrent sign-ups never overfill.
CREATE TABLE campaign_events (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    title TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    place TEXT NOT NULL,
    capacity BIGINT NOT NULL CHECK (capacity > 0),
    taken BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
    signup_opens_at TEXT NOT NULL,
    signup_closes_at TEXT NOT NULL,
    CHECK (taken <= capacity)
);
CREATE INDEX campaign_events_campaign ON campaign_events (campaign_id, starts_at);

-- One active sign-up per phone number and event; the cancellation link
-- carries a random token of which only the SHA-256 is stored.
CREATE TABLE event_signups (
    id BIGSERIAL PRIMARY KEY,
    event_id BIGINT NOT NULL REFERENCES campaign_events (id),
    name TEXT NOT NULL,
    phone TEXT NOT NULL,
    cancel_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    cancelled_at TEXT
);
CREATE UNIQUE INDEX event_signups_active ON event_signups (event_id, phone) WHERE cancelled_at IS NULL;

CREATE TABLE news_articles (
    id BIGSERIAL PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    tag TEXT NOT NULL CHECK (tag IN ('air', 'campaigns', 'notices')),
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body_md TEXT NOT NULL,
    body_html TEXT NOT NULL,
    cover_key TEXT,
    status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
    publish_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX news_public ON news_articles (status, publish_at);
