/** Reminders: the pure planner at fixed instants, the jobs and the outbox over a real temp store. */
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../src/core/catalog.js';
import { fixedClock } from '../src/core/clock.js';
import type { ChatRef, Outgoing } from '../src/core/types.js';
import type { ChannelAdapter } from '../src/channels/types.js';
import { jobsFor, planAt, queueReminders, type JobDeps } from '../src/scheduler/jobs.js';
import { createOutbox } from '../src/scheduler/outbox.js';
import { fire, taskOptions, validateJobs } from '../src/scheduler/timer.js';
import { createDelivery } from '../src/delivery/delivery.js';
import { DATA_DIR, sampleContent, silentLogger, tempDir } from './helpers.js';
import type { LowdbStores } from '../src/store/lowdb/stores.js';
import { storeFactories, type StoreFactory } from './stores.js';

const at = (local: string) => new Date(`${local}+07:00`);
const user = { id: '1', name: 'Cán bộ' };
const chatOf = (unit: string): ChatRef => ({ channel: 'fake', chatId: `g-${unit}` });

/** A channel that records what it is asked to send. */
function fakeChannel(): ChannelAdapter & { sent: Array<{ chat: string; out: Outgoing }> } {
  const sent: Array<{ chat: string; out: Outgoing }> = [];
  return {
    name: 'fake',
    maxMessageLength: 4096,
    sent,
    start: async () => undefined,
    send: async (chat, out) => {
      sent.push({ chat: chat.chatId, out });
      return { status: 'sent', messageId: String(sent.length), chat };
    },
    stop: async () => undefined,
  };
}

async function setupOn(bound = ['VP', 'TTKHCN', 'CCTDC'], dir = tempDir(), factory: StoreFactory = storeFactories[0]!) {
  const content = await sampleContent();
  const stores = await factory.open(dir, { clock: fixedClock(at('2023-09-01T00:00:00')), dataDir: DATA_DIR });
  for (const u of bound) if (!(await stores.bindings.bindingOf(chatOf(u)))) await stores.bindings.bind(chatOf(u), u, user);
  const channel = fakeChannel();
  const delivery = createDelivery({ channels: () => [channel], stores, notify: async () => undefined, logger: silentLogger });
  const outbox = createOutbox({ outbox: stores.outbox, delivery, channels: ['fake'], owner: 'test', logger: silentLogger });
  const deps: JobDeps = {
    content,
    stores,
    catalog: async () => catalogOf(content, await stores.announcements.announcements()),
    adminChats: [{ channel: 'fake', chatId: 'admin' }],
    logger: silentLogger,
    dispatch: () => outbox.dispatch(),
  };
  const reminders = jobsFor(content.org.schedule)[0]!;
  return { content, stores, channel, outbox, deps, run: (local: string) => reminders.run(deps, at(local)) };
}

const sendsFor = (steps: Awaited<ReturnType<typeof planAt>>, id: string) => steps.filter((s) => s.deadline.id === id && s.action === 'send');

const setup = (bound?: string[]) => setupOn(bound);

