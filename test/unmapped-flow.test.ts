/** Nothing silently guessed, end to end: chat (summary → /congbo refused → /gan → published) and the review page (Publish refused 400 until mapped), on each store. */
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { createEngine } from '../src/core/dispatcher.js';
import { stagedMessage } from '../src/importer/service.js';
import { ADMIN, silentLogger } from './helpers.js';
import { storeFactories } from './stores.js';
import { planText, setUp } from './web-plan-fixture.js';

const TEXT = planText().replace('4. Tổ chức hội nghị tổng kết', '4. Sở Tư pháp tổ chức hội nghị tổng kết');

describe.each(storeFactories)('a unit phrase to map on the $name store', (store) => {
  it('chat: the summary lists it, /congbo refuses, /gan maps it, /congbo publishes', async () => {
    const { h, imports, audited } = await setUp(undefined, store);
    const staged = await imports.prepare('ke-hoach.txt', Buffer.from(TEXT));
    const message = stagedMessage(staged, h.content.org).text;
    const id = staged.result.plan.deadlines[3]!.id;
    expect(message).toContain(`🏷️ Cần gán đơn vị (1) trước khi công bố:\n- “Sở Tư pháp” (hạn ${id})`);
    expect(message.indexOf('🔎 Cần xem lại (1):')).toBeLessThan(message.indexOf('✔️ Chắc chắn (3):'));
    expect(message).toContain(`/gan ${staged.code} "Sở Tư pháp" MÃ_ĐƠN_VỊ`);
    const engine = createEngine({ content: h.content, stores: h.stores, clock: h.clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, imports });
    const chat = { channel: 'telegram' as const, chatId: ADMIN.id };
    const send = async (text: string) => (await engine.handle({ chat, chatType: 'private', user: ADMIN, text }, 4096)).map((o) => o.text).join('\n');
    const plans = h.content.plans.length;
    expect(await send(`/congbo ${staged.code}`)).toMatch(new RegExp(`^Không công bố ${staged.code}: Còn 1 cụm từ chưa gán đơn vị: “Sở Tư pháp” \\(hạn ${id}\\)`));
    expect(h.content.plans).toHaveLength(plans);
    expect(await send(`/gan ${staged.code} "Sở Tư pháp" XYZ`)).toMatch(/Không có đơn vị “XYZ”/);
    expect(await send(`/gan ${staged.code} "Sở Nội vụ" VP`)).toMatch(/Không gán được: Kế hoạch không có cụm từ “Sở Nội vụ”/);
    expect(await send(`/gan ${staged.code} “sở tư pháp” Văn phòng Sở`)).toBe(`✅ Đã gán “Sở Tư pháp” cho VP ở hạn ${id}.\nKhông còn cụm từ nào chưa gán. Công bố: /congbo ${staged.code}`);
    expect((await audited('plan-draft-edit'))[0]).toMatchObject({ subject: staged.code, detail: { what: 'map-unit', before: 'Sở Tư pháp' } });
    expect(await send(`/congbo ${staged.code}`)).toMatch(/^✅ Đã công bố kế hoạch/);
    expect(h.content.deadline(id)).toMatchObject({ assignees: ['VP'], confidence: 'cần xem lại' });
  });

  it('review page: confidence shown, Publish disabled and refused (400) until the phrase is mapped or its deadline removed', async () => {
    const { post, get, signIn, upload, draft } = await setUp(undefined, store);
    const admin = await signIn();
    expect((await upload('ke-hoach.txt', TEXT, admin)).status).toBe(303);
    const id = ((await draft('I1'))!.plan.deadlines as Array<{ id: string }>)[3]!.id;
    const page = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(page).toContain('<span class="tag warn">Cần xem lại</span>');
    expect(page).toContain('<span class="muted">Chắc chắn</span>');
    expect(page).toMatch(/Chưa công bố được: còn 1 cụm từ chưa gán đơn vị \(“Sở Tư pháp” \(hạn H\d+\)\)/);
    expect(page).toContain('class="primary" disabled>Công bố kế hoạch');
    const refused = await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/Chưa công bố được: Còn 1 cụm từ chưa gán đơn vị: “Sở Tư pháp”/);
    // Another change is still saved while the phrase waits; removing its deadline lets the plan be published.
    expect((await post('/ke-hoach/duyet/I1/khau-hieu/them', { csrf: admin.csrf, slogan: 'Pháp luật vì dân' }, admin.cookie)).status).toBe(303);
    expect((await post(`/ke-hoach/duyet/I1/han/${id}/xoa`, { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
    const after = await (await get('/ke-hoach/duyet/I1', admin.cookie)).text();
    expect(after).not.toContain(' disabled>Công bố kế hoạch');
    expect((await post('/ke-hoach/duyet/I1/cong-bo', { csrf: admin.csrf }, admin.cookie)).status).toBe(303);
  });
});
