/**
 * The tables of a .docx's `word/document.xml`, each as a grid of cell texts, read straight from
 * WordprocessingML with htmlparser2 (xml mode; no mammoth: only tables matter, and their merged
 * cells must keep their grid positions). A cell's paragraphs are lines; a cell spanning several
 * grid columns (`w:gridSpan`) leaves '' in the columns it covers; a cell continuing a vertical
 * merge (`w:vMerge`) repeats the text of the cell it continues, as it reads in Word. Names are
 * compared by local name, so a prefix other than `w:` reads the same.
 */
import { isTag, isText, type ChildNode, type Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { Grid } from './form-match.js';

const local = (el: Element) => el.name.slice(el.name.indexOf(':') + 1);
const attr = (el: Element, name: string) => Object.entries(el.attribs).find(([k]) => k === name || k.endsWith(`:${name}`))?.[1];
const tags = (nodes: readonly ChildNode[]) => nodes.filter(isTag);

/** Children named `name`, looking through content controls and custom XML wrappers (never into a nested table). */
function childrenNamed(el: Element, name: string): Element[] {
  const out: Element[] = [];
  for (const child of tags(el.children)) {
    const n = local(child);
    if (n === name) out.push(child);
    else if (n === 'sdt' || n === 'sdtContent' || n === 'customXml' || n === 'smartTag') out.push(...childrenNamed(child, name));
  }
  return out;
}

const first = (el: Element | undefined, name: string) => (el ? tags(el.children).find((c) => local(c) === name) : undefined);
/** The `w:val` of an element, if both exist. */
const val = (el: Element | undefined) => (el ? attr(el, 'val') : undefined);

/** A cell's text: its paragraphs as lines (tabs as spaces, line breaks kept), spaces squeezed. */
export function cellText(cell: Element): string {
  const lines: string[] = [];
  let line = '';
  const endLine = () => {
    lines.push(line);
    line = '';
  };
  const walk = (nodes: readonly ChildNode[]) => {
    for (const node of nodes) {
      if (!isTag(node)) continue;
      const n = local(node);
      if (n === 't') line += node.children.filter(isText).map((t) => t.data).join('');
      else if (n === 'tab') line += ' ';
      else if (n === 'br' || n === 'cr') endLine();
      else if (n === 'Fallback' || n === 'tcPr' || n === 'pPr' || n === 'rPr' || n === 'del') continue;
      else {
        walk(node.children);
        if (n === 'p') endLine();
      }
    }
  };
  walk(cell.children);
  lines.push(line);
  return lines
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** One table as a grid (see the file's comment). */
function tableGrid(table: Element): Grid {
  const grid: Grid = [];
  for (const tr of childrenNamed(table, 'tr')) {
    const row: string[] = [];
    const before = Number(val(first(first(tr, 'trPr'), 'gridBefore')) ?? 0) || 0;
    for (let k = 0; k < Math.min(before, 60); k++) row.push('');
    for (const tc of childrenNamed(tr, 'tc')) {
      const props = first(tc, 'tcPr');
      const span = Math.min(60, Math.max(1, Number(val(first(props, 'gridSpan')) ?? 1) || 1));
      const vMerge = first(props, 'vMerge');
      const continues = vMerge !== undefined && (val(vMerge) ?? 'continue') === 'continue';
      const above = grid.length > 0 ? (grid[grid.length - 1]![row.length] ?? '') : '';
      row.push(continues ? above : cellText(tc));
      for (let k = 1; k < span; k++) row.push('');
    }
    grid.push(row);
  }
  return grid;
}

/** Every table of the document (nested ones too, each on its own), in document order. */
export function docxTables(documentXml: string): Grid[] {
  const grids: Grid[] = [];
  const visit = (nodes: readonly ChildNode[]) => {
    for (const node of tags(nodes)) {
      if (local(node) === 'tbl') grids.push(tableGrid(node));
      visit(node.children);
    }
  };
  visit(parseDocument(documentXml, { xmlMode: true }).children);
  return grids;
}
