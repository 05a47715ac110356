/**
 * Child process for the FileStorage crash test: rewrites a few keys with large items in a tight loop until it is
 * killed (SIGKILL from the test). Prints "ready" after its first round, then one "." per round.
 *
 *   node --import tsx test/support/file-storage-writer.ts <dataDir> [keyCount] [maxRounds]
 */
import { FileStorage } from '../../src/storage/file-storage';

async function main(): Promise<void> {
  const [dir, keyCountArg = '8', maxRoundsArg = '100000'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: file-storage-writer.ts <dataDir> [keyCount] [maxRounds]');
  const storage = new FileStorage(dir);
  const keyCount = Number(keyCountArg);
  const maxRounds = Number(maxRoundsArg); // bounded: the loop ends by itself if nobody kills it
  for (let round = 0; round < maxRounds; round++) {
    await Promise.all(
      Array.from({ length: keyCount }, (_, k) => {
        const key = `crash/incident:${k};x@y/ключ`;
        // 50–250 KB per item, so a kill often lands in the middle of writing a file.
        const filler = 'x'.repeat(50_000 + ((round * 7919 + k * 104_729) % 200_000));
        return storage.write({ [key]: { round, k, filler, check: filler.length } });
      }),
    );
    process.stdout.write(round === 0 ? 'ready\n' : '.');
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`file-storage-writer: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
