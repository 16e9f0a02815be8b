/**
 * The core's HandInFiles port over src/files (createHandInFiles): refusals come back as their
 * sentences, a checked file as what the core keeps, form rows and merged tables as the functions
 * give them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createHandInFiles } from '../src/files/hand-in-files.js';
import { MB, PHU_LUC_II, docxWith, exe, jpeg, odt } from './files-fixture.js';

describe('the HandInFiles port', () => {
  const files = createHandInFiles({ limit: 5 * MB });

  it('prechecks by name and the smaller of both limits', () => {
    expect(files.precheck('bao-cao.docx', MB, 20 * MB)).toBeUndefined();
    expect(files.precheck('x.exe', 10, 20 * MB)).toMatch(/^Tệp “x\.exe” không được nhận/);
    expect(files.precheck('bao-cao.pdf', 6 * MB, 20 * MB)).toMatch(/^Tệp “bao-cao\.pdf” quá lớn \(6 MB\): Loa nhận tệp tối đa 5 MB/);
  });

  it('inspects bytes: a refusal as its sentence, a file as name, size, type and extension', async () => {
    expect(await files.inspect('bao-cao.pdf', exe(), false)).toEqual({ refusal: expect.stringMatching(/^Tệp “bao-cao\.pdf” có đuôi \.pdf nhưng nội dung là một tệp chương trình/) });
    const photo = jpeg(1000, 800);
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(await files.inspect('photo.jpg', photo, true)).toEqual({ file: { name: `anh-${sha.slice(0, 8)}.jpg`, size: photo.length, type: 'image/jpeg', ext: 'jpg' } });
    expect(await files.inspect('ghi-chu.odt', odt(), false)).toMatchObject({ file: { name: 'ghi-chu.odt', ext: 'odt' } });
  });

  it('reads form rows from .docx and .xlsx only', async () => {
    const docx = await docxWith('Phụ lục II', [PHU_LUC_II, ['Hội nghị', 'Tháng 9', 'Toàn Sở', 'Cán bộ', 'Nhận thức', '']]);
    expect(await files.readFormRows(docx, 'docx', PHU_LUC_II)).toEqual({ rows: [['Hội nghị', 'Tháng 9', 'Toàn Sở', 'Cán bộ', 'Nhận thức', '']] });
    expect(await files.readFormRows(odt(), 'odt', PHU_LUC_II)).toEqual({ error: 'Loa chỉ đọc bảng đăng ký từ tệp .docx hoặc .xlsx, không từ tệp .odt.' });
    expect(await files.readFormRows(docx, 'xlsx', PHU_LUC_II)).toEqual({ error: expect.stringMatching(/^Tệp không phải tệp Excel \(\.xlsx\) hợp lệ/) });
  });
});
