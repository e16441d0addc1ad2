-- The desk's start page lists the people an organization followed most recently: without this index every
-- view sorts all of the organization's people.
CREATE INDEX desk_people_org_recent_idx ON desk_people (organization_id, updated_at DESC) WHERE merged_into IS NULL;
