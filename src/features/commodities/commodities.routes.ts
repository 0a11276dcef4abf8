// Admin pages for commodities.
import { recordPages } from '../../web/record-pages.ts';
import type { Deps } from '../../web/routes.ts';
import { COMMODITY_KIND_LABELS, commoditySchema, NATIONAL_OPTIONS } from './commodities.schema.ts';
import { createCommodity, getCommodity, listCommodities, updateCommodity } from './commodities.service.ts';

export function commoditiesRoutes({ db }: Deps) {
  return recordPages({
    base: '/commodities',
    views: 'commodities',
    access: ['admin'],
    schema: commoditySchema,
    titles: { list: 'Komoditas', add: 'Tambah Komoditas', edit: (c) => `Ubah Komoditas: ${c.name}` },
    formExtras: { kinds: COMMODITY_KIND_LABELS, national: NATIONAL_OPTIONS },
    defaults: { kind: 'sayur', active: 1, sort_order: 10 },
    list: async () => ({ commodities: await listCommodities(db) }),
    get: (id: number) => getCommodity(db, id),
    create: (input, actor) => createCommodity(db, input, actor),
    update: (id, input, actor) => updateCommodity(db, id, input, actor),
    savedMessage: (input, created) => `Komoditas ${input.name} telah ${created ? 'ditambahkan' : 'disimpan'}.`,
  });
}
