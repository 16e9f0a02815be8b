/**
 * Hand-ins through the engine over each store: a file named by its caption or sent as a reply,
 * kept beside earlier ones, the unit completed, the office told, /tiendo and /tonghop; and every
 * refusal stores nothing (no hand-in, no bytes, no confirmation).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Attachment, ChatRef } from '../src/core/types.js';
import { docxWith, exe, handDocx, deflatedZeros, jpeg, PHU_LUC_II, xlsxWith } from './files-fixture.js';
import { ADMIN, harness, STAFF, UNIT_CHAT, type Harness } from './helpers.js';
import { storeFactories } from './stores.js';

const OTHER_CHAT: ChatRef = { channel: 'telegram', chatId: '-300' };
const STRANGER_CHAT: ChatRef = { channel: 'telegram', chatId: '-999' };
const OCC = { deadline: 'H8', occurrence: '2023-09-25' };

function file(name: string, bytes: Buffer, extra: Partial<Attachment> = {}): Attachment & { reads: number } {
  const a = { name, size: bytes.length, reads: 0, read: async (max?: number) => {
    a.reads++;
    if (max !== undefined && bytes.length > max) throw Object.assign(new Error('Tệp quá lớn.'), { name: 'ImportError' });
    return bytes;
  }, ...extra };
  return a;
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function setUp(factory: (typeof storeFactories)[number]): Promise<Harness> {
  const h = await harness('2023-09-20T09:00:00+07:00', { store: factory, webBaseUrl: 'http://127.0.0.1:9' });
  await h.say('/dangky VP');
  await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
  await h.say('/dangky CCTDC', { chat: OTHER_CHAT });
  return h;
}

/** Everything a refusal must leave untouched. */
async function nothingStored(h: Harness): Promise<void> {
  expect(await h.stores.submissions.submissionsOf([OCC, { deadline: 'H10', occurrence: '2023-09-30' }])).toEqual([]);
  expect(await h.confirmationsOf('H8', '2023-09-25')).toEqual([]);
}