describe('planner', () => {
  it('reminds each responsible unit 3 days before the Bắc Giang deadline at 08:00', async () => {
    const { deps } = await setup();
    const steps = sendsFor(await planAt(deps, at('2023-09-22T08:00:00')), 'H8');
    expect(steps).toHaveLength(10);
    for (const s of steps) expect(s).toMatchObject({ step: 'd-3', daysLeft: 3, occurrence: '2023-09-25', kind: 'remind', received: false });
    expect(sendsFor(await planAt(deps, at('2023-09-22T07:59:59')), 'H8')).toEqual([]);
  });

  it('works across midnight: the day is the organisation day, not the server day', async () => {
    const { deps } = await setup();
    // 00:30 on 22/09 in Hà Nội is still 21/09 in UTC and New York.
    expect(sendsFor(await planAt(deps, at('2023-09-22T00:30:00')), 'H8')).toEqual([]);
    const tz = process.env.TZ;
    const plans: string[] = [];
    try {
      for (const zone of ['UTC', 'America/New_York', 'Asia/Ho_Chi_Minh']) {
        process.env.TZ = zone;
        plans.push(JSON.stringify((await planAt(deps, at('2023-09-25T08:00:00'))).map((s) => [s.key, s.action, s.daysLeft, s.fireAt.toISOString()])));
      }
    } finally {
      process.env.TZ = tz;
    }
    expect(new Set(plans).size).toBe(1);
    expect(plans[0]).toContain('"H8@2023-09-25#VP#d-0","send",0');
  });

  it('produces each occurrence of recurring deadlines inside their plan\'s period, across the year end', async () => {
    const { deps } = await setup();
    const dec = (await planAt(deps, at('2022-12-24T08:00:00'))).filter((s) => s.action === 'send');
    expect(new Set(dec.map((s) => `${s.deadline.id}@${s.occurrence}#${s.step}`))).toEqual(new Set(['H1@2022-12-31#d-7', 'H2@2022-12-31#d-7']));
    // The last occurrence of the Đắk Nông plan ("năm 2022") still gets its overdue steps and escalation in January.
    const jan = (await planAt(deps, at('2023-01-01T08:00:00'))).filter((s) => s.action === 'send');
    expect(jan.filter((s) => s.kind === 'remind').every((s) => s.step === 'd+1' && s.occurrence === '2022-12-31')).toBe(true);
    expect(jan.filter((s) => s.kind === 'remind')).toHaveLength(20);
    expect(jan.filter((s) => s.kind === 'escalate').map((s) => s.deadline.id).sort()).toEqual(['H1', 'H2']);
    const third = (await planAt(deps, at('2023-01-03T08:00:00'))).filter((s) => s.action === 'send' && s.kind === 'remind');
    expect(new Set(third.map((s) => s.step))).toEqual(new Set(['d+3']));
    // …and nothing after: no report due 30/06/2023 for a plan of 2022.
    expect((await planAt(deps, at('2023-06-23T08:00:00'))).filter((s) => s.deadline.id === 'H1')).toEqual([]);
    const nov = sendsFor(await planAt(deps, at('2024-11-02T08:00:00')), 'H5');
    expect(nov[0]).toMatchObject({ occurrence: '2024-11-05', step: 'd-3', daysLeft: 3 });
    expect(nov.map((s) => s.unit)).not.toContain('VP');
  });

  it('on today\'s clock every sample plan has ended: no reminder, no escalation, on any day of a year', async () => {
    const { deps } = await setup();
    for (let day = 0; day < 400; day += 1) {
      const now = new Date(at('2026-11-29T08:00:00').getTime() + day * 86_400_000);
      expect(await planAt(deps, now), now.toISOString()).toEqual([]);
    }
    // The Quảng Ngãi plan (2022–2025) reminded its last yearly report, 05/11/2025, and stops there.
    expect(sendsFor(await planAt(deps, at('2025-11-02T08:00:00')), 'H5')[0]).toMatchObject({ occurrence: '2025-11-05', step: 'd-3' });
    expect(sendsFor(await planAt(deps, at('2026-11-02T08:00:00')), 'H5')).toEqual([]);
  });
});

