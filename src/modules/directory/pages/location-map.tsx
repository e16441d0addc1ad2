// Placing a location on a map in the editors' forms: an enhancement over the latitude and longitude fields,
// which stay the way to enter coordinates without JavaScript (and by keyboard). The map is drawn by
// public/location-map.js only when a tile server is configured; a click on the map, or a drag of the
// marker, fills the two fields; typed coordinates move the marker. With no coordinates yet the map shows
// the chosen municipality (the gazetteer's centroids travel in a data attribute: no inline script).
import type { View } from '../../../kernel/ui/view.js';
import type { MunicipalityRow } from '../editor.repo.js';

export interface MapConfig {
  tileUrl: string | undefined;
  attribution: string;
}

/** The stylesheet and scripts of the map, once per page; nothing when no tile server is configured. */
export function LocationMapAssets({ map }: { map: MapConfig }) {
  if (!map.tileUrl) return '';
  return (
    <>
      <link rel="stylesheet" href="/static/leaflet/leaflet.css" />
      <script src="/static/leaflet/leaflet.js" defer></script>
      <script src="/static/location-map.js" defer></script>
    </>
  );
}

export function LocationMap({
  view,
  map,
  id,
  latitudeField,
  longitudeField,
  municipalityField,
  municipalities,
}: {
  view: View;
  map: MapConfig;
  /** Unique on the page: the map's own id. */
  id: string;
  latitudeField: string;
  longitudeField: string;
  municipalityField: string;
  municipalities: MunicipalityRow[];
}) {
  if (!map.tileUrl) return '';
  const centroids = Object.fromEntries(municipalities.map((m) => [m.code, [m.latitude, m.longitude]]));
  return (
    <div
      class="ponte-map-picker mb-3"
      hidden
      data-map-picker
      data-tiles={map.tileUrl}
      data-attribution={map.attribution}
      data-latitude-field={latitudeField}
      data-longitude-field={longitudeField}
      data-municipality-field={municipalityField}
      data-centroids={JSON.stringify(centroids)}
    >
      <p class="form-text small mb-1" id={`${id}-hint`} safe>
        {view.t('editor.map.hint')}
      </p>
      <div id={id} class="ponte-map" role="region" aria-label={view.t('editor.map.label')} aria-describedby={`${id}-hint`}></div>
    </div>
  );
}
