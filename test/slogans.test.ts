/** Slogans: one entry per slogan across plans, shown as written, and only current ones as the slogan of the day. */
import { describe, expect, it } from 'vitest';
import { addDays } from '../src/core/dates.js';
import { displaySloganText, isDatedSlogan, quoteSlogan, sloganKey, sloganOfDay, sloganPast } from '../src/core/slogans.js';
import { fold } from '../src/core/text.js';
import { harness as openHarness, sampleContent } from './helpers.js';
import { storeFactories } from './stores.js';

const TODAY = '2026-11-29T09:00:00+07:00';
const TRONG_DAN = 'Trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân';
const count = (text: string, part: string) => fold(text).split(fold(part)).length - 1;

describe('slogan texts', () => {
  it('one key for the same words whatever the case, accents, punctuation, quotes or "nhân dân" for "dân"', () => {
    expect(sloganKey('trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân')).toBe(sloganKey(TRONG_DAN));
    expect(sloganKey('Trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với nhân dân')).toBe(sloganKey(TRONG_DAN));
    expect(sloganKey('"Dân vận khéo thì việc gì cũng thành công"')).toBe(sloganKey('Dân vận khéo thì việc gì cũng thành công!'));
    // A word that is not the same: another slogan (the older wording without "học dân").
    expect(sloganKey('Trọng dân, gần dân, hiểu dân và có trách nhiệm với nhân dân')).not.toBe(sloganKey(TRONG_DAN));
  });

  it('is shown as written, capitalised, outer quotes off, inner quotes curly, no stray final period', () => {
    expect(displaySloganText('trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân')).toBe(TRONG_DAN);
    expect(displaySloganText('"Công tác dân vận là trách nhiệm của các cơ quan"')).toBe('Công tác dân vận là trách nhiệm của các cơ quan');
    expect(displaySloganText('óc nghĩ, mắt trông, tai nghe')).toBe('Óc nghĩ, mắt trông, tai nghe');
    expect(displaySloganText('Thực hành phong cách "Trọng dân, gần dân"; "nghe dân nói, làm dân tin "')).toBe(
      'Thực hành phong cách “Trọng dân, gần dân”; “nghe dân nói, làm dân tin”',
    );
    expect(displaySloganText('Thực hiện tốt phương châm "dân biết, dân bàn, dân làm".')).toBe('Thực hiện tốt phương châm “dân biết, dân bàn, dân làm”');
    expect(displaySloganText('Theo phương châm «Dân biết, dân bàn»')).toBe('Theo phương châm “Dân biết, dân bàn”');
    expect(displaySloganText('“Dân vận khéo thì việc gì cũng thành công”')).toBe('Dân vận khéo thì việc gì cũng thành công');
    expect(displaySloganText('Nhiệm vụ có ý nghĩa chiến lược...')).toBe('Nhiệm vụ có ý nghĩa chiến lược...');
  });

  it('is quoted once: “…” around a plain slogan, never around one that has its own quotes', () => {
    expect(quoteSlogan('Dân vận khéo thì việc gì cũng thành công')).toBe('“Dân vận khéo thì việc gì cũng thành công”');
    expect(quoteSlogan('Thực hiện tốt phương châm “dân biết, dân bàn”')).toBe('Thực hiện tốt phương châm “dân biết, dân bàn”');
  });
});

