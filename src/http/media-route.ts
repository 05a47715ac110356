/**
 * GET /media/announcement.wav: the prompt the bot plays when it joins (16 kHz, mono, 16-bit PCM WAV, as
 * service-hosted media requires). Graph fetches it from PUBLIC_BASE_URL.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MediaPrompt } from '../incidents/ports';
import type { RouteInstaller } from './server';

const ANNOUNCEMENT_PATH = '/media/announcement.wav';

/** The package root (the folder with package.json): src/http when run from source, dist/src/http when compiled. */
function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export function loadAnnouncement(): Buffer {
  return readFileSync(join(packageRoot(), 'media', 'announcement.wav'));
}

/** The prompt as Graph sees it; resourceId changes when the audio changes so Graph's cache never serves an old one. */
export function announcementPrompt(publicBaseUrl: string, wav: Buffer): MediaPrompt {
  const h = createHash('sha256').update(wav).digest('hex');
  const resourceId = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { uri: `${publicBaseUrl}${ANNOUNCEMENT_PATH}`, resourceId };
}

export function mediaRoute(wav: Buffer): RouteInstaller {
  return (server) => {
    server.get(ANNOUNCEMENT_PATH, async (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': wav.length, 'Cache-Control': 'public, max-age=3600' });
      res.end(wav);
    });
  };
}