describe.each(storeFactories)('hand-ins through the engine ($name)', (factory) => {
  it('keeps a file named by its caption, completes the unit, tells the office and answers with a receipt', async () => {
    const h = await setUp(factory);
    const outs = await h.say('xong H8, báo cáo số 12/BC-TTKHCN ngày 20/9/2023', { chat: UNIT_CHAT, user: STAFF, attachment: file('bao-cao.pdf', PDF) });
    const receipt = outs.find((o) => !o.chat)!.text;
    expect(receipt).toContain('📥 Đã nhận báo cáo của Trung tâm Khoa học và Công nghệ cho hạn H8 (25/09/2023)');
    expect(receipt).toContain('“bao-cao.pdf”');
    expect(receipt).toContain(`SHA-256: ${sha(PDF).slice(0, 16)}`);
    expect(receipt).toContain('HOÀN THÀNH hạn H8');
    expect(receipt).toContain('📨 Đã báo Văn phòng Sở');
    const [sub] = await h.stores.submissions.submissionsOf([OCC]);
    expect(sub).toMatchObject({ unit: 'TTKHCN', by: STAFF, report: { number: '12/BC-TTKHCN', date: '2023-09-20' }, file: { name: 'bao-cao.pdf', size: PDF.length, type: 'application/pdf', sha256: sha(PDF) } });
    expect(await h.stores.files.getFile(sha(PDF))).toEqual(PDF);
    expect((await h.confirmation('H8', '2023-09-25', 'TTKHCN'))?.completed?.by).toEqual(STAFF);
    const office = (await h.stores.outbox.outboxRows()).filter((r) => r.chat === 'telegram:-100');
    expect(office.map((r) => r.text).join('\n')).toMatch(/Trung tâm Khoa học và Công nghệ \(TTKHCN\) đã nộp cho hạn H8[\s\S]*bao-cao\.pdf[\s\S]*http:\/\/127\.0\.0\.1:9\/han\/H8\/2023-09-25/);
    expect(await h.ask('/tiendo H8', { chatType: 'private', chat: { channel: 'telegram', chatId: ADMIN.id } })).toMatch(/TTKHCN — “bao-cao\.pdf”.*http:\/\/127\.0\.0\.1:9\/tai-ve\/[A-Za-z0-9_-]{43}/);
  });

  it('takes a file sent as a reply to a deadline message, and keeps a second file beside the first', async () => {
    const h = await setUp(factory);
    const [detail] = await h.say('/deadline H8', { chat: OTHER_CHAT, user: STAFF });
    const docx = await docxWith('Báo cáo của Chi cục');
    await h.say('', { chat: OTHER_CHAT, user: STAFF, replyTo: detail!.id, attachment: file('bc1.docx', docx) });
    const second = await h.ask('H8', { chat: OTHER_CHAT, user: STAFF, attachment: file('bc2.pdf', PDF) });
    expect(second).toContain('Đơn vị đã nộp 2 lần cho kỳ này');
    expect(second).toContain('đã được ghi nhận hoàn thành từ trước');
    const subs = await h.stores.submissions.submissionsOf([OCC]);
    expect(subs.map((s) => [s.unit, s.file?.name])).toEqual([
      ['CCTDC', 'bc1.docx'],
      ['CCTDC', 'bc2.pdf'],
    ]);
    expect(await h.stores.files.getFile(sha(docx))).toEqual(docx);
  });

  it('reads a filled registration table back into rows, and /tonghop merges it for the office', async () => {
    const h = await setUp(factory);
    const table = [['STT', ...PHU_LUC_II], ['1', 'Hội nghị dân vận', 'Tháng 10/2023', 'Toàn Trung tâm', 'Viên chức', 'Nâng cao nhận thức', ''], ['2', 'Tọa đàm', '15/10/2023', 'Cơ quan', 'Đoàn viên', 'Lan tỏa', 'Phối hợp']];
    const receipt = await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: file('dang-ky.xlsx', await xlsxWith(table, ['ĐĂNG KÝ HOẠT ĐỘNG'])) });
    expect(receipt).toContain('📝 2 dòng đăng ký');
    const [sub] = await h.stores.submissions.submissionsOf([OCC]);
    expect(sub!.form).toEqual({ columns: PHU_LUC_II, rows: table.slice(1).map((r) => r.slice(1)) });
    const merged = await h.ask('/tonghop H8', { chatType: 'private', chat: { channel: 'telegram', chatId: ADMIN.id } });
    expect(merged).toContain('Đã gửi: 1/10 đơn vị · 2 dòng.');
    expect(merged).toMatch(/Excel \(\.xlsx\): http:\/\/127\.0\.0\.1:9\/tai-ve\/\S{43}/);
    expect(merged).toMatch(/Word \(\.docx\): http:\/\/127\.0\.0\.1:9\/tai-ve\/\S{43}/);
    expect(merged).toContain('Chưa gửi bản đăng ký (9)');
    // In a group, no links: they would open the file to everyone there.
    expect(await h.ask('/tonghop H8')).toContain('trong tin nhắn riêng');
    expect(await h.ask('/tonghop H8', { chat: UNIT_CHAT, user: STAFF })).toContain('dành cho Văn phòng Sở và quản trị viên');
  });

  it('refuses, storing nothing: a declared size too large (never downloaded), a wrong type, a zip bomb, an unbound chat, a deadline not the unit’s, an unknown code', async () => {
    const h = await setUp(factory);
    const big = file('bao-cao.pdf', PDF, { size: 25 * 1024 * 1024 });
    expect(await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: big })).toMatch(/quá|lớn/);
    expect(big.reads).toBe(0);
    expect(await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: file('virus.pdf', exe()) })).toContain('Chưa có gì được lưu');
    expect(await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: file('setup.exe', exe()) })).toContain('Chưa có gì được lưu');
    const bomb = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(500), size: 1000 });
    expect(await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: file('dang-ky.docx', bomb) })).toContain('Chưa có gì được lưu');
    expect(await h.ask('xong H8', { chat: STRANGER_CHAT, user: STAFF, attachment: file('bc.pdf', PDF) })).toContain('chưa đăng ký đơn vị');
    expect(await h.ask('xong H10', { chat: UNIT_CHAT, user: STAFF, attachment: file('bc.pdf', PDF) })).toContain('không phải đơn vị thực hiện hạn H10');
    expect(await h.ask('xong H99', { chat: UNIT_CHAT, user: STAFF, attachment: file('bc.pdf', PDF) })).toContain('Không có hạn H99');
    await nothingStored(h);
    expect(await h.stores.files.getFile(sha(PDF))).toBeUndefined();
  });

  it('keeps a photo of a signed page, named by its bytes; a file with no deadline gets a hint in a private chat and silence in a group', async () => {
    const h = await setUp(factory);
    const photo = jpeg(1200, 1600);
    expect(await h.ask('xong H8', { chat: UNIT_CHAT, user: STAFF, attachment: file('', photo, { photo: true }) })).toMatch(/“anh-[0-9a-f]{8}\.jpg” · .* · ảnh JPEG/);
    expect(await h.say('', { chat: OTHER_CHAT, user: STAFF, attachment: file('bc.pdf', PDF) })).toEqual([]);
    await h.say('/dangky QLKH', { chatType: 'private', chat: { channel: 'telegram', chatId: STAFF.id }, user: ADMIN });
    expect(await h.ask('', { chatType: 'private', chat: { channel: 'telegram', chatId: STAFF.id }, user: STAFF, attachment: file('bc.pdf', PDF) })).toContain('chưa biết tệp “bc.pdf” nộp cho hạn nào');
  });
});
