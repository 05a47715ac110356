/**
 * `npm run cards`: renders every card of the gallery (test/support/card-gallery.ts) with the `adaptivecards`
 * reference renderer in headless Chromium (Debian's /usr/bin/chromium, CHROMIUM_PATH overrides; playwright-core)
 * under a Teams-like light host config, and writes docs/cards/<name>.png (the card element only, ~420 px wide).
 * Offline: the page is set from a string and every request is refused.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { GALLERY } from '../test/support/card-gallery';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** As test/support/playground.ts: keep Chromium off the network. */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];
const WIDTH = 420;
const OUT = path.join(__dirname, '..', 'docs', 'cards');

const FONT = '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "DejaVu Sans", sans-serif';

/** Teams light theme, approximately (Teams' own host config is not published as a file). */
const fg = (def: string, subtle: string) => ({ default: def, subtle });
const FOREGROUND = {
  default: fg('#242424', '#616161'),
  dark: fg('#242424', '#424242'),
  light: fg('#ffffff', '#f0f0f0'),
  accent: fg('#5b5fc7', '#4f52b2'),
  good: fg('#0e700e', '#107c10'),
  warning: fg('#835c00', '#8a6b00'),
  attention: fg('#c4314b', '#a4262c'),
};
const HOST_CONFIG = {
  fontFamily: FONT,
  supportsInteractivity: true,
  spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#e0e0e0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: { backgroundColor: '#ffffff', foregroundColors: FOREGROUND },
    emphasis: { backgroundColor: '#f5f5f5', foregroundColors: FOREGROUND },
    accent: { backgroundColor: '#e8ebfa', foregroundColors: FOREGROUND },
    good: { backgroundColor: '#e7f2da', foregroundColors: FOREGROUND },
    attention: { backgroundColor: '#fdf3f4', foregroundColors: FOREGROUND },
    warning: { backgroundColor: '#fbf6d9', foregroundColors: FOREGROUND },
  },
  actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, showCard: { actionMode: 'inline', inlineTopMargin: 16 }, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { suffix: ' *', suffixColor: 'attention' } } },
  factSet: { title: { weight: 'bolder', size: 'default', color: 'default', wrap: true, maxWidth: 150 }, value: { size: 'default', color: 'default', wrap: true }, spacing: 8 },
};

const CSS = `
  body { margin: 0; padding: 12px; background: #f5f5f5; font-family: ${FONT}; }
  #card { width: ${WIDTH - 24}px; background: #fff; border-radius: 6px; box-shadow: 0 1px 2px rgba(0,0,0,.14), 0 0 2px rgba(0,0,0,.12); overflow: hidden; }
  .ac-pushButton { font-family: ${FONT}; font-size: 14px; font-weight: 600; color: #242424; background: #fff; border: 1px solid #d1d1d1;
    border-radius: 4px; padding: 5px 12px; min-height: 32px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5b5fc7; border-color: #5b5fc7; color: #fff; }
  .ac-pushButton.style-destructive { color: #c4314b; border-color: #c4314b; }
  .ac-pushButton.expanded { background: #e8ebfa; }
  .ac-input { font-family: ${FONT}; font-size: 14px; border: 1px solid #d1d1d1; border-bottom-color: #616161; border-radius: 4px; padding: 5px 8px; box-sizing: border-box; }
  .ac-textBlock p { margin: 0; }
  #card .ac-actionSet { flex-wrap: wrap !important; overflow: visible !important; row-gap: 8px; }
  .ac-pushButton { flex: 0 0 auto !important; max-width: none !important; }
`;

async function main(): Promise<void> {
  const requireCjs = createRequire(__filename);
  const bundle = readFileSync(requireCjs.resolve('adaptivecards/dist/adaptivecards.js'), 'utf8');
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 800 }, deviceScaleFactor: 1 });
    await page.route('**/*', (route) => route.abort('blockedbyclient'));
    await page.setContent(`<!doctype html><html lang="en-US"><head><meta charset="utf-8"><style>${CSS}</style></head><body><div id="card"></div></body></html>`);
    await page.addScriptTag({ content: bundle });
    for (const { name, card } of GALLERY) {
      const problems = await page.evaluate(({ json, hostConfig }) => {
        // biome-ignore lint/suspicious/noExplicitAny: the bundle's UMD global
        const AC = (globalThis as any).AdaptiveCards;
        // The bundle has no Markdown processor: the subset the bot uses (escapes, **bold**, _italic_, paragraphs).
        AC.AdaptiveCard.onProcessMarkdown = (text: string, result: { outputHtml?: string; didProcess: boolean }) => {
          const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
          const held: string[] = [];
          const hold = esc.replace(/\\([\\*_`[\]#>~|.-])/g, (_m: string, c: string) => `\u0000${held.push(c) - 1}\u0000`);
          const html = hold.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/(^|\W)_(.+?)_(?=\W|$)/g, '$1<em>$2</em>')
            .split(/\n\n/).map((para: string) => `<p>${para.replace(/\n/g, '<br>')}</p>`).join('')
            // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL marks the held-back spans (never in card text)
            .replace(/\u0000(\d+)\u0000/g, (_m: string, i: string) => held[Number(i)]!);
          result.outputHtml = html;
          result.didProcess = true;
        };
        const ac = new AC.AdaptiveCard();
        ac.hostConfig = new AC.HostConfig(hostConfig);
        const ctx = new AC.SerializationContext();
        ac.parse(json, ctx);
        // biome-ignore lint/suspicious/noExplicitAny: DOM types are not in this project's lib
        const doc = (globalThis as any).document;
        doc.getElementById('card').replaceChildren(ac.render());
        const out: string[] = [];
        for (let i = 0; i < ctx.eventCount; i++) out.push(ctx.getEventAt(i).message);
        return out;
      }, { json: card as unknown, hostConfig: HOST_CONFIG });
      await page.setViewportSize({ width: WIDTH, height: 800 });
      const file = path.join(OUT, `${name}.png`);
      await page.locator('#card').screenshot({ path: file });
      process.stdout.write(`${name}.png${problems.length > 0 ? ` (renderer: ${problems.join('; ')})` : ''}\n`);
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${GALLERY.length} cards → ${path.relative(process.cwd(), OUT)}/\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
