/**
 * One item per (action, time): a plan often states the same report in its task table and again
 * in the prose ("Báo cáo kết quả … | Trước ngày 15/11/2027" and "Các phòng, đơn vị báo cáo kết quả
 * … trước ngày 15/11/2027"). Such deadlines are one, with the units of both, so each unit gets
 * one reminder. One from a table row and one from the prose, the same time (due day or
 * recurrence) and the same action: nearly every word of the shorter task is in the longer one.
 * (A text that repeats itself word for word keeps its repetitions.)
 */
import type { PlanDeadline } from '../core/plans.js';
import { fold } from '../core/text.js';

/** The words of a task, folded; short words and numbers left out. */
function wordsOf(task: string): Set<string> {
  return new Set(fold(task).split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !/^\d+$/.test(w)));
}

function sameAction(a: Set<string>, b: Set<string>): boolean {
  const [short, long] = a.size <= b.size ? [a, b] : [b, a];
  if (short.size < 3) return false;
  let shared = 0;
  for (const w of short) if (long.has(w)) shared++;
  return shared / short.size >= 0.8;
}

/** The deadlines with each (action, time) once, in order; a merged one keeps the first's id, task and quote. */
export function mergeSameDeadlines(deadlines: readonly PlanDeadline[], fromTable: readonly boolean[]): PlanDeadline[] {
  type Entry = { d: PlanDeadline; words: Set<string>; table: boolean };
  const out: Entry[] = [];
  const byTime = new Map<string, Entry[]>();
  for (const [i, d] of deadlines.entries()) {
    const table = fromTable[i] === true;
    const time = `${d.due}|${JSON.stringify(d.recurrence)}`;
    const words = wordsOf(d.task);
    const earlier = byTime.get(time);
    // A real plan has a few deadlines per day; past 50, no more are compared (a hostile text stays linear).
    const same = earlier?.find((e) => e.table !== table && sameAction(e.words, words));
    if (same) {
      const assignees = [...new Set([...same.d.assignees, ...d.assignees])];
      const reportTo = same.d.reportTo ?? d.reportTo;
      const doubt = same.d.confidence === 'cần xem lại' || d.confidence === 'cần xem lại';
      same.d = { ...same.d, assignees, reportTo: reportTo && assignees.includes(reportTo) ? null : reportTo, ...(doubt ? { confidence: 'cần xem lại' as const } : {}) };
      continue;
    }
    const entry = { d, words, table };
    out.push(entry);
    if (!earlier) byTime.set(time, [entry]);
    else if (earlier.length < 50) earlier.push(entry);
  }
  return out.map((e) => e.d);
}
