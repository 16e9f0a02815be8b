/**
 * Files a unit might send, made in the tests: real ones (a .docx through the `docx` package, an
 * .xlsx through exceljs, an .odt zipped by hand, tiny PNG/JPEG/WebP headers, an OLE header) and
 * hostile ones (zip bombs that are cheap to build, lying sizes, too many entries, encryption).
 */
import { crc32, deflateRawSync, constants } from 'node:zlib';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import ExcelJS from 'exceljs';

export const MB = 1024 * 1024;

/** The columns of Bắc Giang's Phụ lục II (data/plans/bac-giang-2023.json). */
export const PHU_LUC_II = [
  'Tên nội dung, hoạt động',
  'Thời gian tổ chức, triển khai',
  'Quy mô, phạm vi triển khai',
  'Đối tượng thực hiện hoặc đối tượng thụ hưởng',
  'Mục tiêu hướng đến hoặc dự kiến kết quả đạt được',
  'Ghi chú',
];

export interface ZipItem {
  name: string;
  data: Buffer;
  /** 0 stored, 8 deflated (default). */
  method?: 0 | 8;
  /** Deflated bytes to write instead of deflating `data` (a bomb built without its 500 MB). */
  packed?: Buffer;
  /** The unpacked size to declare (default: `data`'s length). */
  size?: number;
  flags?: number;
}

/** A zip of `items` (PKWARE APPNOTE: local headers, central directory, end record). */
export function makeZip(items: readonly ZipItem[], endCount?: number): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const item of items) {
    const method = item.method ?? 8;
    const packed = item.packed ?? (method === 8 ? deflateRawSync(item.data) : item.data);
    const name = Buffer.from(item.name, 'utf8');
    const size = item.size ?? item.data.length;
    const crc = crc32(item.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(item.flags ?? 0, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(item.flags ?? 0, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(endCount ?? items.length, 8);
  end.writeUInt16LE(endCount ?? items.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/**
 * Deflated bytes of `mb` MB of zeros, built from one deflated MB repeated (each chunk ends on a
 * sync flush, and the history it may refer to is zeros anyway) and a final empty block: a 500 MB
 * bomb in half a MB, without ever holding the 500 MB.
 */
export function deflatedZeros(mb: number): Buffer {
  const chunk = deflateRawSync(Buffer.alloc(MB), { finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array.from({ length: mb }, () => chunk), Buffer.from([0x03, 0x00])]);
}

/** The parts every .docx has besides its document. */
const DOCX_PARTS = (document: string): ZipItem[] => [
  {
    name: '[Content_Types].xml',
    data: Buffer.from(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
  },
  { name: 'word/document.xml', data: Buffer.from(document) },
];

/** A .docx zipped by hand around `document` (for bombs and liars: `document` is replaced by the item given). */
export function handDocx(document: ZipItem | string): Buffer {
  if (typeof document === 'string') return makeZip(DOCX_PARTS(document));
  return makeZip([DOCX_PARTS('')[0]!, document]);
}

/** A real .docx with a paragraph and, when given, a table of `rows` (first row the header). */
export async function docxWith(paragraph: string, rows?: readonly (readonly string[])[]): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [new Paragraph(paragraph)];
  if (rows) children.push(new Table({ rows: rows.map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: c.split('\n').map((l) => new Paragraph(l)) })) })) }));
  children.push(new Paragraph('Người lập biểu'));
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/** A real .xlsx: `before` rows (titles) then `rows` (first row the header) on one sheet. */
export async function xlsxWith(rows: readonly (readonly (string | number | Date)[])[], before: readonly string[] = []): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Phụ lục II');
  for (const line of before) sheet.addRow([line]);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** An OpenDocument text zipped by hand: `mimetype` stored first, as the format requires. */
export function odt(mimetype = 'application/vnd.oasis.opendocument.text'): Buffer {
  return makeZip([
    { name: 'mimetype', data: Buffer.from(mimetype), method: 0 },
    { name: 'content.xml', data: Buffer.from('<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>') },
    { name: 'META-INF/manifest.xml', data: Buffer.from('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>') },
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG whose header says `width` × `height` (its pixels are one grey row: only the header is read). */
export function png(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', deflateRawSync(Buffer.alloc(width + 1))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** A baseline JPEG header (SOI, JFIF, SOF0 saying `width` × `height`, EOI). */
export function jpeg(width: number, height: number): Buffer {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
  const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof, Buffer.from([0xff, 0xd9])]);
}

/** A WebP (VP8X) header saying `width` × `height`. */
export function webp(width: number, height: number): Buffer {
  const vp8x = Buffer.alloc(10);
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const chunk = Buffer.concat([Buffer.from('VP8X', 'latin1'), Buffer.from([10, 0, 0, 0]), vp8x]);
  const size = Buffer.alloc(4);
  size.writeUInt32LE(4 + chunk.length);
  return Buffer.concat([Buffer.from('RIFF', 'latin1'), size, Buffer.from('WEBP', 'latin1'), chunk]);
}

/** The first sector of an OLE compound file (what a .doc or an .xls starts with). */
export function oleHeader(): Buffer {
  const header = Buffer.alloc(512);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header);
  header.writeUInt16LE(0x003e, 24); // minor version
  header.writeUInt16LE(0x0003, 26); // major version 3
  header.writeUInt16LE(0xfffe, 28); // little-endian byte order mark
  header.writeUInt16LE(9, 30); // 512-byte sectors
  return header;
}

/** A Windows program's first bytes ("MZ", a DOS stub, a PE header). */
export function exe(): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.write('PE\0\0', 0x80, 'latin1');
  return bytes;
}
