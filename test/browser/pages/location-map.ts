import type { Locator, Page } from 'playwright-core';

/** The map that places a location, bound to its latitude and longitude fields (editors' forms). */
export class LocationMapPicker {
  constructor(
    readonly page: Page,
    readonly latitudeField: string,
    readonly longitudeField: string,
  ) {}

  get picker(): Locator {
    return this.page.locator(`[data-map-picker][data-latitude-field="${this.latitudeField}"]`);
  }

  get map(): Locator {
    return this.picker.locator('.ponte-map.leaflet-container');
  }

  get marker(): Locator {
    return this.picker.locator('.leaflet-marker-icon');
  }

  get latitude(): Locator {
    return this.page.locator(`[name="${this.latitudeField}"]`);
  }

  get longitude(): Locator {
    return this.page.locator(`[name="${this.longitudeField}"]`);
  }

  /** Clicks the map at this fraction of its width and height. */
  async clickAt(x: number, y: number): Promise<void> {
    await this.map.scrollIntoViewIfNeeded();
    const box = (await this.map.boundingBox())!;
    await this.page.mouse.click(box.x + box.width * x, box.y + box.height * y);
  }

  /** Drags the marker by this many pixels. */
  async dragMarker(dx: number, dy: number): Promise<void> {
    const box = (await this.marker.boundingBox())!;
    const x = box.x + box.width / 2;
    const y = box.y + box.height - 4;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + dx / 2, y + dy / 2, { steps: 5 });
    await this.page.mouse.move(x + dx, y + dy, { steps: 5 });
    await this.page.mouse.up();
  }

  async coordinates(): Promise<[number, number]> {
    return [Number(await this.latitude.inputValue()), Number(await this.longitude.inputValue())];
  }
}