describe.each(storeFactories)('reminder jobs and the outbox on the $name store', (factory) => {
  const setup = (bound?: string[], dir?: string) => setupOn(bound, dir, factory);

  it('sends each reminder once even when the job fires twice', async () => {
    const { run, channel } = await setup();
    await run('2023-09-22T08:00:00');
    await run('2023-09-22T08:00:00');
    await run('2023-09-22T08:05:00');
    const h8 = channel.sent.filter((s) => s.out.ref?.deadline === 'H8');
    expect(h8.map((s) => s.chat).sort()).toEqual(['g-CCTDC', 'g-TTKHCN', 'g-VP']);
    const text = h8[0]!.out.text;
    expect(text).toMatch(/^⏰ Nhắc hạn H8 — còn 3 ngày/);
    expect(text).toMatch(/📅 Hạn: Thứ Hai, 25\/09\/2023/);
    expect(text).toMatch(/KH Bắc Giang, 09\/2023/);
    expect(text).toMatch(/⚠️ chưa xác nhận đã nhận/);
    expect(h8[0]!.out.buttons?.map((b) => b.label)).toEqual(['✅ Đã nhận', '✔️ Đã hoàn thành']);
  });

  it('tells the office which units have no chat', async () => {
    const { run, channel } = await setup();
    await run('2023-09-22T08:00:00');
    const notice = channel.sent.find((s) => s.chat === 'g-VP' && /không gửi được/.test(s.out.text))!;
    expect(notice.out.text).toMatch(/Nhắc hạn H8 .* không gửi được tới 7 đơn vị chưa có nhóm chat/);
    expect(notice.out.text).toContain('• TTRA — Thanh tra Sở');
  });

  it('resumes pending sends after a restart, each exactly once', async () => {
    const dir = tempDir();
    const first = await setup(undefined, dir);
    await queueReminders({ ...first.deps, dispatch: undefined }, at('2023-09-22T08:00:00'));
    await first.stores.flush?.();
    const pending = (await first.stores.outbox.outboxRows('pending')).length;
    expect(pending).toBeGreaterThan(0);
    // "Crash": a new process opens the same file and dispatches.
    const second = await setup(undefined, dir);
    const r = await second.outbox.dispatch();
    expect(r.sent).toBe(pending);
    expect(second.channel.sent).toHaveLength(pending);
    expect((await second.outbox.dispatch()).sent).toBe(0);
    await second.run('2023-09-22T08:00:00');
    expect(second.channel.sent).toHaveLength(pending);
  });

  it('after 3 days down sends one catch-up per reminder and records the missed steps as skipped', async () => {
    const { run, channel, stores } = await setup();
    await run('2023-09-18T08:00:00'); // d-7
    const before = channel.sent.filter((s) => s.chat === 'g-TTKHCN' && s.out.ref?.deadline === 'H8').length;
    await run('2023-09-25T09:30:00'); // down since 22/09: d-3 and d-1 missed
    const h8 = channel.sent.filter((s) => s.chat === 'g-TTKHCN' && s.out.ref?.deadline === 'H8');
    expect(h8.length - before).toBe(1);
    expect(h8.at(-1)!.out.text).toMatch(/Nhắc hạn H8 — hôm nay/);
    // Each step is recorded; only the last one queued a message (the others are skipped).
    const keys = ['d-3', 'd-1', 'd-0'].map((step) => `H8@2023-09-25#TTKHCN#${step}`);
    expect([...(await stores.outbox.recordedReminders(keys))].sort()).toEqual([...keys].sort());
    const queued = new Set((await stores.outbox.outboxRows()).map((r) => r.key));
    expect(keys.map((k) => queued.has(k))).toEqual([false, false, true]);
    if ('store' in stores) {
      const lowdb = (stores as LowdbStores).store;
      expect(lowdb.outbox.reminder(keys[0]!)?.status).toBe('skipped');
      expect(lowdb.outbox.reminder(keys[1]!)?.status).toBe('skipped');
      expect(lowdb.outbox.reminder(keys[2]!)?.status).toBe('queued');
    }
  });

  it('stops reminding a unit that completed, marks one that only received, and escalates the rest the day after', async () => {
    const { run, channel, stores } = await setup();
    await run('2023-09-22T08:00:00');
    await stores.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit: 'TTKHCN', kind: 'xong', user, chat: chatOf('TTKHCN') });
    await stores.confirmations.confirm({ deadline: 'H8', occurrence: '2023-09-25', unit: 'CCTDC', kind: 'nhan', user, chat: chatOf('CCTDC') });
    channel.sent.length = 0;
    await run('2023-09-24T08:00:00');
    const d1 = channel.sent.filter((s) => s.out.ref?.deadline === 'H8');
    expect(d1.map((s) => s.chat).sort()).toEqual(['g-CCTDC', 'g-VP']);
    const cctdc = d1.find((s) => s.chat === 'g-CCTDC')!.out;
    expect(cctdc.text).toMatch(/đã nhận, chưa báo hoàn thành/);
    expect(cctdc.buttons?.map((b) => b.label)).toEqual(['✔️ Đã hoàn thành']);
    channel.sent.length = 0;
    await run('2023-09-26T08:00:00');
    const esc = channel.sent.filter((s) => /^🚨 Hạn H8/.test(s.out.text));
    expect(esc.map((s) => s.chat).sort()).toEqual(['admin', 'g-VP']);
    expect(esc[0]!.out.text).toMatch(/9\/10 đơn vị chưa hoàn thành/);
    expect(esc[0]!.out.text).toMatch(/⏳ Chưa nhận \(8\): VP, TTRA, KHTC, QLKH, QLCN, TTTT, CDCS, CDTN/);
    expect(esc[0]!.out.text).toMatch(/✅ Đã nhận, chưa hoàn thành \(1\): CCTDC/);
    expect(esc[0]!.out.text).toMatch(/📵 Chưa có nhóm chat/);
    expect(channel.sent.some((s) => s.chat === 'g-TTKHCN' && s.out.ref?.deadline === 'H8')).toBe(false);
  });

  it('still sends when the timer fires 3 s late (an event-loop stall), and schedules with a tolerance', async () => {
    const { deps, channel, content } = await setup();
    const job = jobsFor(content.org.schedule)[0]!;
    await fire(job, deps, fixedClock(at('2023-09-22T08:00:03')));
    expect(channel.sent.filter((s) => s.out.ref?.deadline === 'H8')).toHaveLength(3);
    const opts = taskOptions(job, content.org.timezone, content.org.schedule.missedToleranceSec);
    expect(opts).toMatchObject({ timezone: 'Asia/Ho_Chi_Minh', noOverlap: true });
    expect(opts.missedExecutionTolerance).toBeGreaterThanOrEqual(60_000);
    expect(job.cron).toBe('0 8 * * *');
  });

  it('sends the weekly digest and the slogan of the day once', async () => {
    const { deps, channel, stores, content } = await setup();
    await stores.subscriptions.setSloganChat(chatOf('TTKHCN'), true, user);
    const [, slogan, digest] = jobsFor(content.org.schedule);
    await slogan!.run(deps, at('2023-09-22T07:30:00'));
    await slogan!.run(deps, at('2023-09-22T07:30:00'));
    expect(channel.sent.filter((s) => /Khẩu hiệu hôm nay/.test(s.out.text)).map((s) => s.chat)).toEqual(['g-TTKHCN']);
    // On today's clock the slogan of the day is never one of a past anniversary.
    for (let day = 0; day < 30; day++) await slogan!.run(deps, new Date(at('2026-11-29T07:30:00').getTime() + day * 86_400_000));
    const later = channel.sent.filter((s) => /Khẩu hiệu hôm nay/.test(s.out.text)).slice(1);
    expect(later).toHaveLength(30);
    for (const s of later) expect(s.out.text).not.toMatch(/Chào mừng|"/);
    await digest!.run(deps, at('2023-09-25T08:00:00'));
    const d = channel.sent.filter((s) => /Tổng hợp tuần/.test(s.out.text));
    expect(d.map((s) => s.chat)).toEqual(['g-VP']);
    expect(d[0]!.out.text).toMatch(/H8 — Đăng ký[\s\S]*⏳ Chưa nhận \(10\)/);
  });

  it('refuses a bad cron expression naming the entry', async () => {
    const content = await sampleContent();
    expect(() => validateJobs(jobsFor({ ...content.org.schedule, sloganCron: '99 7 * * *' }))).toThrow(/schedule\.sloganCron = "99 7 \* \* \*"/);
    expect(() => validateJobs(jobsFor(content.org.schedule))).not.toThrow();
  });
});
