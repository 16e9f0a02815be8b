/** Re-importing a plan that exists, documents with no plan in them, id collisions, and the import summary's words. */
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { loadContent } from '../src/content-files.js';
import { buildContent } from '../src/core/content.js';
import { createEngine } from '../src/core/dispatcher.js';
import { describeFileError, importSummary, readPlanFile, savePlan } from '../src/importer/files.js';
import { parseSigner } from '../src/importer/header.js';
import { importForContent, prepareImport } from '../src/importer/prepare.js';
import { createImportService } from '../src/importer/service.js';
import { rawLines } from '../src/importer/normalize.js';
import { ADMIN, DATA_DIR, ROOT, movableClock, sampleContent, silentLogger, tempDir } from './helpers.js';
import { lowdbFactory } from './stores.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');

/** A copy of the sample data in a temp folder, and its content. */
async function sampleCopy() {
  const dir = join(tempDir(), 'data');
  cpSync(DATA_DIR, dir, { recursive: true });
  return { dir, content: await loadContent(dir) };
}

/** A store seeded from `dir`: what publishing from chat saves into (the folder is never written). */
const storeOf = (dir: string) => lowdbFactory.open(tempDir(), { clock: movableClock('2023-09-20T09:00:00+07:00'), dataDir: dir });

const BAC_GIANG = readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.txt'), 'utf8');
/** Same number, issuer and title (written with other quotes and case); one date moved. */
const BAC_GIANG_CHANGED = BAC_GIANG.replace('trước ngày 28/10/2023', 'trước ngày 31/10/2023').replace(
  'KẾ HOẠCH Triển khai các hoạt động “Tháng Dân vận” năm 2023',
  'KẾ HOẠCH Triển khai các hoạt động "Tháng dân vận"  năm 2023',
);

/** A plan from another province whose title starts like `title`: its id is derived from place, year and four title words. */
const plan = (title: string, date = '01/12/2027') =>
  `Số: 9/KH-SKHCN\nHà Giang, ngày 05 tháng 01 năm 2027\n\nKẾ HOẠCH\n${title}\n\nCăn cứ abc.\n\nI. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Sở báo cáo trước ngày ${date}.\n`;

