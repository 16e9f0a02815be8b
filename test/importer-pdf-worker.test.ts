/**
 * A PDF as Loa receives it: read in the import worker (`loa import` and chat), sent in chat (the
 * summary, or the scan's refusal, delivered to that chat), uploaded on the web; a PDF that takes
 * longer than the time limit ends its worker with the usual refusal, and the bot goes on.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { loadContent } from '../src/content-files.js';
import { createEngine } from '../src/core/dispatcher.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import type { ImportJob } from '../src/importer/job.js';
import { createImportService } from '../src/importer/service.js';
import { runInWorker } from '../src/importer/worker.js';
import { openLowdbStores } from '../src/store/lowdb/stores.js';
import { ADMIN, DATA_DIR, movableClock, sampleContent, silentLogger, tempDir } from './helpers.js';
import { makePdf, type Block } from './pdf-fixture.js';
import { PLAN_BLOCKS } from './pdf-plan.js';
import { setUp as webSetUp } from './web-plan-fixture.js';

async function job(name: string, data: Buffer): Promise<ImportJob> {
  const { org, plans } = await sampleContent();
  return { source: { name, data }, dataDir: DATA_DIR, org, plans };
}

const SCAN: Block[] = [{ table: [['', ''], ['', '']], widths: [200, 200] }];

describe('a PDF plan', () => {
  it('is read in the import worker; one that takes longer than the limit is refused and its worker ended', async () => {
    const pdf = await makePdf(PLAN_BLOCKS);
    const outcome = await runInWorker(await job('ke-hoach-cchc.pdf', pdf));
    expect(outcome.ok && outcome.result.plan.title).toBe('Tuyên truyền cải cách hành chính năm 2027');
    expect(outcome.ok && outcome.summary).toMatch(/^📄 KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2027/);
    const long = await makePdf(Array.from({ length: 40 }, () => [...PLAN_BLOCKS, { page: true } as const]).flat());
    await expect(runInWorker(await job('dai.pdf', long), { timeMs: 100, memoryMb: 256 })).rejects.toThrow(
      'Tệp dai.pdf quá lớn hoặc quá phức tạp để đọc: Loa đọc quá 0,1 giây vẫn chưa xong; hãy tách tệp thành các phần nhỏ hơn, rồi nhập lại.',
    );
  });

  it('sent in chat: the summary with its buttons, or the refusal of a scan, is delivered to that chat', async () => {
    const dir = join(tempDir(), 'data');
    cpSync(DATA_DIR, dir, { recursive: true });
    const content = await loadContent(dir);
    const delivered: Array<{ chat: ChatRef; outs: Outgoing[] }> = [];
    const clock = movableClock('2027-01-10T09:00:00+07:00');
    const store = await openLowdbStores({ file: join(tempDir(), 'db.json'), clock, dataDir: dir });
    const imports = createImportService(dir, content, store.content, { deliver: async (chat, outs) => void delivered.push({ chat, outs }) });
    const engine = createEngine({ content, stores: store, clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, imports });
    const chat = { channel: 'telegram' as const, chatId: ADMIN.id };
    const send = async (name: string, data: Buffer) =>
      (await engine.handle({ chat, chatType: 'private', user: ADMIN, text: '', attachment: { name, size: data.length, read: async () => data } }, 4096)).map((o) => o.text).join('\n');
    expect(await send('ke-hoach-cchc.pdf', await makePdf(PLAN_BLOCKS))).toBe('⏳ Đang đọc tệp “ke-hoach-cchc.pdf”; Loa sẽ gửi bản tóm tắt khi đọc xong.');
    await send('scan.pdf', await makePdf(SCAN));
    await imports.idle();
    const texts = delivered.map((d) => d.outs.map((o) => o.text).join('\n'));
    expect(texts).toContainEqual(expect.stringMatching(/^📄 KẾ HOẠCH Tuyên truyền cải cách hành chính năm 2027[\s\S]*Công bố kế hoạch này\? \/congbo I1 · Bỏ: \/huybo I1$/));
    expect(texts).toContainEqual(expect.stringMatching(/^Không nhập được tệp “scan.pdf”: Tệp scan.pdf: tệp PDF là ảnh quét, không có lớp chữ/));
    expect(delivered.every((d) => d.chat.chatId === ADMIN.id)).toBe(true);
    await imports.close();
    await store.close();
  });

  it('uploaded on the web: read and waiting for review; a scan is refused on the upload page', async () => {
    const { upload, signIn, draft } = await webSetUp();
    const admin = await signIn();
    const res = await upload('ke-hoach-cchc.pdf', new Uint8Array(await makePdf(PLAN_BLOCKS)), admin, 'application/pdf');
    expect(res.headers.get('location')).toBe('/ke-hoach/duyet/I1?ok=tai-len');
    const plan = (await draft('I1'))!.plan;
    expect([plan.title, plan.number]).toEqual(['Tuyên truyền cải cách hành chính năm 2027', '31/KH-SKHCN']);
    const scan = await upload('scan.pdf', new Uint8Array(await makePdf(SCAN)), admin, 'application/pdf');
    expect(scan.status).toBe(400);
    expect(await scan.text()).toContain('Không nhập được tệp “scan.pdf”: Tệp scan.pdf: tệp PDF là ảnh quét, không có lớp chữ');
  });
});
