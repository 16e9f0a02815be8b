import { describe, expect, it } from 'vitest';
import { readCaption } from '../src/core/caption.js';

describe('a file caption', () => {
  it('names the deadline in every way people write it', () => {
    for (const text of ['H8', 'xong H8', '/xacnhan H8 xong', 'Báo cáo H8 của đơn vị', 'h8', 'H8.', '(H8)']) {
      expect(readCaption(text).codes, text).toEqual(['H8']);
    }
  });

  it('reads the report number and date typed with it, and does not take the number for a code', () => {
    const c = readCaption('xong H8, báo cáo số 12/BC-TTKHCN ngày 20/9/2023');
    expect(c.codes).toEqual(['H8']);
    expect(c.report).toEqual({ number: '12/BC-TTKHCN', date: '2023-09-20' });
    expect(readCaption('Gửi BC số 07-BC/ĐU ngày 05-10-2023 cho H9').report).toEqual({ number: '07-BC/ĐU', date: '2023-10-05' });
    expect(readCaption('so 45/BC-UBND H9').report).toEqual({ number: '45/BC-UBND' });
  });

  it('keeps codes in order without repeats, and a bad date is not a date', () => {
    expect(readCaption('H8 và T3, lại H8').codes).toEqual(['H8', 'T3']);
    expect(readCaption('H8 ngày 31/2/2023').report).toBeUndefined();
    expect(readCaption('').codes).toEqual([]);
  });

  it('stays quick and bounded on hostile captions', () => {
    const huge = 'H8 '.repeat(200_000) + 'số '.repeat(100_000);
    const started = process.hrtime.bigint();
    const c = readCaption(huge);
    expect(c.codes).toEqual(['H8']);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(5000);
  });
});

describe('a file name repeated before the file is checked', () => {
  it('keeps only the last path part, without control or direction-changing characters', async () => {
    const { shownName } = await import('../src/core/file-text.js');
    expect(shownName('../../etc/passwd')).toBe('passwd');
    expect(shownName('C:\\Users\\x\\bao-cao.pdf')).toBe('bao-cao.pdf');
    expect(shownName('bao\u202Efdp.exe')).toBe('baofdp.exe');
    expect(shownName('a\u0000b\nc.docx')).toBe('abc.docx');
    expect(shownName('x'.repeat(500))).toHaveLength(80);
    expect(shownName('///')).toBe('tệp');
  });
});
