// Zod schema for the daily backup time on the Cadangan page.
import { z } from 'zod';

export const backupScheduleSchema = z.object({
  daily_time: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace('.', ':') : ''),
    z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Isi jam cadangan harian seperti 17:30 (jam 00–23, menit 00–59).'),
  ),
});

export const TRIGGER_LABELS = { jadwal: 'jadwal harian', halaman: 'tombol di halaman ini', perintah: 'perintah npm run backup' } as const;
