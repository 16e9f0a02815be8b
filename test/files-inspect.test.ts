/**
 * A handed-in file is what its bytes say (src/files/inspect.ts): every accepted kind is accepted
 * with its type, size and SHA-256; hostile files (zip bombs, lying sizes, wrong extensions,
 * programs, huge images, path tricks in names) are refused with a Vietnamese reason that names
 * the file and the problem.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILE_LIMIT, inspectFile, precheck, type Inspection } from '../src/files/inspect.js';
import { cleanName } from '../src/files/names.js';
import { openZip } from '../src/files/zip-check.js';
import { makePdf } from './pdf-fixture.js';
import { MB, deflatedZeros, docxWith, exe, handDocx, jpeg, makeZip, odt, oleHeader, png, webp, xlsxWith } from './files-fixture.js';

const refusal = (r: Inspection) => (r.ok ? `accepted as ${r.file.name}` : r.reason);

describe('files a unit may send are accepted by their bytes', () => {
  it('accepts each kind with its cleaned name, type, extension, kind, size and SHA-256', async () => {
    const samples: [string, Buffer, string, string, string][] = [
      ['Báo cáo tháng 9.docx', await docxWith('Báo cáo kết quả'), 'docx', 'document', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      ['bao-cao.doc', oleHeader(), 'doc', 'document', 'application/msword'],
      ['bao-cao.odt', odt(), 'odt', 'document', 'application/vnd.oasis.opendocument.text'],
      ['Đăng ký.xlsx', await xlsxWith([['Tên nội dung, hoạt động'], ['Hội nghị']]), 'xlsx', 'spreadsheet', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['so-lieu.XLS', oleHeader(), 'xls', 'spreadsheet', 'application/vnd.ms-excel'],
      ['bao-cao.pdf', await makePdf([{ p: 'Báo cáo số 12/BC-TTKHCN' }]), 'pdf', 'pdf', 'application/pdf'],
      ['trang-ky.jpg', jpeg(1200, 1600), 'jpg', 'image', 'image/jpeg'],
      ['trang-ky.jpeg', jpeg(1200, 1600), 'jpeg', 'image', 'image/jpeg'],
      ['anh.png', png(800, 600), 'png', 'image', 'image/png'],
      ['anh.webp', webp(4000, 3000), 'webp', 'image', 'image/webp'],
    ];
    for (const [name, bytes, ext, kind, type] of samples) {
      const result = await inspectFile(name, bytes);
      expect(result, name).toEqual({
        ok: true,
        file: { name: name.normalize('NFC'), size: bytes.length, type, ext, kind, sha256: createHash('sha256').update(bytes).digest('hex') },
      });
    }
  });

  it('names a photo sent without a name by its digest; gives a name without extension the one its bytes show; renames an image to its real type', async () => {
    const photo = jpeg(1280, 960);
    const sha = createHash('sha256').update(photo).digest('hex');
    expect(await inspectFile('', photo)).toMatchObject({ ok: true, file: { name: `anh-${sha.slice(0, 8)}.jpg`, ext: 'jpg', kind: 'image' } });
    expect(await inspectFile('file_17.jpg', photo, { photo: true })).toMatchObject({ ok: true, file: { name: `anh-${sha.slice(0, 8)}.jpg` } });
    expect(await inspectFile('bao cao', await docxWith('x'))).toMatchObject({ ok: true, file: { name: 'bao cao.docx', ext: 'docx' } });
    expect(await inspectFile('scan.png', photo)).toMatchObject({ ok: true, file: { name: 'scan.jpg', ext: 'jpg', type: 'image/jpeg' } });
  });

  it('checks before downloading: the extension and the declared size', () => {
    expect(precheck('bao-cao.docx', 5 * MB, DEFAULT_FILE_LIMIT)).toBeUndefined();
    expect(precheck('', 300_000, DEFAULT_FILE_LIMIT)).toBeUndefined();
    expect(precheck('x.exe', 10, DEFAULT_FILE_LIMIT)).toEqual({
      ok: false,
      code: 'type',
      reason: 'Tệp “x.exe” không được nhận: Loa chỉ nhận báo cáo dạng .docx, .doc, .pdf, .xlsx, .xls, .odt hoặc ảnh chụp (.jpg, .png).',
    });
    expect(precheck('video.mp4', 10, DEFAULT_FILE_LIMIT)?.reason).toMatch(/^Tệp “video\.mp4” không được nhận/);
    const big = precheck('bao-cao.pdf', 25 * MB, 20 * MB);
    expect(big).toMatchObject({ code: 'size' });
    expect(big?.reason).toBe('Tệp “bao-cao.pdf” quá lớn (25 MB): Loa nhận tệp tối đa 20 MB. Nén ảnh, bỏ bớt hình hoặc tách tệp rồi gửi lại.');
  });
});

describe('hostile files are refused, naming the problem', () => {
  it('an empty file, and bytes over the limit whatever was declared', async () => {
    expect(refusal(await inspectFile('bao-cao.pdf', Buffer.alloc(0)))).toBe('Tệp “bao-cao.pdf” rỗng (0 byte): kiểm tra tệp trên máy rồi gửi lại.');
    const pdf = await makePdf([{ p: 'Báo cáo' }]);
    expect(refusal(await inspectFile('bao-cao.pdf', pdf, { limit: pdf.length - 1 }))).toMatch(/^Tệp “bao-cao\.pdf” quá lớn .*tối đa/);
  });

  it('wrong extensions each way, and a program renamed .pdf', async () => {
    const docx = await docxWith('Báo cáo');
    const pdf = await makePdf([{ p: 'Báo cáo' }]);
    const xlsx = await xlsxWith([['a']]);
    expect(refusal(await inspectFile('bao-cao.pdf', exe()))).toMatch(/^Tệp “bao-cao\.pdf” có đuôi \.pdf nhưng nội dung là một tệp chương trình \(\.exe\), nên không được nhận\./);
    expect(refusal(await inspectFile('bao-cao.pdf', docx))).toMatch(/^Tệp “bao-cao\.pdf” có đuôi \.pdf nhưng nội dung là một tệp nén/);
    expect(refusal(await inspectFile('bao-cao.docx', pdf))).toMatch(/^Tệp “bao-cao\.docx” có đuôi \.docx nhưng nội dung là một tệp \.pdf/);
    expect(refusal(await inspectFile('bao-cao.docx', xlsx))).toMatch(/^Tệp “bao-cao\.docx” có đuôi \.docx nhưng nội dung là một tệp Excel \(\.xlsx\)/);
    expect(refusal(await inspectFile('bang.xlsx', docx))).toMatch(/^Tệp “bang\.xlsx” có đuôi \.xlsx nhưng nội dung là một tệp Word \(\.docx\)/);
    expect(refusal(await inspectFile('bao-cao.doc', pdf))).toMatch(/^Tệp “bao-cao\.doc” có đuôi \.doc nhưng nội dung là một tệp \.pdf/);
    expect(refusal(await inspectFile('anh.jpg', pdf))).toMatch(/^Tệp “anh\.jpg” có đuôi \.jpg nhưng nội dung là một tệp \.pdf/);
    expect(refusal(await inspectFile('bao-cao.exe', docx))).toMatch(/^Tệp “bao-cao\.exe” không được nhận: Loa chỉ nhận/);
    expect(refusal(await inspectFile('', exe()))).toMatch(/^Tệp “ảnh” có nội dung là một tệp chương trình/);
    expect(refusal(await inspectFile('ghi-chu.odt', odt('application/vnd.oasis.opendocument.spreadsheet')))).toMatch(/^Tệp “ghi-chu\.odt” có đuôi \.odt nhưng nội dung là một tệp nén \(zip\) không phải văn bản/);
    const docm = makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }, { name: 'word/vbaProject.bin', data: Buffer.from('macro') }]);
    expect(refusal(await inspectFile('bao-cao.docx', docm))).toMatch(/^Tệp “bao-cao\.docx” có đuôi \.docx nhưng nội dung là một tệp có macro/);
    expect(refusal(await inspectFile('bao-cao.docx', Buffer.from('chỉ là văn bản thường')))).toMatch(/^Tệp “bao-cao\.docx” có đuôi \.docx nhưng nội dung là không rõ loại/);
  });

  it('a zip bomb of 500 MB of zeros is refused from its declared size, fast', async () => {
    const packed = deflatedZeros(500);
    expect(packed.length).toBeLessThan(MB);
    const bomb = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed, size: 500 * MB });
    const started = performance.now();
    expect(refusal(await inspectFile('bom.docx', bomb))).toMatch(/^Tệp “bom\.docx” khi giải nén lớn hơn 100 MB nên có thể là tệp độc hại \(bom nén\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('the same bomb lying that it unpacks to 1,000 bytes is stopped at byte 1,001', async () => {
    const liar = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(500), size: 1000 });
    const started = performance.now();
    expect(refusal(await inspectFile('bom.docx', liar))).toMatch(/^Tệp “bom\.docx” có phần giải nén ra nhiều hơn kích thước tệp tự khai/);
    expect(performance.now() - started).toBeLessThan(2000);
    // An honest entry of the same ratio, under the total limit: refused by its ratio before unpacking.
    const dense = handDocx({ name: 'word/document.xml', data: Buffer.alloc(0), packed: deflatedZeros(50), size: 50 * MB });
    expect(refusal(await inspectFile('nen.docx', dense))).toMatch(/^Tệp “nen\.docx” có phần nén quá mức \(hơn 200 lần\)/);
  });

  it('too many entries, encryption, ZIP64 and a truncated zip', async () => {
    const many = makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }, ...Array.from({ length: 5000 }, (_, i) => ({ name: `x/${i}`, data: Buffer.alloc(0), method: 0 as const }))]);
    expect(refusal(await inspectFile('nhieu.docx', many))).toMatch(/^Tệp “nhieu\.docx” chứa quá nhiều thành phần \(hơn 5\.000\)/);
    const locked = handDocx({ name: 'word/document.xml', data: Buffer.from('<w:document/>'), flags: 1 });
    expect(refusal(await inspectFile('khoa.docx', locked))).toMatch(/^Tệp “khoa\.docx” được đặt mật khẩu/);
    const zip64 = makeZip([{ name: 'word/document.xml', data: Buffer.from('<w:document/>') }], 0xffff);
    expect(refusal(await inspectFile('lon.docx', zip64))).toMatch(/^Tệp “lon\.docx” là tệp nén cỡ lớn \(ZIP64\)/);
    const docx = await docxWith('Báo cáo');
    expect(refusal(await inspectFile('hong.docx', docx.subarray(0, docx.length - 40)))).toMatch(/^Tệp “hong\.docx” bị hỏng hoặc không đầy đủ/);
    expect(refusal(await inspectFile('hong.docx', docx.subarray(0, docx.length / 2)))).toMatch(/^Tệp “hong\.docx” bị hỏng hoặc không đầy đủ/);
  });

  it('entry names with path tricks are only names: the zip is read, nothing is written', async () => {
    const tricky = makeZip([
      { name: '../../etc/passwd', data: Buffer.from('root') },
      { name: 'C:\\Windows\\x.dll', data: Buffer.from('x') },
      { name: '/abs/y', data: Buffer.from('y') },
      { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ]);
    const opened = openZip(tricky);
    expect(opened.ok && opened.zip.entries.map((e) => e.name)).toEqual(['../../etc/passwd', 'C:\\Windows\\x.dll', '/abs/y', 'word/document.xml']);
    expect(await inspectFile('bao-cao.docx', tricky)).toMatchObject({ ok: true, file: { name: 'bao-cao.docx', kind: 'document' } });
  });

  it('images: a PNG header claiming 100,000 × 100,000, too many pixels, and an unreadable header', async () => {
    expect(refusal(await inspectFile('anh.png', png(100_000, 100_000)))).toBe(
      'Tệp “anh.png” là ảnh quá lớn (100.000 × 100.000 điểm ảnh; tối đa 60 triệu điểm ảnh, mỗi cạnh tối đa 20.000): thu nhỏ ảnh rồi gửi lại.',
    );
    expect(refusal(await inspectFile('anh.jpg', jpeg(9000, 9000)))).toMatch(/^Tệp “anh\.jpg” là ảnh quá lớn \(9\.000 × 9\.000/);
    expect(refusal(await inspectFile('anh.webp', webp(25_000, 100)))).toMatch(/^Tệp “anh\.webp” là ảnh quá lớn/);
    expect((await inspectFile('anh.jpg', jpeg(7000, 8000))).ok).toBe(true);
    const broken = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not a chunk at all')]);
    expect(refusal(await inspectFile('anh.png', broken))).toMatch(/^Tệp “anh\.png” nhận là ảnh nhưng không đọc được phần đầu ảnh/);
    const cut = jpeg(1200, 1600).subarray(0, 24);
    expect(refusal(await inspectFile('anh.jpg', cut))).toMatch(/^Tệp “anh\.jpg” nhận là ảnh nhưng không đọc được phần đầu ảnh/);
  });
});

describe('cleanName', () => {
  it('keeps the last path segment only, never a path', () => {
    expect(cleanName('../../etc/passwd')).toBe('passwd');
    expect(cleanName('C:\\x\\y.docx')).toBe('y.docx');
    expect(cleanName('C:bao-cao.docx')).toBe('bao-cao.docx');
    expect(cleanName('..')).toBe('tep');
    expect(cleanName('a/..')).toBe('tep');
    expect(cleanName('   ')).toBe('tep');
    expect(cleanName('bao..cao.pdf')).toBe('bao.cao.pdf');
  });

  it('drops control and bidi characters, composes to NFC and trims', () => {
    expect(cleanName('hoa-don\u202Efdp.exe')).toBe('hoa-donfdp.exe');
    expect(cleanName('  Ba\u0301o ca\u0301o\u0000\u0007\u200b.docx ')).toBe('Báo cáo.docx');
    expect(cleanName('Báo cáo\nquý 3.pdf')).toBe('Báo cáo quý 3.pdf');
    expect(cleanName('Báo cáo tháng 9.docx')).toBe('Báo cáo tháng 9.docx'.normalize('NFC'));
  });

  it('cuts 10,000 characters to 120, keeping the extension', () => {
    const name = cleanName(`${'ạ'.repeat(10_000)}.docx`);
    expect(Array.from(name)).toHaveLength(120);
    expect(name.endsWith('ạ.docx')).toBe(true);
  });
});
