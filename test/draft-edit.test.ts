/** One path for a staged plan's draft: /gan's mapping and the review page's changes, at once, are all kept, each with its audit line. */
import { describe, expect, it } from 'vitest';
import { EditRefused } from '../src/core/content-editor.js';
import { storeFactories } from './stores.js';
import { planText, setUp } from './web-plan-fixture.js';

const TEXT = planText().replace('4. Tổ chức hội nghị tổng kết', '4. Sở Tư pháp tổ chức hội nghị tổng kết');
const BY = { id: 'admin', name: 'Quản trị viên' };

describe.each(storeFactories)('draft changes on the $name store', (store) => {
  it('a /gan mapping and two page changes made at once are all kept, each audited once', async () => {
    const { imports, draft, audited } = await setUp(undefined, store);
    const staged = await imports.prepare('ke-hoach.txt', Buffer.from(TEXT));
    const id = staged.result.plan.deadlines[3]!.id;
    await imports.review(staged.code);
    const [mapped, slogan, title] = await Promise.all([
      imports.mapPhrase(staged.code, 'Sở Tư pháp', ['VP'], BY),
      imports.editDraft(staged.code, BY, (plan) => {
        (plan.slogans as string[]).push('Pháp luật vì dân');
        return { what: 'slogan-add', before: null, after: 'Pháp luật vì dân' };
      }),
      imports.editDraft(staged.code.toLowerCase(), BY, (plan) => {
        const before = plan.title;
        plan.title = 'Tên mới của kế hoạch';
        return { what: 'title', before, after: plan.title };
      }),
    ]);
    expect(mapped).toMatchObject({ phrase: 'Sở Tư pháp', changed: [id], removed: [], left: [] });
    expect(slogan).toMatchObject({ done: { what: 'slogan-add' } });
    expect(title).toMatchObject({ done: { what: 'title' } });
    const plan = (await draft(staged.code))!.plan as { title: string; slogans: string[]; deadlines: Array<{ id: string; assignees: string[] }> };
    expect(plan.title).toBe('Tên mới của kế hoạch');
    expect(plan.slogans).toContain('Pháp luật vì dân');
    expect(plan.deadlines.find((d) => d.id === id)!.assignees).toEqual(['VP']);
    const lines = await audited('plan-draft-edit');
    expect(lines.map((l) => l.detail?.what).sort()).toEqual(['map-unit', 'slogan-add', 'title']);
    expect(lines.every((l) => l.subject === staged.code)).toBe(true);
    expect(lines.find((l) => l.detail?.what === 'map-unit')).toMatchObject({ actor: BY, detail: { what: 'map-unit', before: 'Sở Tư pháp', after: { unit: 'VP', deadlines: [id], removed: [] } } });
  });

  it('a refused change, a draft that breaks the plan rules and a code not waiting change nothing and audit nothing', async () => {
    const { imports, draft, audited } = await setUp(undefined, store);
    const staged = await imports.prepare('ke-hoach.txt', Buffer.from(TEXT));
    const before = (await imports.review(staged.code))!.draft;
    const refused = await imports.editDraft(staged.code, BY, () => {
      throw new EditRefused('Không có hạn H99 trong kế hoạch này.');
    });
    expect(refused).toEqual({ refused: 'Không có hạn H99 trong kế hoạch này.' });
    const twice = await imports.editDraft(staged.code, BY, (plan) => {
      const list = plan.deadlines as Array<{ id: string }>;
      list[1]!.id = list[0]!.id;
      return { what: 'deadline-edit', before: null, after: null };
    });
    expect(twice).toEqual({ refused: `Không lưu được: mã hạn ${staged.result.plan.deadlines[0]!.id} bị trùng.` });
    expect(await imports.editDraft('I999', BY, () => ({ what: 'title', before: null, after: null }))).toEqual({ gone: 'I999' });
    expect(await imports.mapPhrase('I999', 'Sở Tư pháp', ['VP'], BY)).toBeUndefined();
    expect(await draft(staged.code)).toEqual(before);
    expect(await audited('plan-draft-edit')).toEqual([]);
  });
});
