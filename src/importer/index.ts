/**
 * The plan importer: any "Kế hoạch" as text (from .txt, .md, or .docx through mammoth) becomes
 * plan data — title, header, sections, deadlines with their units, slogans, signer — plus the
 * warnings of what it was unsure of. It never throws on any text.
 */
import { formatDay } from '../core/dates.js';
import { appendixForms } from './appendix-forms.js';
import { tieForms } from './form-ties.js';
import type { Org } from '../core/org.js';
import { resolveAssignees } from '../core/org.js';
import { sameAgency, settleReportTo, type Plan, type PlanDeadline } from '../core/plans.js';
import { statedPeriod } from '../core/period.js';
import { fold } from '../core/text.js';
import { clausesWithSentence, findTimes, taskText } from './deadlines.js';
import { parseHeader, parseSigner, parseTitle } from './header.js';
import { paragraphs, rawLines } from './normalize.js';
import { mergeSameDeadlines } from './merge.js';
import { webPageBody } from './webpage.js';
import { quotedSlogans, sloganList } from './slogans.js';
import { headerRoles, leadNames, taskRow, type Role } from './table.js';
import { severalYears } from './time-cell.js';
import { HEADING, subjectUnits, unitPhrases } from './units.js';
import { namedOrgs, NO_UNIT } from './unmapped.js';

export interface ImportResult {
  plan: Plan;
  warnings: string[];
  /** Whether the text has a title after "KẾ HOẠCH" (`plan.title` is a stand-in when not). */
  titled: boolean;
}

interface Heading {
  numbering: string;
  text: string;
  level: number;
  /** `text` folded, once: every paragraph under the heading reads it. */
  folded: string;
  /** The units `text` starts with, once asked. */
  units?: string[];
}

/** Where a clause says its report goes ("gửi về Văn phòng Sở", "qua Văn phòng"): a unit code, or the phrase as written. */
function reportTo(clause: string, org: Org, unitOf: (phrase: string) => string): string | null {
  if (/qua\s+Văn phòng/i.test(clause)) return org.officeUnit;
  const m = /(?:gửi về|báo cáo về|về|gửi|qua)\s+((?:Ban|Sở|Văn phòng|UBND|Ủy ban|Bộ|Tỉnh ủy)[^,.;:()]{0,50}?)(?=\s+(?:trước|chậm nhất|để|theo)|[,.;:(]|$)/u.exec(clause);
  if (!m) return null;
  return unitOf(m[1]!.trim());
}

/** `f` remembering its answer for each argument: the same phrase or sentence is looked at once per import. */
function memo<T>(f: (key: string) => T): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    if (seen.has(key)) return seen.get(key)!;
    const value = f(key);
    seen.set(key, value);
    return value;
  };
}

/** At most `max` characters, cut at a word boundary with "…". */
function shorten(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** The issuing department as the text names it ("Sở Khoa học và Công nghệ xây dựng kế hoạch…"). */
function issuerOf(paras: readonly string[], place: string | null, fallback: string): string {
  for (const p of paras.slice(0, 30)) {
    const m = /(Sở\s+[\p{Lu}][\p{L}\s,&]{2,70}?)(?:\s+\((?:[^)]{1,20})\))?\s+(?:xây dựng|ban hành|triển khai)\s+(?:kế hoạch|Kế hoạch)/u.exec(p);
    if (m) {
      const name = m[1]!.replace(/\s+/g, ' ').trim();
      return place && !name.includes(place) ? `${name} tỉnh ${place}` : name;
    }
  }
  return fallback;
}

