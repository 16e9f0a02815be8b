/** The plan pages' pure parts: quotes marked in a source text, and the deadline fields read from a form. */
import { describe, expect, it } from 'vitest';
import { EditRefused } from '../src/core/content-editor.js';
import { markedSource } from '../src/web/pages/plan-source.js';
import { dayValue, repeatValue, timeFields, unitFields, type Form } from '../src/web/plan-fields.js';
import { sampleContent } from './helpers.js';

const render = async (text: string, deadlines: Array<{ id: string; quote?: string; due: string | null }>) => {
  const marked = markedSource(text, deadlines);
  return { html: String(await marked.body), markOf: marked.markOf };
};

describe('markedSource', () => {
  it('finds each quote across line breaks, spacing and emphasis, in order, escaping the text around it', async () => {
    const text = 'a <b> trước ngày\n 30/11/2027; rồi **trước  ngày 30/11/2027** lần nữa';
    const { html, markOf } = await render(text, [
      { id: 'H1', quote: 'trước ngày 30/11/2027', due: '2027-11-30' },
      { id: 'H2', quote: 'trước ngày 30/11/2027', due: '2027-11-30' },
    ]);
    expect(html).toBe(
      'a &lt;b&gt; <mark id="q-1">trước ngày\n 30/11/2027</mark><sup> <a class="ref" href="#h-H1">H1</a></sup>; rồi **<mark id="q-2">trước  ngày 30/11/2027</mark><sup> <a class="ref" href="#h-H2">H2</a></sup>** lần nữa',
    );
    expect([...markOf]).toEqual([['H1', 'q-1'], ['H2', 'q-2']]);
  });

  it('one phrase read as two recurrences shares its mark; a quote not in the text or added by hand has none', async () => {
    const { html, markOf } = await render('Báo cáo định kỳ 6 tháng, năm gửi Sở.', [
      { id: 'H1', quote: 'định kỳ 6 tháng, năm', due: null },
      { id: 'H2', quote: 'định kỳ 6 tháng, năm', due: null },
      { id: 'H3', quote: 'trước ngày 01/01/2030', due: '2030-01-01' },
      { id: 'H4', due: '2030-01-01' },
    ]);
    expect(html).toContain('<mark id="q-1">định kỳ 6 tháng, năm</mark><sup> <a class="ref" href="#h-H1">H1</a> <a class="ref" href="#h-H2">H2</a></sup>');
    expect([...markOf]).toEqual([['H1', 'q-1'], ['H2', 'q-1']]);
  });
});

describe('deadline fields', () => {
  it('units: ticked codes, typed codes, names, groups with commas in their names, "tất cả"; unknown names refused', async () => {
    const { org } = await sampleContent();
    expect(unitFields({ units: ['TTRA', 'VP'], unitsText: 'qlkh; Chi cục TĐC' }, org)).toEqual(['VP', 'TTRA', 'QLKH', 'CCTDC']);
    expect(unitFields({ unitsText: 'Các phòng, đơn vị thuộc Sở' }, org)).toHaveLength(org.units.length);
    expect(unitFields({ unitsText: 'tất cả' }, org)).toHaveLength(org.units.length);
    expect(unitFields({ unitsText: 'Thanh tra, , VP,' }, org)).toEqual(['VP', 'TTRA']);
    expect(() => unitFields({ units: 'ZZ', unitsText: 'VP, Phòng Ma' }, org)).toThrow(/Không có đơn vị “ZZ”, “Phòng Ma”/);
  });

  it('time: a day, or a recurrence, never both; impossible days refused', () => {
    expect(timeFields({ due: '5/3/2027' })).toEqual({ due: '2027-03-05', recurrence: null });
    expect(timeFields({ repeat: 'sau-thang' })).toEqual({ due: null, recurrence: { freq: 'semiannual' } });
    expect(timeFields({ repeat: 'nam-ngay', day: '29/02' })).toEqual({ due: null, recurrence: { freq: 'yearly', month: 2, day: 29 } });
    const bad: Form[] = [{ due: '29/02/2027' }, { due: '01/01/1999' }, { repeat: 'quy', due: '01/01/2027' }, { repeat: 'nam-ngay', day: '31/04' }, {}];
    for (const form of bad) {
      expect(() => timeFields(form), JSON.stringify(form)).toThrow(EditRefused);
    }
  });

  it('time: a monthly, quarterly or semiannual period takes a day (and the month of the period); empty is the period end', () => {
    expect(timeFields({ repeat: 'thang', day: '25' })).toEqual({ due: null, recurrence: { freq: 'monthly', day: 25 } });
    expect(timeFields({ repeat: 'thang', day: '' })).toEqual({ due: null, recurrence: { freq: 'monthly' } });
    expect(timeFields({ repeat: 'quy', day: '15/3' })).toEqual({ due: null, recurrence: { freq: 'quarterly', month: 3, day: 15 } });
    expect(timeFields({ repeat: 'quy', day: '10' })).toEqual({ due: null, recurrence: { freq: 'quarterly', month: 3, day: 10 } });
    expect(timeFields({ repeat: 'sau-thang', day: '15/6' })).toEqual({ due: null, recurrence: { freq: 'semiannual', month: 6, day: 15 } });
    for (const form of [{ repeat: 'thang', day: '32' }, { repeat: 'thang', day: '5/1' }, { repeat: 'quy', day: '15/4' }, { repeat: 'sau-thang', day: '0/6' }, { repeat: 'quy', day: 'cuối' }]) {
      expect(() => timeFields(form), JSON.stringify(form)).toThrow(/Ngày trong kỳ .* không hợp lệ/);
    }
    expect([dayValue({ freq: 'monthly', day: 25 }), dayValue({ freq: 'quarterly', month: 3, day: 15 }), dayValue({ freq: 'yearly', month: 11, day: 5 }), dayValue({ freq: 'quarterly' })]).toEqual(['25', '15/3', '05/11', '']);
    expect([repeatValue({ freq: 'quarterly', month: 3, day: 15 }), repeatValue({ freq: 'yearly', month: 11, day: 5 })]).toEqual(['quy', 'nam-ngay']);
  });
});
