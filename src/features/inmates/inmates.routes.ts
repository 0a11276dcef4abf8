// The inmate (WBP) registry pages: search, add, edit (admin and staf).
import { recordPages } from '../../web/record-pages.ts';
import type { Deps } from '../../web/routes.ts';
import { inmateSchema, inmateSearchSchema } from './inmates.schema.ts';
import { createInmate, getInmate, searchInmates, updateInmate } from './inmates.service.ts';

export function inmatesRoutes({ db }: Deps) {
  return recordPages({
    base: '/inmates',
    views: 'inmates',
    access: ['admin', 'staf'],
    schema: inmateSchema,
    titles: { list: 'Daftar WBP', add: 'Tambah WBP', edit: (i) => `Ubah WBP: ${i.name}` },
    defaults: { active: 1 },
    list: async (req) => {
      const { q } = inmateSearchSchema.parse(req.query ?? {});
      return { q, inmates: await searchInmates(db, q, { limit: 200 }) };
    },
    get: (id: number) => getInmate(db, id),
    create: (input, actor) => createInmate(db, input, actor),
    update: (id, input, actor) => updateInmate(db, id, input, actor),
    savedMessage: (input, created) =>
      created ? `WBP ${input.name} (${input.reg_number}) telah ditambahkan.` : `Data WBP ${input.name} telah disimpan.`,
  });
}