describe('a plan imported again (same number, issuer and title, or the same text)', () => {
  it('the same text, even with other line ends and spacing, is refused, naming the existing plan', async () => {
    const { dir, content } = await sampleCopy();
    await expect(prepareImport(dir, content, BAC_GIANG)).rejects.toThrow('Kế hoạch này đã có (mã bac-giang-2023): không có gì thay đổi');
    await expect(prepareImport(dir, content, BAC_GIANG.replace(/\n/g, '\r\n').replace(/ /g, '  '))).rejects.toThrow(/mã bac-giang-2023/);
  });

  it('a changed text of the same plan replaces it: same plan id, unchanged deadlines keep their ids, one copy after reload', async () => {
    const { dir, content } = await sampleCopy();
    const prepared = await prepareImport(dir, content, BAC_GIANG_CHANGED);
    expect(prepared.plan.id).toBe('bac-giang-2023');
    expect(prepared.replaces?.id).toBe('bac-giang-2023');
    expect(prepared.plan.deadlines.map((d) => [d.id, d.due])).toEqual([
      ['H8', '2023-09-25'],
      ['H9', '2023-10-22'],
      ['H10', '2023-09-30'],
      ['H14', '2023-10-31'],
    ]);
    expect(importSummary(content, prepared)).toMatch(/Thay thế kế hoạch đã có “Triển khai các hoạt động “Tháng Dân vận” năm 2023” \(mã bac-giang-2023\)/);
    await savePlan(dir, prepared.plan, BAC_GIANG_CHANGED);
    const after = await loadContent(dir);
    expect(after.plans).toHaveLength(5);
    expect(after.deadlines.filter((d) => d.due === '2023-09-25' && d.assignees.includes('VP')).map((d) => d.id)).toEqual(['H8']);
    // And now that text is the stored one: importing it again changes nothing.
    await expect(prepareImport(dir, after, BAC_GIANG_CHANGED)).rejects.toThrow(/Kế hoạch này đã có \(mã bac-giang-2023\)/);
  });

  it('every seed plan with a line added is recognised (even one whose issuer the text does not name) and keeps all its deadline ids', async () => {
    const { dir, content } = await sampleCopy();
    for (const existing of content.plans) {
      const text = `${readFileSync(join(dir, 'plans', existing.source!), 'utf8')}\n\nGhi chú thêm.\n`;
      const prepared = await prepareImport(dir, content, text);
      expect(prepared.replaces?.id, existing.id).toBe(existing.id);
      expect(prepared.plan.deadlines.map((d) => d.id), existing.id).toEqual(existing.deadlines.map((d) => d.id));
    }
  });

  it('an explicit id still re-saves the plan under that id; another plan\'s text under a new id is refused', async () => {
    const { dir, content } = await sampleCopy();
    const again = await prepareImport(dir, content, BAC_GIANG, { id: 'bac-giang-2023' });
    expect(again.plan.deadlines.map((d) => d.id)).toEqual(['H8', 'H9', 'H10', 'H11']);
    await expect(prepareImport(dir, content, BAC_GIANG, { id: 'ban-sao' })).rejects.toThrow(/đã có \(mã bac-giang-2023\)[^]*--id bac-giang-2023/);
  });

  it('from chat: the same file is refused; a changed file sent twice waits once; publishing replaces the plan', async () => {
    const { dir, content } = await sampleCopy();
    const service = createImportService(dir, content, (await storeOf(dir)).content, { deliver: async () => undefined });
    await expect(service.prepare('ke-hoach.txt', Buffer.from(BAC_GIANG))).rejects.toThrow(/Kế hoạch này đã có \(mã bac-giang-2023\)/);
    const staged = await service.prepare('ke-hoach.txt', Buffer.from(BAC_GIANG_CHANGED));
    expect(staged.summary).toMatch(/Thay thế kế hoạch đã có/);
    await expect(service.prepare('ke-hoach (1).txt', Buffer.from(BAC_GIANG_CHANGED))).rejects.toThrow(/đang chờ công bố \(mã I1\)/);
    const published = await service.publish('I1');
    expect(published?.plan.id).toBe('bac-giang-2023');
    expect(content.plans).toHaveLength(5);
    await expect(service.prepare('ke-hoach.txt', Buffer.from(BAC_GIANG_CHANGED))).rejects.toThrow(/Kế hoạch này đã có \(mã bac-giang-2023\)/);
  });

  it('from chat: two new plans with the same derived id, both published, get two ids and distinct deadline ids', async () => {
    const { dir, content } = await sampleCopy();
    const store = await storeOf(dir);
    const service = createImportService(dir, content, store.content, { deliver: async () => undefined });
    const a = await service.prepare('a.txt', Buffer.from(plan('Tuyên truyền công tác dân vận năm 2027')));
    const b = await service.prepare('b.txt', Buffer.from(plan('Tuyên truyền công tác dân vận quý II năm 2027', '02/12/2027')));
    expect(a.result.plan.id).toBe(b.result.plan.id);
    const first = await service.publish(a.code);
    const second = await service.publish(b.code);
    expect(second!.plan.id).toBe(`${first!.plan.id}-2`);
    expect(second!.plan.deadlines[0]!.id).not.toBe(first!.plan.deadlines[0]!.id);
    expect((await store.content.load()).plans).toHaveLength(7);
    expect(content.plans).toHaveLength(7);
    // Published into the store, not into the data folder.
    expect((await loadContent(dir)).plans).toHaveLength(5);
  });

  it('/congbo says which plan was replaced', async () => {
    const { dir, content } = await sampleCopy();
    const delivered: string[] = [];
    const clock = movableClock('2023-09-20T09:00:00+07:00');
    const store = await storeOf(dir);
    const imports = createImportService(dir, content, store.content, { deliver: async (_chat, outs) => void delivered.push(...outs.map((o) => o.text)) });
    const engine = createEngine({ content, stores: store, clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, imports });
    const chat = { channel: 'telegram' as const, chatId: ADMIN.id };
    const send = async (text: string, attachment?: { name: string; size: number; read(): Promise<Buffer> }) =>
      (await engine.handle({ chat, chatType: 'private', user: ADMIN, text, attachment }, 4096)).map((o) => o.text).join('\n');
    const data = Buffer.from(BAC_GIANG_CHANGED);
    // The file is read in the background: the summary comes as a message of its own.
    expect(await send('', { name: 'ke-hoach.txt', size: data.length, read: async () => data })).toMatch(/^⏳ Đang đọc tệp “ke-hoach.txt”/);
    await imports.idle();
    expect(delivered.join('\n')).toMatch(/\/congbo I1/);
    expect(await send('/congbo I1')).toMatch(/Đã công bố kế hoạch “[^\n]+” \(mã bac-giang-2023\), thay cho bản đã có/);
    await store.close();
  });
});

