/**
 * "Xuất báo cáo": the report over a real store, read back from the XLSX with exceljs and from
 * the CSV with an RFC 4180 parser. Hostile names stay text; filters pick plans, deadlines, periods.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../src/core/clock.js';
import type { ConfirmationPort } from '../src/core/ports.js';
import { reportCsv } from '../src/web/export-csv.js';
import { HEADER_ROW, reportXlsx, SHEET_ROWS, SHEET_SUMMARY } from '../src/web/export-xlsx.js';
import { collectReport, EXPORT_HEADERS, ExportError, SUMMARY_HEADERS, type ExportFilter } from '../src/web/export.js';
import { exportContent, exportStore, FORMULA_NAME, HOSTILE_TASK, NOW, SCRIPT_PERSON } from './export-fixture.js';
import { storeFactories } from './stores.js';

/** RFC 4180: fields split on commas, quoted fields may hold commas, CRLF and doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quote');
        if (text[i] === '"' && text[i + 1] === '"') (field += '"'), (i += 2);
        else if (text[i] === '"') break;
        else field += text[i++];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
        if (text[i] === '"' || text[i] === '\n') throw new Error(`bare ${JSON.stringify(text[i])} at ${i}`);
        field += text[i++];
      }
    }
    row.push(field);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i)) (rows.push(row), (row = []), (i += 2));
    else if (i < text.length) throw new Error(`unexpected ${JSON.stringify(text[i])} at ${i}`);
  }
  if (row.length) rows.push(row);
  return rows;
}

const P2 = 'Phòng Quản lý chuyên ngành, "số 2"';
/** [Mã hạn, Hạn, Đơn vị, Trạng thái, Người, Kênh] of the default export on 10/05/2026. */
const EXPECTED = [
  ['H1', '2026-03-31', 'Văn phòng Sở', 'Đã nhận', 'Trần Thị Bình', 'Zalo OA'],
  ['H1', '2026-03-31', FORMULA_NAME, 'Hoàn thành', 'Nguyễn Văn An', 'Telegram'],
  ['H1', '2026-03-31', P2, 'Chưa xác nhận', '', ''],
  ['H2', '2026-03-31', FORMULA_NAME, 'Chưa xác nhận', '', ''],
  ['H2', '2026-03-31', P2, 'Hoàn thành', SCRIPT_PERSON, 'Zalo Bot'],
  ['H2', '2026-06-30', FORMULA_NAME, 'Chưa xác nhận', '', ''],
  ['H2', '2026-06-30', P2, 'Chưa xác nhận', '', ''],
  ['H3', '2026-06-30', P2, 'Chưa xác nhận', '', ''],
];