describe('the sample slogans', () => {
  it('lists the same slogan from several plans once, with every source, newest first', async () => {
    const { slogans } = await sampleContent();
    expect(slogans).toHaveLength(16);
    expect(new Set(slogans.map((s) => sloganKey(s.text))).size).toBe(16);
    const same = slogans.filter((s) => sloganKey(s.text) === sloganKey(TRONG_DAN));
    expect(same).toHaveLength(1);
    expect(same[0]!.text).toBe(TRONG_DAN);
    expect(same[0]!.sources.map((p) => p.id)).toEqual(['binh-phuoc-2022', 'dak-nong-2022', 'quang-ngai-dan-van']);
    expect(slogans.map((s) => s.number)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    for (const s of slogans) {
      expect(s.text, s.text).toMatch(/^[\p{Lu}“]/u);
      expect(s.text, s.text).not.toMatch(/["«»]|\.$(?<!\.\.\.)/);
    }
  });

  it('knows the slogans tied to a year or an occasion', async () => {
    const { slogans } = await sampleContent();
    expect(slogans.filter(isDatedSlogan).map((s) => s.text)).toEqual([
      'Chào mừng 93 năm ngày truyền thống công tác dân vận của Đảng (15/10/1930 - 15/10/2023) và 24 năm Ngày Dân vận của cả nước',
    ]);
    const dated = slogans[0]!;
    expect(sloganPast(dated, '2023-09-20')).toBe(false);
    expect(sloganPast(dated, '2023-10-16')).toBe(true);
    expect(sloganPast(dated, '2026-11-29')).toBe(true);
    expect(slogans.slice(1).some((s) => sloganPast(s, '2026-11-29'))).toBe(false);
  });

  it('the slogan of the day is never a past one, rotates through the rest, and is undefined when none is left', async () => {
    const { slogans } = await sampleContent();
    const seen = new Set<number>();
    for (let i = 0; i < 60; i++) {
      const s = sloganOfDay(slogans, addDays('2026-11-29', i))!;
      expect(s.text).not.toMatch(/Chào mừng/);
      seen.add(s.number);
    }
    expect(seen.size).toBe(15);
    const sept2023 = new Set(Array.from({ length: 16 }, (_, i) => sloganOfDay(slogans, addDays('2023-09-20', i))!.number));
    expect(sept2023.has(1)).toBe(true);
    expect(sloganOfDay([slogans[0]!], '2026-11-29')).toBeUndefined();
  });
});

describe.each(storeFactories)('on the $name store', (store) => {
  const harness = (now?: string) => openHarness(now, { store });

  describe('/khauhieu', () => {
    it('on today\'s clock: no slogan of a past anniversary, for two months of days', async () => {
      const h = await harness(TODAY);
      for (let i = 0; i < 60; i++) {
        h.clock.set(`${addDays('2026-11-29', i)}T09:00:00+07:00`);
        const text = await h.ask('/khauhieu');
        expect(text).toMatch(/Khẩu hiệu hôm nay/);
        expect(text).not.toMatch(/Chào mừng|15\/10\/2023/);
      }
    });

    it('lists every slogan once with its sources, marks the past ones, and never nests or mixes quotes', async () => {
      const h = await harness(TODAY);
      const all = await h.ask('/khauhieu tatca');
      expect(all).toMatch(/Tất cả 16 khẩu hiệu/);
      // Listed once (the Bắc Giang slogan #7 quotes it inside a longer text: that is another slogan).
      expect(all.match(/^\d+\. “Trọng dân, gần dân, hiểu dân, học dân và có trách nhiệm với (nhân )?dân”$/gm)).toHaveLength(1);
      expect(count(all, 'hiểu dân, học dân và có trách nhiệm với')).toBe(2);
      expect(all).toContain(`“${TRONG_DAN}”\n   — KH Bình Phước, 03/2022; KH Đắk Nông, 02/2022; KH Quảng Ngãi`);
      expect(all).toMatch(/1\. “Chào mừng 93 năm[^\n]*”\n[^\n]*\(đã qua\)/);
      expect(all).not.toMatch(/"|“[^”\n]*“|”[.,]?”/);
      expect(all).toContain('9. Tiếp tục đẩy mạnh, nâng cao chất lượng việc thực hiện Quy chế dân chủ ở cơ sở; thực hiện tốt phương châm “dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng”\n');
    });

    it('a number that is not a position gets the usage line with the range; text searches match whole numbers', async () => {
      const h = await harness(TODAY);
      for (const arg of ['-1', '0', '1.5', '99', '+3']) {
        expect(await h.ask(`/khauhieu ${arg}`), arg).toMatch(/Chỉ có 16 khẩu hiệu, đánh số từ 1 đến 16[\s\S]*Cách dùng: \/khauhieu/);
      }
      expect(await h.ask('/khauhieu 16')).toMatch(/Khẩu hiệu số 16/);
      expect(await h.ask('/khauhieu 93 năm')).toMatch(/1 khẩu hiệu có[\s\S]*Chào mừng 93 năm/);
      expect(await h.ask('/khauhieu 9 năm')).toMatch(/Không tìm thấy khẩu hiệu nào/);
      expect(await h.ask('/khauhieu 2023')).toMatch(/1 khẩu hiệu có “2023”/);
      expect(await h.ask('/khauhieu dân bi')).toMatch(/Dân biết, dân bàn/);
    });

    it('shows a slogan with all its sources', async () => {
      const h = await harness(TODAY);
      const n = h.content.slogans.find((s) => s.text === TRONG_DAN)!.number;
      const text = await h.ask(`/khauhieu ${n}`);
      expect(text).toContain(`“${TRONG_DAN}”`);
      expect(text).toMatch(/KH Bình Phước, 03\/2022: Thực hiện công tác dân vận năm 2022/);
      expect(text).toMatch(/KH Đắk Nông, 02\/2022/);
      expect(text).toMatch(/KH Quảng Ngãi/);
    });

    it('takes its keywords with or without accents and spaces, and says "cuộc trò chuyện này" in a private chat', async () => {
      const h = await harness(TODAY);
      const all = await h.ask('/khauhieu tatca');
      for (const v of ['tất cả', 'tat ca', 'TẤT CẢ', 'tatca']) expect(await h.ask(`/khauhieu ${v}`), v).toBe(all);
      expect(await h.ask('/khauhieu bật đầu')).toMatch(/Từ nay Loa gửi khẩu hiệu của ngày vào nhóm chat này/);
      for (const v of ['bat dau', 'BẬT ĐẦU', 'batdau', 'bật']) expect(await h.ask(`/khauhieu ${v}`), v).toMatch(/Nhóm chat này đã nhận khẩu hiệu hằng ngày rồi/);
      expect(await h.ask('/khauhieu tắt')).toMatch(/Đã tắt khẩu hiệu hằng ngày cho nhóm chat này/);
      const dm = { chat: { channel: 'telegram', chatId: '1001' }, chatType: 'private' as const };
      expect(await h.ask('/khauhieu bat dau', dm)).toMatch(/vào cuộc trò chuyện này/);
      expect(await h.ask('/khauhieu bật', dm)).toMatch(/Cuộc trò chuyện này đã nhận khẩu hiệu hằng ngày rồi/);
      expect(await h.ask('/khauhieu tat', dm)).toMatch(/cho cuộc trò chuyện này/);
      expect(await h.ask('/khauhieu tắt', dm)).toMatch(/Cuộc trò chuyện này chưa bật/);
    });
  });
});
