import { describe, expect, it } from 'vitest';
import { mergedTable } from '../src/core/merged.js';
import type { Submission } from '../src/core/submission-ports.js';
import { sampleContent } from './helpers.js';

const by = { id: '1', name: 'Hoa' };
const sub = (id: string, unit: string, rows: string[][], columns?: string[]): Submission => ({
  id,
  deadline: 'H8',
  occurrence: '2023-09-25',
  unit,
  by,
  chat: 'telegram:-1',
  at: '2023-09-20T02:00:00.000Z',
  ...(rows.length || columns ? { form: { columns: columns ?? COLS, rows } } : {}),
});
let COLS: string[] = [];

describe('the merged registrations of an occurrence', () => {
  it('takes each unit’s latest form, in the deadline’s unit order, and lists who has not sent', async () => {
    const content = await sampleContent();
    const d = content.deadline('H8')!;
    COLS = d.plan.forms![0]!.columns;
    const row = (t: string) => [t, '10/2023', 'Cơ quan', 'Công chức', 'Kết quả', ''];
    const subs = [
      sub('N1', 'TTKHCN', [row('Cũ')]),
      sub('N2', 'CCTDC', [row('Hội nghị'), row('Tọa đàm')]),
      sub('N3', 'TTKHCN', [row('Mới 1'), row('Mới 2')]),
      { ...sub('N4', 'VP', []), file: { sha256: 'a'.repeat(64), name: 'bc.pdf', size: 3, type: 'application/pdf' } },
      { ...sub('N5', 'QLKH', [row('Kỳ khác')]), occurrence: '2024-09-25' },
    ];
    const t = mergedTable(content, d, '2023-09-25', subs, new Date('2023-09-26T03:00:00Z'))!;
    expect(t.columns).toEqual(COLS);
    expect(t.rows.map((r) => [r.unitCode, r.values[0]])).toEqual([
      ['CCTDC', 'Hội nghị'],
      ['CCTDC', 'Tọa đàm'],
      ['TTKHCN', 'Mới 1'],
      ['TTKHCN', 'Mới 2'],
    ].sort((a, b) => d.assignees.indexOf(a[0]!) - d.assignees.indexOf(b[0]!)));
    expect(t.missing.map((m) => m.code)).toEqual(d.assignees.filter((u) => u !== 'CCTDC' && u !== 'TTKHCN'));
    expect(t.deadline).toEqual({ id: 'H8', task: d.task, due: '25/09/2023' });
    expect(t.generatedAt).toBe('26/09/2023 10:00');
    expect(t.planTitle).toBe(d.plan.title);
  });

  it('places rows taken against older columns under the form’s columns by name', async () => {
    const content = await sampleContent();
    const d = content.deadline('H8')!;
    const cols = d.plan.forms![0]!.columns;
    const older = [cols[1]!, cols[0]!];
    const t = mergedTable(content, d, '2023-09-25', [sub('N1', 'VP', [['10/2023', 'Hội thi']], older)], new Date())!;
    expect(t.rows[0]!.values).toEqual(['Hội thi', '10/2023', '', '', '', '']);
  });

  it('is undefined for a deadline without a form', async () => {
    const content = await sampleContent();
    expect(mergedTable(content, content.deadline('H9')!, '2023-10-22', [], new Date())).toBeUndefined();
  });
});
