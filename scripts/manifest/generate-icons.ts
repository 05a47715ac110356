/**
 * Draws the Teams app icons (a siren/beacon) into manifest/:
 *   color.png   192×192, white glyph on the accent colour (full bleed, as Teams asks)
 *   outline.png  32×32, white glyph on a transparent background (Teams: white only, transparent elsewhere)
 * Run: npx tsx scripts/manifest/generate-icons.ts   (the PNGs are committed; rerun only to change them)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { ICON_SIZES, MANIFEST_DIR } from './build-app-package';

type Rgb = readonly [number, number, number];
const ACCENT: Rgb = [0xc4, 0x31, 0x4b]; // manifest accentColor #C4314B
const WHITE: Rgb = [255, 255, 255];

/** Shapes in unit coordinates (0..1 across the icon, y down). `stroke` is the ray thickness. */
function insideGlyph(x: number, y: number, stroke: number): boolean {
  // Dome: upper half disc on a short body.
  const cx = 0.5;
  const domeY = 0.56;
  const r = 0.21;
  if (y <= domeY && (x - cx) ** 2 + (y - domeY) ** 2 <= r * r) return true;
  if (x >= cx - r && x <= cx + r && y >= domeY && y <= 0.69) return true;
  // Base plate, slightly wider.
  if (x >= 0.2 && x <= 0.8 && y >= 0.73 && y <= 0.83) return true;
  // Rays: top, upper-left, upper-right.
  const rays: readonly (readonly [number, number, number, number])[] = [
    [0.5, 0.1, 0.5, 0.25],
    [0.16, 0.22, 0.27, 0.33],
    [0.84, 0.22, 0.73, 0.33],
  ];
  return rays.some(([x1, y1, x2, y2]) => distanceToSegment(x, y, x1, y1, x2, y2) <= stroke / 2);
}

function distanceToSegment(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Fraction of the pixel covered by the glyph (supersampled). */
function coverage(px: number, py: number, size: number, stroke: number): number {
  const n = 8;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (insideGlyph((px + (i + 0.5) / n) / size, (py + (j + 0.5) / n) / size, stroke)) hits++;
    }
  }
  return hits / (n * n);
}

function draw(size: number, background: Rgb | undefined, stroke: number): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, stroke);
      const i = (y * size + x) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(background[c]! * (1 - a) + WHITE[c]! * a);
        png.data[i + 3] = 255;
      } else {
        // Outline icon: pure white wherever anything is drawn, transparent elsewhere.
        png.data[i] = 255;
        png.data[i + 1] = 255;
        png.data[i + 2] = 255;
        png.data[i + 3] = Math.round(255 * a);
      }
    }
  }
  return PNG.sync.write(png);
}

function main(): void {
  const color = path.join(MANIFEST_DIR, 'color.png');
  const outline = path.join(MANIFEST_DIR, 'outline.png');
  writeFileSync(color, draw(ICON_SIZES.color, ACCENT, 0.06));
  writeFileSync(outline, draw(ICON_SIZES.outline, undefined, 0.085));
  process.stdout.write(`wrote ${color}\nwrote ${outline}\n`);
}

main();
