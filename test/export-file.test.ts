/** The export's request and file: a query read into a filter, and the bytes, type and name of the answer. */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import { exportFile, exportFilename, exportRequest, formDay } from '../src/web/export-file.js';
import { collectReport, ExportError } from '../src/web/export.js';
import { exportContent, exportStore, NOW } from './export-fixture.js';
import { lowdbFactory } from './stores.js';

const q = (s: string) => new URLSearchParams(s);

describe('export request', () => {
  it('reads format, plan, deadline and a period typed either way', () => {
    expect(exportRequest(q(''))).toEqual({ format: 'xlsx', filter: { plan: undefined, deadline: undefined, from: undefined, to: undefined } });
    expect(exportRequest(q('format=CSV&plan=ke-hoach-2026&deadline=h2&from=2026-04-01&to=5/7/2026'))).toEqual({
      format: 'csv',
      filter: { plan: 'ke-hoach-2026', deadline: 'H2', from: '2026-04-01', to: '2026-07-05' },
    });
  });

  it('refuses an unknown format and a day that does not exist, in Vietnamese', () => {
    expect(() => exportRequest(q('format=pdf'))).toThrow(new ExportError('Định dạng "pdf" không được hỗ trợ: chọn XLSX hoặc CSV.'));
    expect(() => formDay('31/02/2026', 'Từ ngày')).toThrow('Từ ngày "31/02/2026" không hợp lệ: nhập ngày dạng dd/mm/yyyy.');
    expect(() => formDay('2026-1-5', 'Đến ngày')).toThrow('Đến ngày "2026-1-5" không hợp lệ');
    expect(formDay('  ', 'Từ ngày')).toBeUndefined();
  });

  it('names the file after what was exported, in ASCII only', () => {
    expect(exportFilename({}, '2026-05-10', 'xlsx')).toBe('bao-cao-tien-do_tat-ca_2026-05-10.xlsx');
    expect(exportFilename({ plan: 'ke-hoach-2026', deadline: 'H2', from: '2026-04-01' }, '2026-05-10', 'csv')).toBe(
      'bao-cao-tien-do_ke-hoach-2026_h2_tu-2026-04-01_2026-05-10.csv',
    );
    expect(exportFilename({ plan: 'a"\r\nb' }, '2026-05-10', 'csv')).toBe('bao-cao-tien-do_ab_2026-05-10.csv');
  });

  it('answers an XLSX or a CSV of the report', async () => {
    const content = exportContent();
    const stores = await exportStore(lowdbFactory);
    const request = exportRequest(q('plan=ke-hoach-2026'));
    const report = await collectReport({ content, deadlines: content.deadlines, confirmations: stores.confirmations, clock: fixedClock(new Date(NOW)), filter: request.filter });

    const xlsx = await exportFile(report, request, '2026-05-10');
    expect(xlsx.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.disposition).toBe('attachment; filename="bao-cao-tien-do_ke-hoach-2026_2026-05-10.xlsx"');
    expect(xlsx.body.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip archive
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    expect(book.getWorksheet('Xác nhận')!.getCell('A1').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026');

    const csv = await exportFile(report, { ...request, format: 'csv' }, '2026-05-10');
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the UTF-8 byte-order mark
    expect(csv.body.toString('utf8').split('\r\n')).toHaveLength(1 + 7 + 1); // headers, 7 rows, the final line end
  });
});