function slug(s: string): string {
  return fold(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
}

export function importPlan(text: string, org: Org, options: { id?: string; firstDeadline?: number } = {}): ImportResult {
  const warnings: string[] = [];
  const lines = webPageBody(rawLines(typeof text === 'string' ? text : ''));
  const header = parseHeader(lines);
  const title = parseTitle(lines);
  if (!title) warnings.push('Không tìm thấy tiêu đề sau chữ "KẾ HOẠCH".');
  const paras = paragraphs(lines);
  const known = unitPhrases(org);

  const sections: Plan['sections'] = [];
  const deadlines: PlanDeadline[] = [];
  /** Whether each deadline came from a table row (one item per (action, time) across table and prose). */
  const fromTable: boolean[] = [];
  const purposes: string[] = [];
  const implementation: Plan['implementation'] = [];
  const stack: Heading[] = [];
  let roman: string | undefined;
  let n = options.firstDeadline ?? 1;
  let inAppendix = false;
  let roles: Role[] | undefined;
  const yearly = severalYears(title, header.issued);
  const timesOf = (t: string) => findTimes(t, header.issued, yearly);
  const unitOf = memo((phrase) => resolveAssignees(org, phrase)?.[0] ?? phrase);
  const reportOf = memo((text) => reportTo(text, org, unitOf));

  for (const para of paras) {
    if (/^(Phụ lục|PHỤ LỤC)\b/.test(para)) inAppendix = true;
    if (inAppendix || /^(Nơi nhận|Trên đây)/.test(para)) continue;
    const h = HEADING.exec(para);
    if (h?.groups) {
      const rest = h.groups.rest!;
      const numbering = h.groups.roman ? h.groups.roman : h.groups.num!.includes('.') || !roman ? h.groups.num! : `${roman}.${h.groups.num}`;
      if (h.groups.roman) roman = h.groups.roman;
      const level = h.groups.roman ? 1 : numbering.split('.').length;
      while (stack.length && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ numbering, text: rest, level, folded: fold(rest) });
      const cut = rest.search(/[:.](\s|$)/);
      const heading = cut > 0 && cut <= 150 ? rest.slice(0, cut) : shorten(rest, 150);
      sections.push({ numbering, heading, text: (cut > 0 && cut <= 150 ? rest.slice(cut + 1) : rest).trim().slice(0, 500) });
    }
    const parents = (h ? stack.slice(0, -1) : stack).map((s) => s.folded).join(' ');
    const context = stack.map((s) => s.folded).join(' ');
    if (/muc dich/.test(parents) && purposes.length < 6) purposes.push(shorten((h?.groups?.rest ?? para).replace(/^[-+•–]\s*/, ''), 200));
    // The units the paragraph starts with, only when needed (folding every paragraph would cost as much as the rest).
    let ownUnits: string[] | undefined;
    let ownNames: string[] | undefined;
    const paraUnits = () => (ownUnits ??= subjectUnits(para, known));
    /**
     * The units of a clause: its own (`own`, else the organisations it names that the org does
     * not know: `names`), else its paragraph's, else the nearest heading's — known units or
     * names as written. Names are kept as phrases to map; none at all gives {@link NO_UNIT}.
     */
    const unitsOf = (own: string[], namesOf: () => string[]): { units: string[]; phrases: string[] } => {
      if (own.length) return { units: own, phrases: [] };
      const names = namesOf();
      if (names.length) return { units: [], phrases: names };
      if (paraUnits().length) return { units: paraUnits(), phrases: [] };
      const paraNames = (ownNames ??= namedOrgs(para).names);
      if (paraNames.length) return { units: [], phrases: paraNames };
      for (let i = stack.length - 1; i >= 0; i--) {
        const units = (stack[i]!.units ??= subjectUnits(stack[i]!.text, known));
        if (units.length) return { units: [...units], phrases: [] };
        const headingNames = namedOrgs(stack[i]!.text).names;
        if (headingNames.length) return { units: [], phrases: headingNames };
      }
      return { units: [], phrases: [NO_UNIT] };
    };
    if (/to chuc thuc hien/.test(context) && !h && para.length > 20) {
      implementation.push({ actor: para.replace(/^[-+•–]\s*/, '').split(/\s+(?=tổ chức|theo dõi|chủ trì|phối hợp|xây dựng|thực hiện|có trách nhiệm)/u)[0]!.slice(0, 120), units: paraUnits(), tasks: [para.replace(/^[-+•–]\s*/, '').slice(0, 300)] });
    }
    // A table row: the task is the content cell; the unit may sit in a "responsible unit" column.
    const split = para.includes('\t') ? para.split('\t').map((c) => c.trim()) : undefined;
    // A header row gives the columns their roles for the rows under it, up to the next non-row paragraph.
    roles = split ? (headerRoles(split) ?? roles) : undefined;
    const cells = split?.filter(Boolean);
    const row = split ? taskRow(split, known, timesOf, roles) : undefined;
    // A report-to stated once for a list ("báo cáo năm …; báo cáo sơ kết … về Sở (qua Văn phòng Sở).")
    // holds for each item of the sentence that names none of its own.
    for (const { clause, sentence } of cells ? [{ clause: cells.join('; '), sentence: '' }] : clausesWithSentence(para)) {
      const times = row ? row.times : timesOf(clause);
      if (times.length === 0) continue;
      const { units, phrases } = unitsOf(row ? row.units : subjectUnits(clause, known, sentence), () => (row && cells ? leadNames(row.lead, cells) : namedOrgs(clause).names));
      if (phrases.length) warnings.push(`Chưa gán đơn vị cho ${phrases.map((p) => `“${p}”`).join(', ')} (cần gán đơn vị trước khi công bố): "${clause.slice(0, 100)}"`);
      const task = row?.task || taskText(clause, times.map((t) => t.phrase));
      const to = reportOf(clause) ?? reportOf(sentence);
      for (const t of times) if (t.yearInferred) warnings.push(`Ngày không ghi năm, lấy theo năm của kế hoạch (${formatDay(t.due!)}): "${t.phrase.trim()}"`);
      const guessed = phrases.length > 0;
      for (const t of times) {
        fromTable.push(row !== undefined);
        deadlines.push({
          id: `H${n++}`,
          task: task || clause.slice(0, 300),
          due: t.due,
          recurrence: t.recurrence,
          assignees: guessed ? phrases : units,
          reportTo: to,
          section: stack.at(-1)?.numbering ?? null,
          quote: t.phrase.trim(),
          confidence: guessed || t.yearInferred ? 'cần xem lại' : 'chắc chắn',
        });
      }
    }
  }

  // One item per (action, time), each settled (a unit never reports to itself), numbered in order.
  const first = options.firstDeadline ?? 1;
  const merged = mergeSameDeadlines(deadlines.map(settleReportTo), fromTable).map((d, i) => ({ ...d, id: `H${first + i}` }));
  const listed = sloganList(lines);
  const slogans = listed ?? quotedSlogans(paras);
  // Registration templates of the appendices, each tied to the deadline that asks for it.
  const { forms, warnings: untied } = tieForms(appendixForms(lines), merged);
  warnings.push(...untied);
  const signer = parseSigner(lines);
  if (!signer?.name) warnings.push('Không tìm thấy tên người ký.');
  const issuer = issuerOf(paras, header.place, org.name);
  // Another kind of department's plan is kept for reference: nothing in it is ours to track.
  const reference = !sameAgency(org.name, issuer);
  const firstHeading = paras.findIndex((p) => HEADING.test(p));
  const period = statedPeriod(title, paras.slice(0, firstHeading < 0 ? 10 : Math.min(firstHeading, 10)));
  const id = options.id ?? (slug(`${header.place ?? ''} ${header.issued?.slice(0, 4) ?? ''} ${title.split(' ').slice(0, 4).join(' ')}`) || 'ke-hoach');
  return {
    plan: {
      id,
      number: header.number,
      title: title || 'Kế hoạch (không rõ tiêu đề)',
      issuer,
      place: header.place,
      issued: header.issued,
      source: `${id}.txt`,
      ...(reference ? { reference: true } : {}),
      ...(period ? { period } : {}),
      purposes,
      sections,
      implementation: reference ? implementation.map((i) => ({ ...i, units: [] })) : implementation,
      // A unit never reports to itself: the unit a report goes to is not among those who send it.
      deadlines: reference ? merged.map((d) => ({ ...d, assignees: [] })) : merged,
      slogans,
      ...(forms.length ? { forms } : {}),
      signer: signer ?? { position: null, name: null },
    },
    warnings,
    titled: title !== '',
  };
}
