/**
 * The lowdb file as the content's home (schema 8): an older file is upgraded and seeded; an edit
 * and its audit line reach the journal in one line, or not at all; an opener without the lock
 * (a dry run) writes nothing; the console (`npm start`, its own file) edits without ever
 * writing the repository's data folder; and a start logs the plans it took from the folder.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { contentOf } from '../src/content-files.js';
import { contentEditor } from '../src/core/content-editor.js';
import { createImportService } from '../src/importer/service.js';
import { openAll } from '../src/open.js';
import { StoreWriteError } from '../src/store/errors.js';
import { journalOf, readWholeState } from '../src/store/lowdb/journal-format.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { SCHEMA_VERSION } from '../src/store/schema.js';
import { DATA_DIR, movableClock, silentLogger, tempDir } from './helpers.js';

const clock = movableClock('2023-09-20T02:00:00Z');
const BY = { id: 'telegram:1001', name: 'Chánh Văn phòng' };
type Unit = { code: string; name: string };
const rename_ = (code: string, name: string) => (org: Record<string, unknown>) => {
  (org.units as Unit[]).find((u) => u.code === code)!.name = name;
  return { action: 'unit-edit', subject: code };
};

/** A copy of the sample data folder. */
function dataCopy(): string {
  const dir = join(tempDir(), 'data');
  cpSync(DATA_DIR, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with the hash of its bytes (and the folder's names), to see that nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

describe('lowdb: content in the database file', () => {
  it('upgrades a version 7 file: its records are kept and its content is seeded from the data folder', async () => {
    const file = join(tempDir(), 'db.json');
    const v7 = {
      schemaVersion: 7, bindings: { 'telegram:-42': { unit: 'VP', at: '2023-09-01T00:00:00.000Z', by: { id: '1', name: 'An' } } }, requests: [], confirmations: [],
      messages: [], chats: {}, parked: [], reminders: {}, outbox: [], sloganChats: {}, announcements: [], updates: {}, zaloTokens: null, audit: [],
      webLinks: {}, webSessions: {}, seq: { request: 4, parked: 0, outbox: 0, announcement: 0 },
    };
    writeFileSync(file, JSON.stringify(v7));
    const s = await openLowdbStores({ file, clock, dataDir: DATA_DIR, lock: true });
    expect(s.seeding.seeded).toBe(true);
    expect((await s.bindings.bindingOf({ channel: 'telegram', chatId: '-42' }))?.unit).toBe('VP');
    expect(contentOf(await s.content.load()).plans).toHaveLength(5);
    await s.close();
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    expect(raw).toMatchObject({ schemaVersion: SCHEMA_VERSION, org: { file: 'org.json' }, seq: { request: 4, staged: 0 }, staged: {}, deletedPlans: {} });
    expect(Object.keys(raw.plans).sort()).toEqual(['bac-giang-2023', 'binh-phuoc-2022', 'dak-nong-2022', 'quang-ngai-dan-van', 'tay-ninh-2023']);
    expect(raw.plans['bac-giang-2023'].text).toBe(readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.txt'), 'utf8'));
  });

  it('writes an edit and its audit line in one journal line; a write that fails keeps neither, and the running content unchanged', async () => {
    const file = join(tempDir(), 'db.json');
    let full = false;
    const io = {
      rename: async (from: string, to: string) => {
        if (full) throw Object.assign(new Error('ENOSPC: no space left on device, rename'), { code: 'ENOSPC' });
        await rename(from, to);
      },
    };
    const s = await openLowdbStores({ file, clock, dataDir: dataCopy(), lock: true, io });
    const content = contentOf(await s.content.load());
    const editor = contentEditor(content, s);
    full = true;
    const failed = await editor.editOrg(BY, rename_('TTRA', 'Không được ghi')).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreWriteError);
    expect(content.unit('TTRA')?.name).toBe('Thanh tra Sở');
    expect(contentOf(await s.content.load()).unit('TTRA')?.name).toBe('Thanh tra Sở');
    expect(await s.audit.recent(5)).toEqual([]);
    full = false;
    expect(await editor.editOrg(BY, rename_('TTRA', 'Thanh tra (mới)'))).toEqual({ ok: true });
    const lines = readFileSync(journalOf(file), 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(1);
    const ops = JSON.parse(lines[0]!) as Array<{ o: string; p?: string[]; l?: string }>;
    expect(ops.map((op) => op.p?.[0] ?? op.l)).toEqual(['org', 'contentRevision', 'audit']);
    // Replayed from the journal (as a start after a kill would), before any compaction.
    const replayed = await readWholeState(file);
    expect((replayed.org?.raw as { units: Unit[] }).units.find((u) => u.code === 'TTRA')?.name).toBe('Thanh tra (mới)');
    await s.content.stagePlan({ text: 'văn bản', summary: 'tóm tắt', key: 'k' });
    await s.content.updateStagedPlan('I1', { id: 'nhap' });
    await s.content.deletePlan('tay-ninh-2023');
    const state = await readWholeState(file);
    expect(state.staged.I1?.draft).toEqual({ id: 'nhap' });
    expect(Object.keys(state.deletedPlans)).toEqual(['tay-ninh-2023']);
    expect(state.plans['tay-ninh-2023']).toBeUndefined();
    await s.close();
    const again = await openLowdbStores({ file, clock, dataDir: DATA_DIR });
    expect(contentOf(await again.content.load()).unit('TTRA')?.name).toBe('Thanh tra (mới)');
    expect((await again.audit.recent(5)).map((e) => e.subject)).toEqual(['TTRA']);
    await again.close();
  });

  it('an opener without the lock (a dry run) sees a new plan file but writes nothing; the lock holder adds it', async () => {
    const dataDir = dataCopy();
    const file = join(tempDir(), 'db.json');
    await (await openLowdbStores({ file, clock, dataDir, lock: true })).close();
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    writeFileSync(join(dataDir, 'plans', 'moi.json'), JSON.stringify({ ...plan, id: 'moi', deadlines: [{ ...plan.deadlines[0], id: 'H95' }] }));
    const before = readFileSync(file, 'utf8');
    const dry = await openLowdbStores({ file, clock, dataDir });
    expect(dry.seeding.added.map((p) => p.id)).toEqual(['moi']);
    expect(contentOf(await dry.content.load()).deadline('H95')).toBeDefined();
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(existsSync(journalOf(file))).toBe(false);
    const bot = await openLowdbStores({ file, clock, dataDir, lock: true });
    expect(bot.seeding.added.map((p) => p.id)).toEqual(['moi']);
    await bot.close();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).plans)).toContain('moi');
  });

  it('the console (`npm start`) edits, publishes and deletes in its own file; the repository\'s data folder is never written', async () => {
    const before = snapshot(DATA_DIR);
    const consoleFile = join(tempDir(), 'console.json');
    // The repository's own data folder (npm start's default; named here, as the tests run from the sources).
    const config = loadConfig({ DB_FILE: consoleFile, DATA_DIR, BOT_NOW: '2023-09-20T09:00:00+07:00' });
    const lines: string[] = [];
    const logger = { info: (m: string) => void lines.push(m) };
    // As runConsole opens it: the console's file, never PostgreSQL.
    const { content, stores } = await openAll(config, true, config.consoleDbFile, false, logger);
    expect(lines).toEqual([`content seeded from ${DATA_DIR}: the organisation and 5 plan(s); from now on the store's copy is used`]);
    const editor = contentEditor(content, stores);
    expect(await editor.editOrg(BY, rename_('TTRA', 'Thanh tra (console)'))).toEqual({ ok: true });
    expect(await editor.editPlan(BY, 'bac-giang-2023', (p) => ((p.ended = '2023-09-20'), { action: 'plan-end', subject: 'bac-giang-2023' }))).toEqual({ ok: true });
    expect(await editor.deletePlan(BY, 'tay-ninh-2023')).toEqual({ ok: true });
    const imports = createImportService(config.dataDir, content, stores.content, { logger: silentLogger, deliver: async () => undefined });
    const text = readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.txt'), 'utf8').replace('KẾ HOẠCH', 'KẾ HOẠCH\nThực hiện công tác dân vận ở cơ sở năm 2024');
    const staged = await imports.prepare('ke-hoach.txt', Buffer.from(text));
    expect((await imports.publish(staged.code))?.plan.id).toBeDefined();
    await stores.close();
    expect(snapshot(DATA_DIR)).toEqual(before);
    const again = await openAll(config, true, config.consoleDbFile, false, logger);
    expect(lines).toHaveLength(1);
    expect(again.content.unit('TTRA')?.name).toBe('Thanh tra (console)');
    expect(again.content.plans.map((p) => p.id)).not.toContain('tay-ninh-2023');
    expect(again.content.plans).toHaveLength(5);
    await again.stores.close();
    expect(snapshot(DATA_DIR)).toEqual(before);
  });

  it('logs one line per plan file a later start adds', async () => {
    const dataDir = dataCopy();
    const config = loadConfig({ DB_FILE: join(tempDir(), 'db.json'), DATA_DIR: dataDir });
    const lines: string[] = [];
    await (await openAll(config, true, config.dbFile, false, { info: (m) => void lines.push(m) })).stores.close();
    const plan = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8'));
    for (const [id, h] of [['moi-a', 'H96'], ['moi-b', 'H97']]) {
      writeFileSync(join(dataDir, 'plans', `${id}.json`), JSON.stringify({ ...plan, id, source: null, deadlines: [{ ...plan.deadlines[0], id: h }] }));
    }
    lines.length = 0;
    const { stores } = await openAll(config, true, config.dbFile, false, { info: (m) => void lines.push(m) });
    await stores.close();
    expect(lines).toEqual([
      `plan moi-a added from ${join(dataDir, 'plans', 'moi-a.json')} (a plan file the store did not have)`,
      `plan moi-b added from ${join(dataDir, 'plans', 'moi-b.json')} (a plan file the store did not have)`,
    ]);
  });
});
