/**
 * The acceptance's last step, shared by the console, Telegram, replica and browser tests: take a
 * one-time link as an admin would (GET shows the page, its form POSTs once, a second POST is
 * refused), and read the office's merged table back with the libraries that read such files
 * (exceljs for the .xlsx, mammoth for the .docx), checking it cell by cell against what the
 * units typed.
 */
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import ExcelJS from 'exceljs';
import { parseDocument } from 'htmlparser2';
import mammoth from 'mammoth';
import { expect } from 'vitest';
import { PHU_LUC_II } from '../files-fixture.js';

/** Bắc Giang's seed (data/org.json, data/plans/bac-giang-2023.json): what the merged H8 table names. */
export const H8_UNITS: ReadonlyArray<readonly [string, string]> = [
  ['VP', 'Văn phòng Sở'],
  ['TTRA', 'Thanh tra Sở'],
  ['KHTC', 'Phòng Kế hoạch - Tài chính'],
  ['QLKH', 'Phòng Quản lý Khoa học'],
  ['QLCN', 'Phòng Quản lý Công nghệ và Chuyên ngành'],
  ['CCTDC', 'Chi cục Tiêu chuẩn Đo lường Chất lượng'],
  ['TTKHCN', 'Trung tâm Khoa học và Công nghệ'],
  ['TTTT', 'Trung tâm Thông tin và Thống kê KH&CN'],
  ['CDCS', 'Công đoàn cơ sở Sở KH&CN'],
  ['CDTN', 'Chi đoàn Thanh niên Sở'],
];

/** One-time download links in a bot answer (`…/tai-ve/<43 characters>`), in order. */
export function downloadLinks(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[\d.:]+\/tai-ve\/[A-Za-z0-9_-]{43}/g)].map((m) => m[0]);
}

/**
 * Uses a one-time link as the admin's browser does: the GET shows a page whose button POSTs to
 * the same address (nothing is taken by a GET: a chat's link preview), the POST gives the file as
 * an attachment, and a second POST is refused with 410. `base` replaces the link's origin (a
 * link issued by one replica, redeemed on another).
 */
export async function takeOnce(link: string, base?: string): Promise<{ bytes: Buffer; disposition: string; type: string }> {
  const url = base ? `${base}${new URL(link).pathname}` : link;
  for (let i = 0; i < 2; i++) {
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`action="${new URL(url).pathname}"`);
    expect(html).toMatch(/Tải tệp về/);
  }
  // As the page's form posts it: from the page's own origin (the CSRF check), with an empty form.
  const post = () => fetch(url, { method: 'POST', headers: { origin: new URL(url).origin, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
  const res = await post();
  expect(res.status).toBe(200);
  const disposition = res.headers.get('content-disposition') ?? '';
  expect(disposition).toMatch(/^attachment;/);
  const bytes = Buffer.from(await res.arrayBuffer());
  const again = await post();
  expect(again.status).toBe(410);
  expect(await again.text()).toMatch(/Đường dẫn tải tệp không còn hiệu lực/);
  // Its page, looked at again, says so too (no button).
  const used = await fetch(url);
  expect(used.status).toBe(410);
  expect(await used.text()).not.toMatch(/Tải tệp về</);
  return { bytes, disposition, type: res.headers.get('content-type') ?? '' };
}

/** What the merged table of H8 must hold: each unit's typed rows, in the deadline's unit order. */
export interface MergedExpectation {
  /** Unit code → the rows it sent (values in the form's column order). */
  rows: Record<string, string[][]>;
}

const PLAN_LINE = '(Kèm theo Kế hoạch số /KH-KHCN về triển khai các hoạt động “Tháng Dân vận” năm 2023)';
const TITLE = 'TỔNG HỢP ĐĂNG KÝ HOẠT ĐỘNG TRIỂN KHAI HƯỞNG ỨNG “THÁNG DÂN VẬN” NĂM 2023';

function expected(e: MergedExpectation) {
  const body = H8_UNITS.flatMap(([code, name]) => (e.rows[code] ?? []).map((values) => [name, ...values])).map((r, i) => [String(i + 1), ...r]);
  const missing = H8_UNITS.filter(([code]) => !e.rows[code]);
  return {
    header: ['STT', 'Đơn vị', ...PHU_LUC_II],
    body,
    missing: missing.length ? `Đơn vị chưa gửi (${missing.length}): ${missing.map(([c, n]) => `${n} (${c})`).join(', ')}.` : 'Tất cả đơn vị đã gửi.',
  };
}

/** Reads the merged .xlsx with exceljs and compares it cell by cell. */
export async function expectMergedXlsx(bytes: Buffer, e: MergedExpectation): Promise<void> {
  const want = expected(e);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0]!;
  const row = (r: number) => Array.from({ length: want.header.length }, (_, c) => String(sheet.getRow(r).getCell(c + 1).value ?? ''));
  expect(String(sheet.getCell('A2').value)).toBe('PHỤ LỤC II');
  expect(String(sheet.getCell('A3').value)).toBe(TITLE);
  expect(String(sheet.getCell('A4').value)).toBe(PLAN_LINE);
  expect(String(sheet.getCell('A5').value)).toMatch(/^Hạn H8: .*\(hạn gửi 25\/09\/2023\)$/);
  expect(row(7)).toEqual(want.header);
  expect(want.body.map((_, i) => row(8 + i))).toEqual(want.body);
  // Nothing more in the table: an empty row, then the units that have not sent.
  expect(row(8 + want.body.length).every((v) => v === '')).toBe(true);
  expect(String(sheet.getCell(`A${9 + want.body.length}`).value)).toBe(want.missing);
}

const text = (nodes: readonly ChildNode[]): string => nodes.map((n) => (isText(n) ? n.data : isTag(n) ? (n.name === 'p' ? `${text(n.children)}\n` : text(n.children)) : '')).join('');
const find = (nodes: readonly ChildNode[], name: string): Element[] => nodes.filter(isTag).flatMap((n) => (n.name === name ? [n, ...find(n.children, name)] : find(n.children, name)));

/** Reads the merged .docx with mammoth and compares its table cell by cell and its lines around it. */
export async function expectMergedDocx(bytes: Buffer, e: MergedExpectation): Promise<void> {
  const want = expected(e);
  const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
  const dom = parseDocument(html).children;
  const tables = find(dom, 'table');
  expect(tables).toHaveLength(1);
  const cells = find(tables, 'tr').map((tr) => tr.children.filter(isTag).filter((c) => c.name === 'td' || c.name === 'th').map((c) => text(c.children).trim()));
  expect(cells).toEqual([want.header, ...want.body]);
  const paragraphs = dom.filter(isTag).filter((n) => n.name === 'p').map((p) => text(p.children).trim());
  expect(paragraphs.slice(1, 4)).toEqual(['PHỤ LỤC II', TITLE, PLAN_LINE]);
  expect(paragraphs).toContain(want.missing);
}
