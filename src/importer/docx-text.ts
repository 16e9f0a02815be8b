/**
 * The text of mammoth's HTML for a .docx, read as a tree with htmlparser2 (entities, numeric ones
 * included, decoded by the parser): paragraphs, headings and list items are lines; a table row is
 * one markdown pipe row (`| a | b | c |`), so the importer's table reader sees its cells. A
 * layout table (the header block or the signature block set side by side in a table, with its
 * borders hidden) keeps its lines: line j of each cell shares pipe row j, as a PDF shows them.
 */
import { isTag, isText, type ChildNode as Node } from 'domhandler';
import { parseDocument } from 'htmlparser2';

const BLOCK = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'div', 'li', 'ul', 'ol', 'table', 'blockquote']);
/** A first-row cell that names a column: the table is a grid of data, never a layout table. */
const COLUMN_NAME = /^(STT|TT|Số TT|Nội dung|Thời gian|Thời hạn|Đơn vị|Cơ quan|Chủ trì|Phối hợp|Khẩu hiệu|Nhiệm vụ|Kết quả)(?![\p{L}\p{N}])/iu;

/** Lines being written: finished lines in `done`, and the line being filled. */
class Lines {
  readonly done: string[] = [];
  private line = '';
  text(s: string): void {
    this.line += s;
  }
  break(): void {
    if (this.line.trim()) this.done.push(this.line.trim());
    this.line = '';
  }
  push(line: string): void {
    this.break();
    this.done.push(line);
  }
}

function walk(nodes: readonly Node[], out: Lines): void {
  for (const node of nodes) {
    if (isText(node)) {
      out.text(node.data);
      continue;
    }
    if (!isTag(node)) continue;
    const name = node.name.toLowerCase();
    if (name === 'br') {
      out.break();
    } else if (name === 'table') {
      out.break();
      for (const line of tableLines(node)) out.push(line);
    } else if (BLOCK.has(name)) {
      out.break();
      if (name === 'li') out.text('- ');
      walk(node.children, out);
      out.break();
    } else {
      walk(node.children, out);
    }
  }
}

/** A cell's paragraphs (nested tables, lists and line breaks included), each on one line. */
function cellLines(cell: Node): string[] {
  const out = new Lines();
  walk(isTag(cell) ? (cell.children) : [], out);
  out.break();
  return out.done.map((l) => l.replace(/\s+/g, ' ').replace(/\|/g, '/').trim()).filter(Boolean);
}

/** The rows of a table (in thead/tbody/tfoot or not), each as its cells' lines; nested tables' rows are not its own. */
function rowsOf(table: Node): string[][][] {
  const rows: string[][][] = [];
  const visit = (nodes: readonly Node[]) => {
    for (const n of nodes) {
      if (!isTag(n)) continue;
      if (n.name === 'tr') rows.push((n.children).filter((c) => isTag(c) && (c.name === 'td' || c.name === 'th')).map(cellLines));
      else if (n.name === 'thead' || n.name === 'tbody' || n.name === 'tfoot') visit(n.children);
    }
  };
  visit(isTag(table) ? (table.children) : []);
  return rows;
}

/**
 * A layout table: at most three rows of at most three cells, some cell holding several lines
 * (agency names, number, motto, place and date; or "Nơi nhận" and the signer), and no first-row
 * cell naming a column ("STT", "Nội dung", "Thời gian"…) nor a numbered row.
 */
function isLayout(rows: readonly string[][][]): boolean {
  return (
    rows.length > 0 &&
    rows.length <= 3 &&
    rows.every((r) => r.length <= 3) &&
    rows.some((r) => r.some((c) => c.length >= 2)) &&
    !(rows[0] ?? []).some((c) => COLUMN_NAME.test(c[0] ?? '')) &&
    !rows.some((r) => /^\d{1,3}[.)]?$/.test(r[0]?.[0] ?? ''))
  );
}

const pipe = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;

/** A table's lines: a one-cell row's paragraphs as lines, any other row as pipe rows (see the file's comment). */
function tableLines(table: Node): string[] {
  const rows = rowsOf(table);
  const layout = isLayout(rows);
  const lines: string[] = [];
  for (const cells of rows) {
    if (cells.filter((c) => c.length > 0).length <= 1) {
      lines.push(...cells.flat());
    } else if (layout) {
      const height = Math.max(...cells.map((c) => c.length));
      for (let j = 0; j < height; j++) lines.push(pipe(cells.map((c) => c[j] ?? '')));
    } else {
      lines.push(pipe(cells.map((c) => c.join(' '))));
    }
  }
  return lines;
}

/** The text of mammoth's HTML (see the file's comment). */
export function docxHtmlText(html: string): string {
  const out = new Lines();
  walk(parseDocument(html, { decodeEntities: true }).children, out);
  out.break();
  return out.done.join('\n');
}
