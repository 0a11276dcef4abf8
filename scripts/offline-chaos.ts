// npm run chaos:offline [-- --entries 200 --seed N]: harvests entered in Chromium against the real
// server while the connection is cut at random moments (test/browser/support/chaos.ts), then
// counted in the database: entered, saved, duplicates (must be 0), lost (must be 0).
import { parseArgs } from 'node:util';
import { runChaos } from '../test/browser/support/chaos.ts';
import { demoSession } from '../test/browser/support/session.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '200' }, seed: { type: 'string', default: '20261130' } } });
const session = await demoSession('petugas', { width: 768, height: 1024 });
try {
  const counts = await runChaos({
    page: session.page,
    context: session.context,
    baseUrl: session.server.baseUrl,
    dataDir: session.server.dataDir,
    entries: Number(values.entries),
    seed: Number(values.seed),
    log: (s) => console.log(s),
  });
  console.log(JSON.stringify(counts, null, 2));
  console.log(
    `Dicatat ${counts.entered}, tersimpan ${counts.saved}, ganda ${counts.duplicates}, hilang ${counts.lost} (${counts.seconds} s, benih ${values.seed}).`,
  );
  process.exitCode = counts.duplicates === 0 && counts.lost === 0 && counts.saved === counts.entered ? 0 : 1;
} finally {
  await session.close();
}