describe('a document with no plan in it; ids never collide silently', () => {
  it('an empty or blank file, or a text with no title, section or deadline, is refused with a reason', async () => {
    const { dir, content } = await sampleCopy();
    for (const text of ['', ' \n\t\r\n ']) await expect(prepareImport(dir, content, text)).rejects.toThrow(/^Tệp trống/);
    await expect(prepareImport(dir, content, 'Hẹn gặp lại nhé!\nCảm ơn anh chị.')).rejects.toThrow('Tệp không có kế hoạch: không thấy tiêu đề "KẾ HOẠCH", mục hay thời hạn nào');
    const service = createImportService(dir, content, (await storeOf(dir)).content, { deliver: async () => undefined });
    await expect(service.prepare('trong.txt', Buffer.from(''))).rejects.toThrow(/^Tệp trống/);
    await expect(service.prepare('thu.txt', Buffer.from('Hẹn gặp lại'))).rejects.toThrow(/^Tệp không có kế hoạch/);
  });

  it('an untitled document whose id is taken by another plan gets a free id, named in the summary; the first is kept', async () => {
    const { dir, content } = await sampleCopy();
    const first = 'I. NỘI DUNG\n1. Văn phòng Sở báo cáo trước ngày 01/12/2027.\n';
    const a = await prepareImport(dir, content, first);
    expect(a.plan.id).toBe('ke-hoach');
    await savePlan(dir, a.plan, first);
    const second = 'Thanh tra Sở hoàn thành kiểm tra trước ngày 15/12/2027.\n';
    const b = await prepareImport(dir, await loadContent(dir), second);
    expect(b.plan.id).toBe('ke-hoach-2');
    expect(b.replaces).toBeUndefined();
    expect(importSummary(content, b)).toMatch(/Mã kế hoạch: ke-hoach-2 \(mã ke-hoach đã thuộc kế hoạch khác\)/);
    await savePlan(dir, b.plan, second);
    expect(readFileSync(join(dir, 'plans', 'ke-hoach.txt'), 'utf8')).toBe(first);
    expect((await loadContent(dir)).plans.map((p) => p.id)).toEqual(expect.arrayContaining(['ke-hoach', 'ke-hoach-2']));
  });

  it('two plans whose titles start alike (same derived id) are two plans, not one replacing the other', async () => {
    const { dir, content } = await sampleCopy();
    const one = plan('Tuyên truyền công tác dân vận năm 2027');
    const a = await prepareImport(dir, content, one);
    await savePlan(dir, a.plan, one);
    const b = await prepareImport(dir, await loadContent(dir), plan('Tuyên truyền công tác dân vận quý II năm 2027'));
    expect(b.replaces).toBeUndefined();
    expect(b.plan.id).toBe(`${a.plan.id}-2`);
  });
});

