/**
 * /tiendo for a deadline of 2,000 units (issue 12, item 4): the counts and the units still
 * missing, grouped by kind, in at most two messages on Telegram (4,096 characters) and on Zalo
 * (2,000), instead of one line per unit.
 */
import { describe, expect, it } from 'vitest';
import { contentOf, readContentSource } from '../src/content-files.js';
import { DATA_DIR, harness } from './helpers.js';

const COMMUNES = Array.from({ length: 2000 }, (_, i) => `X${String(i + 1).padStart(4, '0')}`);

async function province() {
  const h = await harness('2023-09-20T09:00:00+07:00', { webBaseUrl: 'https://loa.example.vn' });
  const source = await readContentSource(DATA_DIR);
  const org = source.org.raw as { units: Array<Record<string, unknown>>; groups: Array<Record<string, unknown>> };
  for (const code of COMMUNES) org.units.push({ code, name: `Xã <b>${code}</b>`, kind: 'xa', aliases: [] });
  org.groups.push({ name: 'Các xã, phường', aliases: ['Các xã'], kinds: ['xa'] });
  const base = source.plans[0]!.raw as Record<string, unknown>;
  source.plans.push({
    file: 'plans/tinh-2023.json',
    raw: { ...base, id: 'tinh-2023', number: '1/KH-TINH', title: 'Kế hoạch của tỉnh', slogans: [], forms: [], deadlines: [{ id: 'H950', task: 'Báo cáo kết quả tuyên truyền', due: '2023-09-30', recurrence: null, assignees: ['VP', 'KHTC', ...COMMUNES], reportTo: null, section: 'I', quote: 'trước ngày 30/9/2023' }] },
  });
  Object.assign(h.content, contentOf(source));
  const user = { id: '9', name: 'Cán bộ' };
  const chat = { channel: 'telegram', chatId: '-9' };
  // 300 communes completed, 200 only received.
  for (const unit of COMMUNES.slice(0, 300)) await h.stores.confirmations.confirm({ deadline: 'H950', occurrence: '2023-09-30', unit, kind: 'xong', user, chat });
  for (const unit of COMMUNES.slice(300, 500)) await h.stores.confirmations.confirm({ deadline: 'H950', occurrence: '2023-09-30', unit, kind: 'nhan', user, chat });
  return h;
}

describe('/tiendo for a deadline of 2,000 units', () => {
  it('answers with the counts and the missing units grouped, in at most two messages', async () => {
    const h = await province();
    for (const maxLength of [4096, 2000]) {
      const outs = await h.say('/tiendo H950', { maxLength });
      if (process.env.SHOW) console.log(outs.map((o) => `[${o.text.length}] ${o.text.slice(0, 900)} … ${o.text.slice(-400)}`).join('\n======\n'));
      expect(outs.length, `max ${maxLength}`).toBeLessThanOrEqual(2);
      const text = outs.map((o) => o.text).join('\n');
      expect(text).toMatch(/Hoàn thành .* 300\/2002/);
      expect(text).toMatch(/Đã nhận .* 500\/2002/);
      expect(text).toMatch(/Chưa xác nhận \(1502\), theo loại đơn vị:/);
      expect(text).toMatch(/• Các phòng thuộc Sở \(2\): VP, KHTC/);
      expect(text).toMatch(/• Các xã, phường \(1500\): X0501, X0502/);
      expect(text).toMatch(/Đã nhận, chưa hoàn thành \(200\):\n• Các xã, phường \(200\): X0301/);
      expect(text).toMatch(/Đã hoàn thành: 300 đơn vị\./);
      expect(text).toContain('Bảng đầy đủ (đăng nhập bằng /web): https://loa.example.vn/tong-quan?plan=tinh-2023&state=chua');
      // What does not fit is counted, never silently dropped.
      expect(text).toMatch(/… \(còn \d+\)/);
      // Unit names are not listed (codes only), so no markup from a name reaches the chat.
      expect(text).not.toContain('<b>');
    }
  });

  it('keeps the one-line-per-unit detail for a deadline of a few units', async () => {
    const h = await province();
    const text = (await h.say('/tiendo H8')).map((o) => o.text).join('\n');
    expect(text).toMatch(/Chưa xác nhận \(10\):\n⏳ VP — Văn phòng Sở/);
  });
});
