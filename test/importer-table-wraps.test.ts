/**
 * Wrapped table rows (issue 13): a PDF layout row's continuation lines go to the row above, each
 * piece to the column it overlaps most (a wrapped time lead "Trước" / "30/6/2027", a wrapped unit
 * "Phòng Kế hoạch - Tài" / "chính" never glued to "Phối hợp"), and the table ends at indented
 * prose under it; a Word text row's next line that starts with empty cells finishes that row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../src/core/plans.js';
import { importPlan } from '../src/importer/index.js';
import { tableRows } from '../src/importer/table-lines.js';
import { ROOT, sampleContent } from './helpers.js';

const DIR = join(ROOT, 'test', 'fixtures', 'tables');
const ALL_BUT_VP = ['TTRA', 'KHTC', 'QLKH', 'QLCN', 'CCTDC', 'TTKHCN', 'TTTT', 'CDCS', 'CDTN'];
type Row = [due: string | null, assignees: string[], task: string, quote: string];

async function read(text: string) {
  const { org } = await sampleContent();
  const { plan } = importPlan(text, org);
  expect(planSchema.safeParse(plan).success).toBe(true);
  return { plan, rows: plan.deadlines.map((d): Row => [d.due, d.assignees, d.task, d.quote!]) };
}

/** The rows of a table under a plan's "II. NỘI DUNG" (the header block is the eval documents'). */
const plan = (table: string, after = '') =>
  `SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 40/KH-SKHCN\nTỉnh Mẫu, ngày 20 tháng 02 năm 2027\nKẾ HOẠCH\nChuyển đổi số năm 2027\nII. NỘI DUNG\n${table}\n${after}\nIII. TỔ CHỨC THỰC HIỆN\nVăn phòng Sở theo dõi.\n`;

