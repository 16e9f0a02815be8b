/**
 * One item per (action, time): a plan often states the same report in its task table and again
 * in the prose ("Báo cáo kết quả … | Trước ngày 15/11/2027" and "Các phòng, đơn vị báo cáo kết quả
 * … trước ngày 15/11/2027"). Such deadlines are one, with the units of both, so each unit gets
 * one reminder. Same time (due day or recurrence) and the same action: nearly every word of the
 * shorter task is in the longer one.
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
export function mergeSameDeadlines(deadlines: readonly PlanDeadline[]): PlanDeadline[] {
  const out: Array<{ d: PlanDeadline; words: Set<string> }> = [];
  const byTime = new Map<string, Array<{ d: PlanDeadline; words: Set<string> }>>();
  for (const d of deadlines) {
    const time = `${d.due}|${JSON.stringify(d.recurrence)}`;
    const words = wordsOf(d.task);
    const same = byTime.get(time)?.find((e) => sameAction(e.words, words));
    if (same) {
      const assignees = [...new Set([...same.d.assignees, ...d.assignees])];
      const reportTo = same.d.reportTo ?? d.reportTo;
      same.d = { ...same.d, assignees, reportTo: reportTo && assignees.includes(reportTo) ? null : reportTo };
      continue;
    }
    const entry = { d, words };
    out.push(entry);
    byTime.set(time, [...(byTime.get(time) ?? []), entry]);
  }
  return out.map((e) => e.d);
}
