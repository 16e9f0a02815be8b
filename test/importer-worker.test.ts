/**
 * Imports run in a worker thread within limits: a file that takes too long or too much memory
 * is refused with what to do; a .docx that unpacks to far more than it weighs (a zip bomb) is
 * refused before anything is unpacked, even when it lies about its sizes; a normal .docx is
 * still read. In chat, the engine answers at once and the summary follows as its own message.
 */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { describe, expect, it } from 'vitest';
import { bigPlanText } from '../bench/plan-text.js';
import { commands } from '../commands/index.js';
import { loadContent } from '../src/content-files.js';
import { createEngine } from '../src/core/dispatcher.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import { ImportError } from '../src/importer/errors.js';
import { MAX_IMPORT_BYTES, textFromBuffer } from '../src/importer/files.js';
import type { ImportJob } from '../src/importer/job.js';
import { createImportService } from '../src/importer/service.js';
import { runInWorker } from '../src/importer/worker.js';
import { MAX_UNPACKED_BYTES, checkUnpacked, zipEntries } from '../src/importer/zip.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { ADMIN, DATA_DIR, movableClock, sampleContent, silentLogger, tempDir } from './helpers.js';

const MB = 1024 * 1024;

async function job(name: string, data: Buffer): Promise<ImportJob> {
  const { org, plans } = await sampleContent();
  return { source: { name, data }, dataDir: DATA_DIR, org, plans };
}

/** A real .docx whose one paragraph is 64 MB of one letter: it packs into well under 1 MB. */
let bombCache: Promise<Buffer> | undefined;
const bomb = () => (bombCache ??= Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('a'.repeat(64 * MB))] }] })));

/** The same zip declaring every entry to unpack to 1 KB. */
function lying(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) out.writeUInt32LE(1024, at + 24);
  return out;
}

const bigText = () => Buffer.from(bigPlanText(DATA_DIR, 30_000));

describe('an import in a worker thread, within limits', () => {
  it('a file still being read at the time limit is refused with what to do', async () => {
    const data = bigText();
    await expect(runInWorker(await job('ke-hoach-dai.txt', data), { timeMs: 50, memoryMb: 256 })).rejects.toThrow(
      new ImportError('Tệp ke-hoach-dai.txt quá lớn hoặc quá phức tạp để đọc: Loa đọc quá 0,05 giây vẫn chưa xong; hãy tách tệp thành các phần nhỏ hơn, rồi nhập lại.'),
    );
  });

  it('a file needing more memory than the limit is refused with what to do; the same file within the limit is read', async () => {
    const data = bigText();
    const refused = runInWorker(await job('ke-hoach-dai.txt', data), { timeMs: 60_000, memoryMb: 16 });
    await expect(refused).rejects.toBeInstanceOf(ImportError);
    await expect(refused).rejects.toThrow('Tệp ke-hoach-dai.txt quá lớn hoặc quá phức tạp để đọc: cần quá 16 MB bộ nhớ; hãy tách tệp thành các phần nhỏ hơn, rồi nhập lại.');
    const read = await runInWorker(await job('ke-hoach-dai.txt', data), { timeMs: 60_000, memoryMb: 256 });
    expect(read.ok && read.result.plan.deadlines.length).toBeGreaterThan(500);
  });

  it('a real .docx that unpacks to 64 MB is refused from its declared sizes, before anything is unpacked', async () => {
    const docx = await bomb();
    expect(docx.length).toBeLessThan(MB);
    const entries = zipEntries(docx);
    expect(Array.isArray(entries) && entries.some((e) => e.name === 'word/document.xml' && e.size > 64 * MB)).toBe(true);
    expect(checkUnpacked(docx)).toMatchObject({ ok: false, reason: 'too-large' });
    const refusal = `Tệp bom.docx quá lớn hoặc quá phức tạp để đọc: khi giải nén, tệp thành hơn ${MAX_UNPACKED_BYTES / MB} MB; hãy tách tệp hoặc gửi bản .txt (chép phần văn bản kế hoạch ra tệp .txt), rồi nhập lại.`;
    await expect(textFromBuffer('bom.docx', docx)).rejects.toThrow(refusal);
    // In a worker whose heap could not even hold the unpacked text: refused, not out of memory.
    expect(await runInWorker(await job('bom.docx', docx), { timeMs: 60_000, memoryMb: 32 })).toEqual({ ok: false, refusal });
  });

  it('a zip bomb that declares small sizes is stopped once its entries give more than the limit', async () => {
    const liar = lying(await bomb());
    const entries = zipEntries(liar);
    expect(Array.isArray(entries) && entries.every((e) => e.size === 1024)).toBe(true);
    expect(checkUnpacked(liar)).toMatchObject({ ok: false, reason: 'too-large' });
    await expect(textFromBuffer('bom.docx', liar)).rejects.toThrow(/^Tệp bom.docx quá lớn hoặc quá phức tạp để đọc: khi giải nén/);
  });

  it('a normal .docx is read through the worker; a damaged one is refused as not a .docx', async () => {
    const text = readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.txt'), 'utf8').replace(/[#*]/g, '');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: text.split('\n').map((l) => new Paragraph(l)) }] }));
    expect(checkUnpacked(docx)).toMatchObject({ ok: true });
    const outcome = await runInWorker(await job('bac-giang.docx', docx));
    // The sample data has this plan: recognised as the same plan, with its deadlines.
    expect(outcome.ok && outcome.result.replaces?.id).toBe('bac-giang-2023');
    expect(outcome.ok && outcome.result.plan.deadlines.map((d) => d.due)).toEqual(['2023-09-25', '2023-10-22', '2023-09-30', '2023-10-28']);
    expect(outcome.ok && outcome.summary).toMatch(/^📄 KẾ HOẠCH Triển khai các hoạt động “Tháng Dân vận” năm 2023/);
    const damaged = await runInWorker(await job('hong.docx', docx.subarray(0, docx.length - 100)));
    expect(damaged).toMatchObject({ ok: false, refusal: expect.stringMatching(/^Tệp hong.docx không phải tệp Word .docx hợp lệ/) });
  });
});

