// The event list as a download: each event with its valid receipts and what they handed out per commodity.
import type { DbOrTrx } from '../../db/connect.ts';
import type { Sheet } from '../../lib/sheets.ts';
import { commodityColumns } from '../commodities/commodities.export.ts';
import { totalsOfEvents } from '../distributions/distributions.service.ts';
import { EVENT_KIND_LABELS } from './events.schema.ts';
import { eventsToExport } from './events.service.ts';

export async function eventsSheet(db: DbOrTrx, year: string): Promise<Sheet> {
  const [events, perCommodity] = await Promise.all([eventsToExport(db, year), commodityColumns(db)]);
  const totals = await totalsOfEvents(
    db,
    events.map((e) => e.id),
  );
  return {
    name: 'Kegiatan',
    columns: [
      { header: 'No', kind: 'int', width: 6 },
      { header: 'Tanggal', kind: 'date', width: 12 },
      { header: 'Kegiatan', width: 30 },
      { header: 'Jenis', width: 22 },
      { header: 'Tempat', width: 22 },
      { header: 'Tanda terima sah', kind: 'int', width: 10 },
      ...perCommodity.columns,
    ],
    rows: events.map((e, i) => [
      i + 1,
      e.event_date,
      e.name,
      EVENT_KIND_LABELS[e.kind] ?? e.kind,
      e.place,
      Number(e.handovers ?? 0),
      ...perCommodity.cells(totals.filter((t) => t.event_id === e.id)),
    ]),
  };
}
