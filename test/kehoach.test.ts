/** /kehoach: a year is a search, ended plans are marked, each plan shows its period. */
import { describe, expect, it } from 'vitest';
import { contentEditor } from '../src/core/content-editor.js';
import { harness as openHarness } from './helpers.js';
import { storeFactories } from './stores.js';

const TODAY = '2026-11-29T09:00:00+07:00';

describe.each(storeFactories)('on the $name store', (store) => {
  const harness = (now?: string) => openHarness(now, { store });

  describe('/kehoach', () => {
    it('a year is a search (issued, in force or named in the title), a small number a position', async () => {
      const h = await harness();
      const y2022 = await h.ask('/kehoach 2022');
      expect(y2022).toMatch(/3 kế hoạch ban hành hoặc thực hiện trong năm 2022/);
      for (const t of ['Thực hiện công tác dân vận năm 2022', '"Năm Dân vận khéo" 2022', 'nâng cao hiệu quả công tác dân vận trong tình hình mới']) expect(y2022).toContain(t);
      expect(y2022).not.toMatch(/Chỉ có 5 kế hoạch|Tháng Dân vận/);
      // Only the Quảng Ngãi plan (2022–2025) is in force in 2024: its summary.
      expect(await h.ask('/kehoach 2024')).toMatch(/📄 KẾ HOẠCH Triển khai thực hiện nâng cao hiệu quả[\s\S]*Thời gian thực hiện: 2022–2025/);
      expect(await h.ask('/kehoach 1999')).toMatch(/Không tìm thấy kế hoạch nào có “1999”/);
      expect(await h.ask('/kehoach 2023 bắc giang')).toMatch(/📄 KẾ HOẠCH Triển khai các hoạt động “Tháng Dân vận” năm 2023/);
      for (const arg of ['9', '-1', '0', '1.5']) expect(await h.ask(`/kehoach ${arg}`), arg).toMatch(/Chỉ có 5 kế hoạch, đánh số từ 1 đến 5/);
    });

    it('takes "tất cả" with or without accents and spaces', async () => {
      const h = await harness();
      const list = await h.ask('/kehoach');
      for (const v of ['tất cả', 'tat ca', 'TẤT CẢ', 'tatca', 'all']) expect(await h.ask(`/kehoach ${v}`), v).toBe(list);
    });

    it('lists plans in force first, each with its period; ended and reference plans marked', async () => {
      const h = await harness('2023-09-20T09:00:00+07:00');
      const list = await h.ask('/kehoach');
      const titles = [...list.matchAll(/^(\d)\. (.*)$/gm)].map((m) => `${m[1]} ${m[2]}`);
      const byId = Object.fromEntries(h.content.plans.map((p) => [p.id, p.title]));
      expect(titles).toEqual(
        ['bac-giang-2023', 'tay-ninh-2023', 'quang-ngai-dan-van', 'binh-phuoc-2022', 'dak-nong-2022'].map((id, i) => `${i + 1} ${byId[id]}`),
      );
      expect(list).toMatch(/Đang thực hiện \(3\)[\s\S]*Đã kết thúc \(2\)/);
      expect(list).toMatch(/1\. Triển khai các hoạt động[^\n]*\n[^\n]*· thực hiện năm 2023 ·/);
      expect(list).toMatch(/3\. [^\n]*\n[^\n]*· thực hiện 2022–2025 ·/);
      expect(list).toMatch(/4\. Thực hiện công tác dân vận năm 2022\n[^\n]*tham khảo/);
      // A position is what the list shows.
      expect(await h.ask('/kehoach 4')).toMatch(/📄 KẾ HOẠCH Thực hiện công tác dân vận năm 2022/);
    });

    it('on today\'s clock every sample plan has ended, and a summary says so', async () => {
      const h = await harness(TODAY);
      const list = await h.ask('/kehoach');
      expect(list).toMatch(/Đã kết thúc \(5\)/);
      expect(list).not.toMatch(/Đang thực hiện/);
      const dn = await h.ask('/kehoach dak nong');
      expect(dn).toMatch(/Thời gian thực hiện: năm 2022 · đã kết thúc/);
      // The recurring reports are shown with the period they stop at.
      expect(dn).toMatch(/H1 · [^\n]*định kỳ 6 tháng[^\n]*đến hết 31\/12\/2022/);
    });

    it('a plan the office ended is listed as ended, with its day, and no longer in force', async () => {
      const h = await harness('2023-09-20T09:00:00+07:00');
      const editor = contentEditor(h.content, h.stores);
      const outcome = await editor.editPlan({ id: 'web:1', name: 'VP' }, 'bac-giang-2023', (raw) => {
        raw.ended = '2023-09-20';
        return { action: 'plan-end', subject: 'bac-giang-2023' };
      });
      expect(outcome).toEqual({ ok: true });
      const list = await h.ask('/kehoach');
      expect(list).toMatch(/Đang thực hiện \(2\)[\s\S]*Đã kết thúc \(3\):\n\d\. Triển khai các hoạt động “Tháng Dân vận” năm 2023\n[^\n]*· đã kết thúc ngày 20\/09\/2023 ·/);
      expect(await h.ask('/kehoach bac giang')).toMatch(/Thời gian thực hiện: năm 2023 · đã kết thúc ngày 20\/09\/2023/);
    });

    it('a reference plan says whose it is and that its deadlines are not ours', async () => {
      const h = await harness();
      const bp = await h.ask('/kehoach binh phuoc');
      expect(bp).toMatch(/Kế hoạch của Sở Văn hoá, Thể thao và Du lịch tỉnh Bình Phước, lưu để tham khảo/);
      expect(bp).toMatch(/Mốc thời gian trong văn bản \(2\)[^\n]*không giao cho đơn vị nào[\s\S]*10\/03\/2022/);
      expect(bp).not.toMatch(/TTKHCN|Chi tiết: \/deadline/);
      expect(bp).toMatch(/Khẩu hiệu \(6\)/);
    });
  });
});