describe('a plan file sent in chat', () => {
  async function setUp() {
    const dir = join(tempDir(), 'data');
    cpSync(DATA_DIR, dir, { recursive: true });
    const content = await loadContent(dir);
    const delivered: Array<{ chat: ChatRef; outs: Outgoing[] }> = [];
    const clock = movableClock('2023-09-20T09:00:00+07:00');
    const store = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock, dataDir: dir });
    const imports = createImportService(dir, content, store.content, { deliver: async (chat, outs) => void delivered.push({ chat, outs }) });
    const engine = createEngine({ content, stores: store, clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, imports });
    const chat = { channel: 'telegram' as const, chatId: ADMIN.id };
    const send = async (attachment: { name: string; size: number; read(): Promise<Buffer> }) =>
      (await engine.handle({ chat, chatType: 'private', user: ADMIN, text: '', attachment }, 4096)).map((o) => o.text).join('\n');
    return { imports, store, delivered, send, chat };
  }

  it('is answered at once, before it is even downloaded; the summary with its buttons follows as a message to that chat', async () => {
    const { imports, store, delivered, send, chat } = await setUp();
    const data = readFileSync(join(DATA_DIR, '..', 'test', 'fixtures', 'import', 'markdown.md'));
    let download!: () => void;
    const downloaded = new Promise<void>((resolve) => (download = resolve));
    const answer = await send({ name: 'ke-hoach.md', size: data.length, read: async () => (await downloaded, data) });
    expect(answer).toBe('⏳ Đang đọc tệp “ke-hoach.md”; Loa sẽ gửi bản tóm tắt khi đọc xong.');
    expect(delivered).toEqual([]);
    download();
    await imports.idle();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]!.chat).toEqual(chat);
    expect(delivered[0]!.outs[0]!.text).toMatch(/^📄 KẾ HOẠCH Tổ chức “Tháng Dân vận” năm 2027[\s\S]*Công bố kế hoạch này\? \/congbo I1 · Bỏ: \/huybo I1$/);
    expect(delivered[0]!.outs[0]!.buttons).toEqual([
      { label: '📥 Công bố', data: '/congbo I1' },
      { label: '🗑️ Bỏ', data: '/huybo I1' },
    ]);
    await store.close();
  });

  it('a refusal is delivered the same way; a file over the size limit is refused without being downloaded', async () => {
    const { imports, store, delivered, send } = await setUp();
    expect(await send({ name: 'bom.docx', size: (await bomb()).length, read: async () => bomb() })).toMatch(/^⏳ Đang đọc tệp “bom.docx”/);
    let downloads = 0;
    await send({ name: 'to.txt', size: MAX_IMPORT_BYTES + 1, read: async () => (downloads++, Buffer.alloc(0)) });
    await imports.idle();
    const texts = delivered.map((d) => d.outs.map((o) => o.text).join('\n'));
    expect(texts).toContainEqual(expect.stringMatching(/^Không nhập được tệp “bom.docx”: Tệp bom.docx quá lớn hoặc quá phức tạp để đọc: khi giải nén/));
    expect(texts).toContainEqual(expect.stringMatching(/^Không nhập được tệp “to.txt”: Tệp to.txt quá lớn \(6 MB, tối đa 5 MB\)/));
    expect(downloads).toBe(0);
    await store.close();
  });

  it('a file still being read when the bot stops is dropped: nothing is delivered after the service is closed', async () => {
    const { imports, store, delivered, send } = await setUp();
    const data = bigText();
    await send({ name: 'ke-hoach-dai.txt', size: data.length, read: async () => data });
    await imports.close();
    await imports.idle();
    expect(delivered).toEqual([]);
    await store.close();
  });
});
