// A new service, as a draft, with its first place: an address in one of the province's municipalities,
// placed at the coordinates given or at the municipality's centroid. The rest of the form is filled in
// afterwards, on the service's page; the draft reaches the public only once it is submitted and approved.
import { z } from 'zod';
import { refreshPublishedService } from './publish-service.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { zCheckbox, zOptionalText, zText } from '../../kernel/ui/form.js';
import { addresses, locations, serviceAtLocations, services } from './directory.schema.js';
import { recordHistory, type Editor } from './editor-history.js';
import { editorRepo } from './editor.repo.js';

/** "41,227" or "41.227"; blank is absent. */
const zCoordinate = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d{1,3}(?:[.,]\d{1,8})?$/, { message: 'editor.validation.coordinate' })
    .transform((v) => Number(v.replace(',', '.')))
    .pipe(z.number().min(min, { message: 'editor.validation.coordinate' }).max(max, { message: 'editor.validation.coordinate' }))
    .optional();

export const ZNewService = z
  .object({
    organizationId: z.uuid({ message: 'validation.choose' }),
    name: zText(300),
    description: zText(4000),
    locationName: zOptionalText(200),
    street: zText(200),
    municipality: z.string().regex(/^\d{6}$/, { message: 'validation.choose' }),
    latitude: zCoordinate(-90, 90),
    longitude: zCoordinate(-180, 180),
    wheelchairAccessible: zCheckbox,
  })
  .superRefine((v, ctx) => {
    // Both or neither: half a point is no place.
    if (v.latitude !== undefined && v.longitude === undefined) ctx.addIssue({ code: 'custom', path: ['longitude'], message: 'editor.validation.coordinatePair' });
    if (v.longitude !== undefined && v.latitude === undefined) ctx.addIssue({ code: 'custom', path: ['latitude'], message: 'editor.validation.coordinatePair' });
  });
export type NewService = z.output<typeof ZNewService>;

/** Farther than this from the municipality's centroid (in degrees, ~30 km) a point is a typing mistake. */
const MAX_DISTANCE_DEGREES = 0.3;

export async function createService(
  kernel: Kernel,
  input: NewService & { editor: Editor; actor: AuditActor },
): Promise<{ ok: true; serviceId: string } | { ok: false; field: 'municipality' | 'latitude'; key: string }> {
  const { db } = kernel;
  const municipality = await editorRepo.findMunicipality(db, input.municipality);
  if (!municipality) return { ok: false, field: 'municipality', key: 'validation.choose' };
  const given = input.latitude !== undefined && input.longitude !== undefined;
  if (given && (Math.abs(input.latitude! - municipality.latitude) > MAX_DISTANCE_DEGREES || Math.abs(input.longitude! - municipality.longitude) > MAX_DISTANCE_DEGREES)) {
    return { ok: false, field: 'latitude', key: 'editor.validation.farFromMunicipality' };
  }
  const serviceId = await db.transaction(async (tx) => {
    const now = new Date();
    const [service] = await tx
      .insert(services)
      .values({ organizationId: input.organizationId, name: input.name, description: input.description, publicationStatus: 'draft', createdAt: now, updatedAt: now })
      .returning({ id: services.id });
    const id = service!.id;
    const [location] = await tx
      .insert(locations)
      .values({
        organizationId: input.organizationId,
        name: input.locationName ?? null,
        latitude: given ? input.latitude! : municipality.latitude,
        longitude: given ? input.longitude! : municipality.longitude,
        municipalityCode: municipality.code,
        wheelchairAccessible: input.wheelchairAccessible,
      })
      .returning({ id: locations.id });
    await tx.insert(addresses).values({
      locationId: location!.id,
      address1: input.street,
      city: municipality.name,
      stateProvince: municipality.provinceName,
      postalCode: municipality.postalCode ?? '',
      country: 'IT',
    });
    await tx.insert(serviceAtLocations).values({ serviceId: id, locationId: location!.id });
    const address = [input.street, `${municipality.postalCode ?? ''} ${municipality.name}`.trim()].join(', ');
    await recordHistory(
      tx,
      id,
      input.editor,
      'create',
      [
        { field: 'name', previous: '', replacement: input.name },
        { field: 'description', previous: '', replacement: input.description },
        { field: 'location', previous: '', replacement: address },
      ],
      now,
    );
    await recordAudit(tx, input.actor, {
      action: 'directory.service.created',
      entityType: 'dir_service',
      entityId: id,
      details: { organizationId: input.organizationId, municipality: municipality.code },
    });
    await refreshPublishedService(tx, id);
    return id;
  });
  return { ok: true, serviceId };
}
