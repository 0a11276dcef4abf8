// The home-screen icons of the web app manifest, made once from public/favicon.svg and committed:
// npx tsx scripts/make-icons.ts (run again only when the favicon changes).
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { appRoot } from '../src/lib/paths.ts';

const svg = fs.readFileSync(path.join(appRoot, 'public/favicon.svg'));
const outDir = path.join(appRoot, 'public/icons');
fs.mkdirSync(outDir, { recursive: true });
for (const size of [192, 512]) {
  // density: the 32-unit SVG drawn sharp at the full size, not scaled up from 32 px.
  const file = path.join(outDir, `icon-${size}.png`);
  await sharp(svg, { density: (72 * size) / 32 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(file);
  console.log(`${file} (${fs.statSync(file).size} bytes)`);
}
