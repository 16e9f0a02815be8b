/**
 * The tables of a .docx's `word/document.xml`, each as a grid of cell texts, read straight from
 * WordprocessingML with htmlparser2's streaming parser (xml mode; no mammoth: only tables matter,
 * and their merged cells must keep their grid positions). Streaming keeps hostile nesting
 * harmless: no recursion, and each character is handled once whatever the depth (a tree walk
 * reading each nested table's cells again is quadratic). A cell's paragraphs are lines; a cell
 * spanning several grid columns (`w:gridSpan`) leaves '' in the columns it covers; a cell
 * continuing a vertical merge (`w:vMerge`) repeats the text of the cell above, as Word shows it.
 * A nested table's text belongs to that table only. Elements are matched by local name.
 */
import { Parser } from 'htmlparser2';
import type { Grid } from './form-match.js';

/** Most grid columns a row may claim (gridBefore, gridSpan): a form has at most 22. */
const MAX_SPAN = 60;

/** Content Word keeps but does not show as the cell's text: skipped with everything inside. */
const HIDDEN = new Set(['Fallback', 'del', 'instrText', 'delText', 'tcPr', 'trPr', 'rPr', 'pPr']);

interface OpenCell {
  lines: string[];
  span: number;
  /** 'continue' when the cell carries on the merged cell above. */
  vMerge: string | undefined;
}

interface OpenTable {
  grid: Grid;
  row: string[] | undefined;
  cell: OpenCell | undefined;
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);
const val = (attribs: Record<string, string>) => Object.entries(attribs).find(([k]) => k === 'val' || k.endsWith(':val'))?.[1];
const count = (v: string | undefined, fallback: number) => Math.min(MAX_SPAN, Math.max(0, Math.floor(Number(v ?? fallback)) || 0));

/** A finished cell's text: lines trimmed and squeezed, empty ones dropped. */
const cellText = (lines: readonly string[]) =>
  lines
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');

/** Deepest element nesting accepted: Word's own is a few dozen, nested tables included. */
export const MAX_XML_DEPTH = 256;

/**
 * Whether the XML nests elements deeper than `limit`, by a linear scan of its tags (an attribute
 * value holding ">" may skew the count a little; this is a guard, not a parser). htmlparser2 keeps
 * open elements with `Array.unshift`, so a parse costs depth² (100,000 levels: minutes).
 */
export function nestsDeeper(xml: string, limit: number): boolean {
  let depth = 0;
  for (let at = xml.indexOf('<'); at >= 0; at = xml.indexOf('<', at + 1)) {
    const next = xml.charCodeAt(at + 1);
    if (next === 0x2f /* / */) depth--;
    else if (next !== 0x3f /* ? */ && next !== 0x21 /* ! */) {
      const end = xml.indexOf('>', at);
      if (end < 0) break;
      if (xml.charCodeAt(end - 1) !== 0x2f && ++depth > limit) return true;
      at = end;
    }
  }
  return false;
}

/**
 * Every table of the document (nested ones too, each on its own), in the order they open; throws
 * when its elements nest deeper than {@link MAX_XML_DEPTH} (see {@link nestsDeeper}).
 */
export function docxTables(documentXml: string): Grid[] {
  if (nestsDeeper(documentXml, MAX_XML_DEPTH)) throw new Error(`document.xml nests deeper than ${MAX_XML_DEPTH}`);
  const grids: Grid[] = [];
  const open: OpenTable[] = [];
  /** Depth inside hidden content (see HIDDEN); the properties inside tcPr/trPr are still read. */
  let hidden = 0;
  let inText = false;
  const top = () => open[open.length - 1];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const n = local(name);
        const t = top();
        if (n === 'gridBefore' && t?.row && !t.cell) t.row.push(...Array<string>(count(val(attribs), 0)).fill(''));
        if (n === 'gridSpan' && t?.cell) t.cell.span = Math.max(1, count(val(attribs), 1));
        if (n === 'vMerge' && t?.cell) t.cell.vMerge = val(attribs) ?? 'continue';
        if (HIDDEN.has(n)) hidden++;
        if (hidden > 0) return;
        if (n === 'tbl') {
          open.push({ grid: [], row: undefined, cell: undefined });
          grids.push(top()!.grid);
        } else if (n === 'tr' && t) {
          t.row = [];
        } else if (n === 'tc' && t?.row) {
          t.cell = { lines: [''], span: 1, vMerge: undefined };
        } else if (n === 't') {
          inText = true;
        } else if (n === 'tab' && t?.cell) {
          t.cell.lines[t.cell.lines.length - 1] += ' ';
        } else if ((n === 'br' || n === 'cr') && t?.cell) {
          t.cell.lines.push('');
        }
      },
      ontext(data) {
        const cell = top()?.cell;
        if (inText && hidden === 0 && cell) cell.lines[cell.lines.length - 1] += data;
      },
      onclosetag(name) {
        const n = local(name);
        if (HIDDEN.has(n)) {
          hidden = Math.max(0, hidden - 1);
          return;
        }
        if (hidden > 0) return;
        const t = top();
        if (n === 't') {
          inText = false;
        } else if (n === 'p' && t?.cell) {
          t.cell.lines.push('');
        } else if (n === 'tc' && t?.row && t.cell) {
          const above = t.grid[t.grid.length - 1]?.[t.row.length] ?? '';
          t.row.push(t.cell.vMerge === 'continue' ? above : cellText(t.cell.lines));
          for (let k = 1; k < t.cell.span; k++) t.row.push('');
          t.cell = undefined;
        } else if (n === 'tr' && t?.row) {
          t.grid.push(t.row);
          t.row = undefined;
        } else if (n === 'tbl') {
          open.pop();
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(documentXml);
  parser.end();
  return grids;
}
