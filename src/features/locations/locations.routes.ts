// Admin pages for plots and ponds.
import { recordPages } from '../../web/record-pages.ts';
import type { Deps } from '../../web/routes.ts';
import { LOCATION_KIND_LABELS, locationSchema } from './locations.schema.ts';
import { createLocation, getLocation, listLocations, updateLocation } from './locations.service.ts';

export function locationsRoutes({ db }: Deps) {
  return recordPages({
    base: '/locations',
    views: 'locations',
    access: ['admin'],
    schema: locationSchema,
    titles: { list: 'Lahan & Kolam', add: 'Tambah Lokasi', edit: (l) => `Ubah Lokasi: ${l.name}` },
    formExtras: { kinds: LOCATION_KIND_LABELS },
    defaults: { kind: 'lahan', active: 1 },
    list: async () => ({ locations: await listLocations(db) }),
    get: (id: number) => getLocation(db, id),
    create: (input, actor) => createLocation(db, input, actor),
    update: (id, input, actor) => updateLocation(db, id, input, actor),
    savedMessage: (input, created) => `Lokasi ${input.name} telah ${created ? 'ditambahkan' : 'disimpan'}.`,
  });
}
