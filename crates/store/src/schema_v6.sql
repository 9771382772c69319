-- Migration 6: places by position, for `search --near`. A circle's bounding box is a range of
-- latitudes, then of longitudes within it, which this index answers without reading every
-- place; with document_id in it, the search reads the index alone before the exact distance.

CREATE INDEX places_lat_lon ON places (lat, lon, document_id);
