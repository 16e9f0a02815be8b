/** Nothing silently guessed (issue 13 item 9): unit phrases kept as written, confidence, the summary. */
import { describe, expect, it } from 'vitest';
import { namedOrgs } from '../src/importer/unmapped.js';

describe('organisations named at the start of a text', () => {
  it('keeps each name as written, up to its verb; other words that start like a name are not one', () => {
    const cases: Array<[string, string[], boolean]> = [
      ['Sở Tư pháp chủ trì tổ chức hội nghị', ['Sở Tư pháp'], false],
      ['UBND các xã, phường tổ chức tuyên truyền', ['UBND các xã, phường'], false],
      ['Đoàn Thanh niên', ['Đoàn Thanh niên'], true],
      ['- Giao Sở Tư pháp, Sở Nội vụ phối hợp thực hiện', ['Sở Tư pháp', 'Sở Nội vụ'], false],
      ['Đoàn Thanh niên và Hội Cựu chiến binh tham gia', ['Đoàn Thanh niên', 'Hội Cựu chiến binh'], false],
      ['UBND các xã, phường (chủ trì)', ['UBND các xã, phường'], true],
      ['Trung tâm Văn hóa - Thể thao và Truyền thông huyện thực hiện', ['Trung tâm Văn hóa - Thể thao và Truyền thông huyện'], true],
      ['3. Đoàn Thanh niên Sở:', ['Đoàn Thanh niên Sở'], true],
      ['Các sở, ban, ngành tỉnh báo cáo kết quả', ['Các sở, ban, ngành tỉnh'], false],
      ['Báo cáo sơ kết 6 tháng gửi về Văn phòng', [], false],
      ['Tổ chức hội nghị tổng kết', [], false],
      ['Phòng, chống tham nhũng', [], false],
      ['Hội nghị sơ kết trước ngày 30/6/2027', [], false],
      ['Ban hành kế hoạch trước ngày 15/01/2027', [], false],
    ];
    for (const [text, names, whole] of cases) expect(namedOrgs(text), text).toEqual({ names, whole });
  });
});
