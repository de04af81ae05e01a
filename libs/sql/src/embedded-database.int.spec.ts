import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase, EmbeddedDatabaseInUseError } from './embedded-database.js';

/** PGlite does not lock its directory; the owner file keeps a second process out. */
describe('EmbeddedDatabase directory ownership', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hustings-owner-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given another live process owns the directory, when opened, then it is refused with one readable line and the owner file is left alone', async () => {
    await writeFile(join(dir, '.hustings-owner'), String(process.ppid));
    await expect(EmbeddedDatabase.open(dir)).rejects.toThrow(EmbeddedDatabaseInUseError);
    await expect(EmbeddedDatabase.open(dir)).rejects.toThrow(`in use by process ${process.ppid}`);
    expect(await readFile(join(dir, '.hustings-owner'), 'utf8')).toBe(String(process.ppid));
  });

  it('given the owner died without closing, when opened, then its file is taken over; closing gives the directory back', async () => {
    await writeFile(join(dir, '.hustings-owner'), '2147483646');
    const db = await EmbeddedDatabase.open(dir);
    expect(await readFile(join(dir, '.hustings-owner'), 'utf8')).toBe(String(process.pid));
    await db.close();
    await expect(readFile(join(dir, '.hustings-owner'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await EmbeddedDatabase.open(dir);
    await again.close();
  });
});