describe('wrapped table rows', () => {
  it('PDF layout: a content cell over three lines, wrapped units and time leads, indented prose right under the table', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'pdf-layout-wraps.txt'), 'utf8'));
    expect([plan.number, plan.issued, plan.title, plan.signer?.name]).toEqual(['57/KH-SKHCN', '2027-03-12', 'Triển khai nhiệm vụ khoa học và công nghệ trọng tâm năm 2027', 'Vũ Thị Hạnh']);
    expect(rows).toEqual<Row[]>([
      ['2027-05-31', ['QLKH'], 'Rà soát, cập nhật danh mục đề tài khoa học cấp tỉnh đã nghiệm thu giai đoạn 2021 - 2025', 'Hoàn thành trước ngày 31/5/2027'],
      ['2027-09-30', ['CCTDC'], 'Kiểm tra đo lường xăng dầu tại các cửa hàng trên địa bàn tỉnh', 'Quý III/2027'],
      ['2027-09-30', ['QLCN'], 'Tập huấn sở hữu trí tuệ cho doanh nghiệp nhỏ và vừa', 'Tháng 8 - 9/2027'],
      ['2027-12-15', ['VP'], 'Tổng kết, đánh giá kết quả thực hiện Kế hoạch', 'Chậm nhất ngày 15/12/2027'],
      // The paragraph right under the table is prose again, not a piece of row 5.
      ['2027-06-10', ALL_BUT_VP, 'Các phòng, đơn vị thuộc Sở gửi báo cáo kết quả 6 tháng về Văn phòng Sở để tổng hợp', 'trước ngày 10/6/2027'],
    ]);
  });

  it('PDF layout: each wrapped piece joins its own column, never the next one', () => {
    const lines = readFileSync(join(DIR, 'pdf-layout-wraps.txt'), 'utf8').split('\n');
    const rows = tableRows(lines).filter((l) => /^[1-5]\t/.test(l)).map((l) => l.split('\t'));
    expect(rows.map((r) => r.slice(2))).toEqual([
      ['Phòng Quản lý Khoa học', 'Thanh tra Sở', 'Hoàn thành trước ngày 31/5/2027'],
      ['Chi cục Tiêu chuẩn Đo lường Chất lượng', 'Phòng Kế hoạch - Tài chính', 'Quý III/2027'],
      ['Phòng Quản lý Công nghệ và Chuyên ngành', 'Trung tâm Khoa học và Công nghệ', 'Tháng 8 - 9/2027'],
      ['Trung tâm Thông tin và Thống kê KH&CN', 'Các phòng, đơn vị thuộc Sở', 'Thường xuyên'],
      ['Văn phòng Sở', 'Các phòng, đơn vị thuộc Sở', 'Chậm nhất ngày 15/12/2027'],
    ]);
    // The last row ends where the prose under the table starts.
    expect(rows[4]![1]).toBe('Tổng kết, đánh giá kết quả thực hiện Kế hoạch');
  });

  it('Word text: a line that starts with empty cells finishes a short row, continues a complete one, or sits under merged cells', async () => {
    const { plan, rows } = await read(readFileSync(join(DIR, 'word-split-rows.txt'), 'utf8'));
    expect([plan.number, plan.signer?.name]).toEqual(['64/KH-SKHCN', 'Đinh Quang Huy']);
    expect(rows).toEqual<Row[]>([
      ['2027-04-30', ['TTTT'], 'Đăng tải tin, bài tuyên truyền về sở hữu trí tuệ trên Trang thông tin điện tử của Sở', 'Tháng 4/2027'],
      ['2027-06-30', ['QLCN'], 'Tổ chức tọa đàm "Sở hữu trí tuệ và đổi mới sáng tạo" cho doanh nghiệp', 'Quý II/2027'],
      ['2027-09-30', ['TTKHCN'], 'Hướng dẫn đăng ký nhãn hiệu cho sản phẩm OCOP của tỉnh', 'Hoàn thành trước ngày 30/9/2027'],
      ['2027-10-31', ['TTRA'], 'Kiểm tra việc ghi nhãn hàng hóa tại các chợ, siêu thị', 'Tháng 10/2027'],
      // A complete row's second line of cells (lower case, a date under "Hoàn thành trước").
      ['2027-10-31', ['QLCN'], 'Xây dựng cơ sở dữ liệu tổ chức, cá nhân có tài sản trí tuệ trên địa bàn tỉnh', 'Hoàn thành trước 31/10/2027'],
      ['2027-09-30', ['CCTDC'], 'Tập huấn cho cán bộ quản lý', 'Quý III/2027'],
      // Rows under merged cells (no number; then neither number nor task): rows of their own.
      ['2027-12-31', ['CCTDC'], 'Phổ biến quy định mới về nhãn hàng hóa', 'Quý IV/2027'],
      ['2027-11-30', ['TTKHCN'], 'Phổ biến quy định mới về nhãn hàng hóa', 'Tháng 11/2027'],
      ['2027-05-15', ['VP'], 'Báo cáo kết quả hưởng ứng Ngày Sở hữu trí tuệ thế giới', 'Trước ngày 15/5/2027'],
    ]);
  });

  it('evaluation regressions: the wrapped PDF rows (Trước / 30/6/2027, Phòng Kế hoạch - Tài / chính) and the split Word row', async () => {
    const pdf = [
      ' STT    Nội dung                              Cơ quan chủ trì        Phối hợp              Thời gian hoàn thành',
      ' 1      Xây dựng cơ sở dữ liệu nhiệm vụ       Trung tâm Thông tin    Phòng QLKH            Trước',
      '        khoa học và công nghệ các cấp                                                      30/6/2027',
      ' 4      Bồi dưỡng kỹ năng số cho công         Văn phòng Sở           Chi đoàn Thanh niên   Thường xuyên',
      '        chức, viên chức',
      ' 5      Đánh giá mức độ chuyển đổi số của     Phòng Kế hoạch - Tài   Sở Thông tin và       Trước',
      '        Sở                                    chính                  Truyền thông          15/11/2026',
    ].join('\n');
    const prose = '     Hệ thống quản lý văn bản và điều hành liên thông được đưa vào vận hành trong Quý I/2027\n (Văn phòng Sở chủ trì).';
    expect((await read(plan(pdf, prose))).rows.slice(0, 2)).toEqual<Row[]>([
      ['2027-06-30', ['TTTT'], 'Xây dựng cơ sở dữ liệu nhiệm vụ khoa học và công nghệ các cấp', 'Trước 30/6/2027'],
      ['2026-11-15', ['KHTC'], 'Đánh giá mức độ chuyển đổi số của Sở', 'Trước 15/11/2026'],
    ]);
    const word = [
      'STT\tNội dung\tCơ quan chủ trì\tPhối hợp\tThời gian hoàn thành',
      '4\tHưởng ứng Ngày Pháp luật Việt Nam (09/11); tổ chức Cuộc thi "Tìm hiểu pháp luật về chuyển giao công nghệ"\tChi đoàn Thanh niên\tCông đoàn Sở',
      '\t\tHoàn thành trước ngày 09/11/2027',
      '5\tTự kiểm tra, rà soát văn bản quy phạm pháp luật lĩnh vực khoa học và công nghệ\tThanh tra Sở\tPhòng QLCN\tTháng 6/2027',
    ].join('\n');
    expect((await read(plan(word))).rows).toEqual<Row[]>([
      ['2027-11-09', ['CDTN'], 'Hưởng ứng Ngày Pháp luật Việt Nam (09/11); tổ chức Cuộc thi "Tìm hiểu pháp luật về chuyển giao công nghệ"', 'Hoàn thành trước ngày 09/11/2027'],
      ['2027-06-30', ['TTRA'], 'Tự kiểm tra, rà soát văn bản quy phạm pháp luật lĩnh vực khoa học và công nghệ', 'Tháng 6/2027'],
    ]);
  });

  it('a header takes one second line only: more short lines under it stay lines', () => {
    const out = tableRows(['STT\tNội dung\tChủ trì\tThời gian', 'thực hiện', 'tiếp tục', 'dòng khác']);
    expect(out).toEqual(['STT\tNội dung\tChủ trì\tThời gian thực hiện', 'tiếp tục', 'dòng khác']);
  });

  it('lines of empty-led cells stay linear, however many', async () => {
    const { org } = await sampleContent();
    for (const tail of ['\t\tTrước ngày 30/6/2027\n', '\tdòng tiếp theo\t\tthuộc Sở\n', '\t\tVăn phòng Sở\t\tQuý I/2027\n', ' '.repeat(40) + 'tiếp\n']) {
      const text = plan(`STT\tNội dung\tChủ trì\tPhối hợp\tThời gian\n1\tViệc\tVăn phòng Sở\n${tail.repeat(20_000)}`);
      const started = performance.now();
      expect(planSchema.safeParse(importPlan(text, org).plan).success).toBe(true);
      expect(performance.now() - started, tail).toBeLessThan(5_000);
    }
  }, 60_000);
});