describe.each(storeFactories)('export ($name)', (factory) => {
  const content = exportContent();
  const report = async (filter: ExportFilter = {}, port?: Pick<ConfirmationPort, 'confirmationsOf'>) =>
    collectReport({ content, deadlines: content.deadlines, confirmations: port ?? (await exportStore(factory)).confirmations, clock: fixedClock(new Date(NOW)), filter });

  it('builds one row per occurrence × unit, fetching the confirmations in one call', async () => {
    const stores = await exportStore(factory);
    const calls: number[] = [];
    const port = { confirmationsOf: (keys: Parameters<ConfirmationPort['confirmationsOf']>[0]) => (calls.push(keys.length), stores.confirmations.confirmationsOf(keys)) };
    const r = await report({}, port);
    expect(calls).toEqual([4]); // H1@31/03, H2@31/03, H2@30/06, H3@30/06
    expect(r.title).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC KẾ HOẠCH');
    expect(r.exportedAt).toBe('10/05/2026 10:00');
    expect(r.rows.map((x) => [x.deadline, x.due, x.unit, x.state, x.by, x.channel])).toEqual(EXPECTED);
    expect(r.rows.map((x) => x.stt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('writes an XLSX that exceljs reads back: title, issuer, date, headers, rows, summary', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await reportXlsx(await report())) as unknown as ExcelJS.Buffer);
    expect(book.worksheets.map((s) => s.name)).toEqual([SHEET_ROWS, SHEET_SUMMARY]);
    const sheet = book.getWorksheet(SHEET_ROWS)!;
    expect(sheet.getCell('A1').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC KẾ HOẠCH');
    expect(sheet.getCell('A2').value).toBe('Đơn vị báo cáo: Sở Khoa học và Công nghệ tỉnh mẫu');
    expect(sheet.getCell('A3').value).toBe('Ngày xuất: 10/05/2026 10:00');
    expect(sheet.getRow(HEADER_ROW).values).toEqual([undefined, ...EXPORT_HEADERS]);
    const data = Array.from({ length: sheet.rowCount - HEADER_ROW }, (_, i) => sheet.getRow(HEADER_ROW + 1 + i));
    expect(data.map((row) => [2, 4, 5, 6, 7, 9].map((c) => row.getCell(c).value).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : (v ?? ''))))).toEqual(EXPECTED);
    // Times are the organisation's wall clock (31/03/2026 06:30 in Hà Nội), whatever the server's zone.
    expect((data[1]!.getCell(8).value as Date).toISOString()).toBe('2026-03-31T06:30:00.000Z');
    expect(data[1]!.getCell(8).numFmt).toBe('dd/mm/yyyy hh:mm');
    // Hostile text is a string cell, never a formula or markup.
    const formula = data[1]!.getCell(5);
    expect([formula.type, formula.value]).toEqual([ExcelJS.ValueType.String, FORMULA_NAME]);
    expect(data[3]!.getCell(3).value).toBe(HOSTILE_TASK);

    const summary = book.getWorksheet(SHEET_SUMMARY)!;
    expect(summary.getCell('A1').value).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN CÁC KẾ HOẠCH – tổng hợp theo đơn vị');
    expect(summary.getRow(HEADER_ROW).values).toEqual([undefined, ...SUMMARY_HEADERS]);
    const lines = Array.from({ length: 4 }, (_, i) => (summary.getRow(HEADER_ROW + 1 + i).values as unknown[]).slice(2));
    expect(lines).toEqual([
      ['VP', 'Văn phòng Sở', 1, 0, 1, 0, 0],
      ['P1', FORMULA_NAME, 3, 1, 0, 2, 33.3],
      ['P2', P2, 4, 1, 0, 3, 25],
      [undefined, 'Tổng cộng', 8, 2, 1, 5, 25],
    ]);
  });

  it('writes a CSV with a BOM, RFC 4180 quoting and formula cells defused', async () => {
    const csv = reportCsv(await report());
    expect(csv.startsWith('\uFEFFSTT,Mã hạn,Nội dung,Hạn,Đơn vị,Trạng thái,Người xác nhận,Thời gian,Kênh\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual([...EXPORT_HEADERS]);
    expect(rows).toHaveLength(9);
    expect(rows[2]).toEqual(['2', 'H1', 'Nộp báo cáo sơ kết', '31/03/2026', `'${FORMULA_NAME}`, 'Hoàn thành', 'Nguyễn Văn An', '31/03/2026 06:30', 'Telegram']);
    expect(rows[5]).toEqual(['5', 'H2', `'${HOSTILE_TASK}`, '31/03/2026', P2, 'Hoàn thành', SCRIPT_PERSON, '02/04/2026 16:00', 'Zalo Bot']);
    expect(rows[8]![2]).toBe("'@Tổng hợp mô hình");
    // Every data line has the nine columns; no formula survives at the start of a cell.
    expect(rows.every((r) => r.length === 9 && r.every((c) => !/^[=+\-@]/.test(c)))).toBe(true);
  });

  it('filters by plan, by deadline and by period', async () => {
    const byPlan = await report({ plan: 'dan-van-2026' });
    expect(byPlan.title).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH DÂN VẬN KHÉO NĂM 2026');
    expect(byPlan.rows.map((r) => `${r.deadline}@${r.due}#${r.unitCode}`)).toEqual(['H3@2026-06-30#P2']);
    expect(byPlan.summary.map((s) => s.unitCode)).toEqual(['P2']);

    const byDeadline = await report({ deadline: 'h2' });
    expect(byDeadline.title).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026, HẠN H2');
    expect(byDeadline.rows.map((r) => `${r.due}#${r.unitCode}:${r.state}`)).toEqual([
      '2026-03-31#P1:Chưa xác nhận',
      '2026-03-31#P2:Hoàn thành',
      '2026-06-30#P1:Chưa xác nhận',
      '2026-06-30#P2:Chưa xác nhận',
    ]);

    const byPeriod = await report({ from: '2026-04-01', to: '2026-12-31' });
    expect(byPeriod.title).toBe('BÁO CÁO TIẾN ĐỘ THỰC HIỆN TỪ NGÀY 01/04/2026 ĐẾN NGÀY 31/12/2026');
    expect([...new Set(byPeriod.rows.map((r) => `${r.deadline}@${r.due}`))]).toEqual(['H2@2026-06-30', 'H3@2026-06-30', 'H2@2026-09-30', 'H2@2026-12-31']);

    const both = await report({ plan: 'ke-hoach-2026', to: '2026-03-31' });
    expect(both.rows.map((r) => `${r.deadline}#${r.unitCode}`)).toEqual(['H1#VP', 'H1#P1', 'H1#P2', 'H2#P1', 'H2#P2']);
    expect(both.summary.find((s) => s.unitCode === 'P1')).toMatchObject({ total: 2, completed: 1, none: 1, rate: 50 });
  });

  it('refuses an unknown plan or deadline and a bad period, in Vietnamese, before reading the store', async () => {
    const stores = await exportStore(factory);
    let calls = 0;
    const port = { confirmationsOf: (keys: Parameters<ConfirmationPort['confirmationsOf']>[0]) => (calls++, stores.confirmations.confirmationsOf(keys)) };
    await expect(report({ plan: 'khong-co' }, port)).rejects.toThrow(new ExportError('Không có kế hoạch mã "khong-co".'));
    await expect(report({ deadline: 'H9' }, port)).rejects.toThrow('Không có hạn mã "H9".');
    await expect(report({ from: '2026-06-01', to: '2026-01-01' }, port)).rejects.toThrow('Từ ngày 01/06/2026 phải trước hoặc bằng đến ngày 01/01/2026.');
    await expect(report({ from: '2026-13-45' }, port)).rejects.toThrow('Ngày "2026-13-45" không hợp lệ');
    await expect(report({ to: '2026-02-31' }, port)).rejects.toThrow('Ngày "2026-02-31" không hợp lệ');
    expect(calls).toBe(0);
  });
});