describe('the import summary and the signer', () => {
  it('dates dd/mm/yyyy, "Số: …, ngày …", the issuer, "chức vụ: tên", no "Số mục"', async () => {
    const { dir, content } = await sampleCopy();
    const text = await readPlanFile(join(FIXTURES, 'pdf-text.txt'));
    const summary = importSummary(content, await prepareImport(dir, content, text));
    expect(summary).toContain('Số: 245/KH-SKHCN, ngày 14/11/2026');
    expect(summary).toContain('Cơ quan ban hành: Sở Khoa học và Công nghệ tỉnh Hà Giang');
    expect(summary).toContain('Người ký: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC: Nguyễn Thị Minh Thu');
    expect(summary).toMatch(/- H\d+ · 15\/01\/2027 · /);
    expect(summary).not.toMatch(/Số mục|Ban hành:/);
    expect(summary).not.toMatch(/\b\d{4}-\d{2}(-\d{2})?\b(?![a-z])/);
    const changed = importSummary(content, await prepareImport(dir, content, BAC_GIANG_CHANGED));
    expect(changed).toContain('Số: …/KH-KHCN, tháng 09/2023');
    expect(changed).toContain('Người ký: KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC: Triệu Ngọc Trung');
    const bare = importSummary(content, await prepareImport(dir, content, 'I. NỘI DUNG\n1. Văn phòng Sở báo cáo trước ngày 01/12/2027.\n'));
    expect(bare).toContain('Số: không ghi, không ghi ngày');
    expect(bare).toContain('Người ký: không tìm thấy');
  });

  it('a position and a name on one line are split, not run together', () => {
    expect(parseSigner(rawLines('Nơi nhận:\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC Triệu Ngọc Trung\n'))).toEqual({ position: 'KT. GIÁM ĐỐC - PHÓ GIÁM ĐỐC', name: 'Triệu Ngọc Trung' });
    expect(parseSigner(rawLines('GIÁM ĐỐC    Phạm Văn Hùng\n'))).toEqual({ position: 'GIÁM ĐỐC', name: 'Phạm Văn Hùng' });
  });
});

describe('file errors in Vietnamese, saying what to do', () => {
  it('maps the system codes, never showing them', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: something, open 'x'`), { code });
    expect(describeFileError('a.txt', err('ENOENT'))).toBe('Không tìm thấy tệp a.txt: kiểm tra lại đường dẫn và tên tệp.');
    expect(describeFileError('a.txt', err('EACCES'))).toMatch(/^Không có quyền đọc tệp a\.txt: /);
    expect(describeFileError('a.txt', err('EPERM'))).toMatch(/^Không có quyền đọc tệp a\.txt: /);
    expect(describeFileError('a', err('EISDIR'))).toMatch(/^a là một thư mục, không phải tệp: /);
    for (const code of ['ENOENT', 'EACCES', 'EISDIR', 'EMFILE', 'EIO', 'WHATEVER']) expect(describeFileError('a.txt', err(code))).not.toMatch(/[A-Z]{4,}|something|open/);
  });
});

describe('deadline ids of a new plan', () => {
  it('never reuse an id of a reference plan (its deadlines are not tracked, but their ids are taken)', async () => {
    const sample = await sampleContent();
    // A reference plan holding the ids right after the tracked ones (H14, H15).
    const reference = { ...sample.plans.find((p) => p.reference)!, id: 'tham-khao' };
    reference.deadlines = reference.deadlines.map((d, i) => ({ ...d, id: `H${14 + i}` }));
    const content = buildContent('org.json', sample.org, [...sample.plans.filter((p) => !p.reference), reference].map((raw, i) => ({ file: `p${i}.json`, raw })));
    const text = 'KẾ HOẠCH\nThử nghiệm số hiệu\n1. Văn phòng Sở gửi báo cáo trước ngày 15/12/2027.\n';
    const { plan } = importForContent(text, content, 'thu-nghiem');
    expect(plan.deadlines.length).toBeGreaterThan(0);
    const taken = content.plans.flatMap((p) => p.deadlines.map((d) => d.id));
    for (const d of plan.deadlines) expect(taken).not.toContain(d.id);
  });
});
