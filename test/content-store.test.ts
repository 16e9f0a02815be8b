/**
 * The org, units and plans live in the store (issue 12, item 5), on lowdb and PostgreSQL alike:
 * an edit through the content editor is seen in chat at once and kept across a restart; a bad
 * edit is refused in Vietnamese and changes nothing; a plan deleted in the store does not come
 * back from the data folder, a new plan file there is added at the next start, and a bad one
 * stops the start naming it; staged plans (with the office's draft) survive a restart.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ContentError } from '../src/core/content.js';
import { contentEditor, type EditRecord, type Raw } from '../src/core/content-editor.js';
import type { Stores } from '../src/core/ports.js';
import type { SeedReport } from '../src/store/content-seed.js';
import { DATA_DIR, harness, tempDir, type Harness } from './helpers.js';
import { storeFactories } from './stores.js';

const NOW = '2023-09-20T09:00:00+07:00';
const BY = { id: 'telegram:1001', name: 'Chánh Văn phòng' };

type Unit = { code: string; name: string; aliases: string[] };
type Deadline = { id: string; due: string | null; assignees: string[] };
const unitIn = (org: Raw, code: string) => (org.units as Unit[]).find((u) => u.code === code)!;
const deadlinesOf = (plan: Raw) => plan.deadlines as Deadline[];
const record = (subject: string, detail?: Record<string, unknown>): EditRecord => ({ action: 'test-edit', subject, detail });

/** A plan of its own (not in the sample data): one deadline for VP. */
function newPlan(id: string, deadline: string) {
  return {
    id,
    number: '7/KH-SKHCN',
    title: `Kế hoạch thử ${id}`,
    issuer: 'Sở Khoa học và Công nghệ',
    place: null,
    issued: '2023-09-01',
    deadlines: [{ id: deadline, task: `Báo cáo của kế hoạch ${id}`, due: '2023-10-15', recurrence: null, assignees: ['VP'], reportTo: null }],
  };
}

/** What the data folder added at the last open. */
function seedingOf(stores: Stores): SeedReport {
  const s = stores as Stores & { seeding?: SeedReport; migration?: SeedReport };
  const r = s.seeding ?? s.migration!;
  return { seeded: r.seeded, added: r.added };
}

describe.each(storeFactories)('content in the store ($name)', (factory) => {
  /** A bot over a fresh store, and how to restart it on the same store and data folder. */
  async function start() {
    const dir = tempDir();
    const h = await harness(NOW, { store: factory, dir });
    const restart = async (from: Harness) => {
      await from.stores.close();
      return harness(NOW, { store: factory, dir, dataDir: h.dataDir });
    };
    return { h, restart, editor: contentEditor(h.content, h.stores) };
  }

  it('seeds the org and the plans from the data folder at the first open, and only then', async () => {
    const { h, restart } = await start();
    expect(seedingOf(h.stores)).toEqual({ seeded: true, added: expect.arrayContaining([expect.objectContaining({ id: 'bac-giang-2023' })]) });
    expect(await h.stores.content.planText('bac-giang-2023')).toBe(readFileSync(join(DATA_DIR, 'plans', 'bac-giang-2023.txt'), 'utf8'));
    // org.json is only a seed: changed afterwards, it is not read again.
    const orgFile = join(h.dataDir, 'org.json');
    writeFileSync(orgFile, readFileSync(orgFile, 'utf8').replace('"Thanh tra Sở"', '"Thanh tra (tệp)"'));
    const again = await restart(h);
    expect(seedingOf(again.stores)).toEqual({ seeded: false, added: [] });
    expect(again.content.unit('TTRA')?.name).toBe('Thanh tra Sở');
    // Even gone, it is not missed.
    rmSync(orgFile);
    expect((await restart(again)).content.unit('TTRA')?.name).toBe('Thanh tra Sở');
  });

  it('a unit renamed through the editor is seen in chat at once, audited, and kept across a restart', async () => {
    const { h, editor, restart } = await start();
    const outcome = await editor.editOrg(BY, (org) => {
      const unit = unitIn(org, 'TTRA');
      const before = unit.name;
      unit.name = 'Thanh tra Sở KH&CN';
      return record('TTRA', { before, after: unit.name });
    });
    expect(outcome).toEqual({ ok: true });
    expect(await h.ask('/donvi')).toContain('TTRA — Thanh tra Sở KH&CN');
    expect((await h.stores.audit.recent(1))[0]).toMatchObject({ action: 'test-edit', subject: 'TTRA', actor: BY, detail: { before: 'Thanh tra Sở', after: 'Thanh tra Sở KH&CN' } });
    const again = await restart(h);
    expect(await again.ask('/donvi')).toContain('TTRA — Thanh tra Sở KH&CN');
    // The data folder is only the seed: never written.
    expect(readFileSync(join(h.dataDir, 'org.json'), 'utf8')).toBe(readFileSync(join(DATA_DIR, 'org.json'), 'utf8'));
  });

  it('refuses a bad edit with a Vietnamese reason and changes nothing: a duplicate alias, an unknown unit, a date not on the calendar', async () => {
    const { h, editor } = await start();
    const before = await h.stores.content.load();
    const bad: Array<[Promise<{ ok: boolean; message?: string }>, RegExp]> = [
      [editor.editOrg(BY, (org) => (unitIn(org, 'TTRA').aliases.push('văn phòng'), record('TTRA'))), /^Không lưu được: .*tên gọi "văn phòng" trùng với đơn vị VP/],
      [editor.editOrg(BY, (org) => ((org.units as Unit[]).push({ ...unitIn(org, 'VP') }), record('VP'))), /^Không lưu được: .*mã VP bị trùng/],
      [editor.editPlan(BY, 'bac-giang-2023', (plan) => (deadlinesOf(plan)[0]!.assignees.push('XYZ'), record('H8'))), /^Không lưu được: .*đơn vị "XYZ" không có/],
      [editor.editPlan(BY, 'bac-giang-2023', (plan) => ((deadlinesOf(plan)[0]!.due = '2023-02-30'), record('H8'))), /^Không lưu được: .*ngày không có trên lịch/],
      [editor.editPlan(BY, 'bac-giang-2023', (plan) => ((deadlinesOf(plan)[0]!.due = '30/09/2023'), record('H8'))), /^Không lưu được: .*ngày dạng YYYY-MM-DD/],
      [editor.editPlan(BY, 'khong-co', () => record('x')), /^Không có kế hoạch mã khong-co\.$/],
    ];
    for (const [edit, message] of bad) {
      const outcome = await edit;
      expect(outcome.ok).toBe(false);
      expect(outcome.message).toMatch(message);
    }
    expect(await h.stores.content.load()).toEqual(before);
    expect(await h.stores.audit.recent(10)).toEqual([]);
    expect(h.content.unit('TTRA')?.aliases).not.toContain('văn phòng');
    expect(h.content.deadline('H8')?.due).toBe('2023-09-25');
  });

  it('an ended plan no longer has deadlines in chat; a deleted plan does not come back from its file at a restart', async () => {
    const { h, editor, restart } = await start();
    expect(await h.ask('/deadline tatca')).toMatch(/H8 — .*[\s\S]*H12 — /);
    expect(await editor.editPlan(BY, 'bac-giang-2023', (plan) => ((plan.ended = '2023-09-20'), record('bac-giang-2023')))).toEqual({ ok: true });
    expect(await editor.deletePlan(BY, 'tay-ninh-2023')).toEqual({ ok: true });
    const listed = await h.ask('/deadline tatca');
    expect(listed).not.toMatch(/H8 — |H12 — /);
    expect(await h.ask('/kehoach')).toMatch(/Các kế hoạch \(4\)/);
    expect((await h.stores.audit.recent(1))[0]).toMatchObject({ action: 'plan-delete', subject: 'tay-ninh-2023' });

    const again = await restart(h);
    expect(seedingOf(again.stores).added).toEqual([]);
    expect(again.content.plans.map((p) => p.id)).not.toContain('tay-ninh-2023');
    expect(again.content.plans.find((p) => p.id === 'bac-giang-2023')?.ended).toBe('2023-09-20');
    expect(await again.ask('/deadline tatca')).toBe(listed);
    // Published again on purpose, it is back (and stays).
    const raw = JSON.parse(readFileSync(join(DATA_DIR, 'plans', 'tay-ninh-2023.json'), 'utf8')) as Raw;
    expect(await contentEditor(again.content, again.stores).addPlan(BY, raw, 'văn bản', record('tay-ninh-2023'))).toEqual({ ok: true });
    const third = await restart(again);
    expect(third.content.plans.map((p) => p.id)).toContain('tay-ninh-2023');
  });

  it('a plan file dropped into the data folder is added at the next start, with its text; one the store has is not read again', async () => {
    const { h, restart } = await start();
    writeFileSync(join(h.dataDir, 'plans', 'ke-hoach-moi.json'), JSON.stringify(newPlan('ke-hoach-moi', 'H90')));
    writeFileSync(join(h.dataDir, 'plans', 'ke-hoach-moi.txt'), 'KẾ HOẠCH thử');
    // A changed file of a plan the store has: the store's copy stays.
    const bgFile = join(h.dataDir, 'plans', 'bac-giang-2023.json');
    writeFileSync(bgFile, readFileSync(bgFile, 'utf8').replace('"2023-09-25"', '"2023-09-26"'));
    const again = await restart(h);
    expect(seedingOf(again.stores)).toEqual({ seeded: false, added: [{ id: 'ke-hoach-moi', file: join(h.dataDir, 'plans', 'ke-hoach-moi.json') }] });
    expect(await again.ask('/deadline tatca')).toMatch(/H90 — Báo cáo của kế hoạch ke-hoach-moi/);
    expect(await again.stores.content.planText('ke-hoach-moi')).toBe('KẾ HOẠCH thử');
    expect(again.content.deadline('H8')?.due).toBe('2023-09-25');
    // Added once: the next start adds nothing.
    expect(seedingOf((await restart(again)).stores).added).toEqual([]);
  });

  it('a bad plan file stops the start, naming it, and adds nothing; without it the start goes on', async () => {
    const { h, restart } = await start();
    const file = join(h.dataDir, 'plans', 'hong.json');
    const deadline = newPlan('hong', 'H91').deadlines[0]!;
    const cases: Array<[unknown, RegExp]> = [
      ['{ "id": "hong", ', /plans[/\\]hong\.json: không phải JSON hợp lệ/],
      [{ ...newPlan('hong', 'H91'), deadlines: [{ ...deadline, assignees: ['XYZ'] }] }, /hong\.json: deadlines\.0 \(H91\): đơn vị "XYZ" không có/],
      [newPlan('hong', 'H8'), /hong\.json: deadlines\.0: mã hạn H8 trùng với/],
      [{ ...newPlan('hong', 'H91'), ended: '2023-02-30' }, /hong\.json: ended: ngày không có trên lịch/],
    ];
    await h.stores.close();
    for (const [bad, message] of cases) {
      writeFileSync(file, typeof bad === 'string' ? bad : JSON.stringify(bad));
      const error = await restart(h).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContentError);
      expect((error as Error).message).toMatch(message);
    }
    rmSync(file);
    const fine = await restart(h);
    expect(seedingOf(fine.stores).added).toEqual([]);
    expect(fine.content.plans).toHaveLength(5);
  });

  it('keeps a staged plan and the office\'s draft across a restart; codes continue after it', async () => {
    const { h, restart } = await start();
    const { staged } = await h.stores.content.stagePlan({ text: 'KẾ HOẠCH <script>', summary: 'Tóm tắt', key: 'k-1' });
    expect(staged.code).toBe('I1');
    expect(await h.stores.content.updateStagedPlan('i1', { id: 'moi', title: 'Bản đã sửa', deadlines: [] })).toBe(true);
    await h.stores.content.stagePlan({ text: 'bỏ', summary: 'bỏ', key: 'k-2' });
    expect(await h.stores.content.discardStagedPlan('I2')).toBe(true);
    const again = await restart(h);
    expect(await again.stores.content.stagedPlans()).toEqual([
      { code: 'I1', text: 'KẾ HOẠCH <script>', summary: 'Tóm tắt', key: 'k-1', draft: { id: 'moi', title: 'Bản đã sửa', deadlines: [] }, at: new Date(NOW).toISOString() },
    ]);
    expect((await again.stores.content.stagedPlanOf('k-1'))?.code).toBe('I1');
    expect((await again.stores.content.stagePlan({ text: 'x', summary: 'x', key: 'k-3' })).staged.code).toBe('I3');
    expect((await again.stores.content.takeStagedPlan('I1'))?.draft).toEqual({ id: 'moi', title: 'Bản đã sửa', deadlines: [] });
    expect(await again.stores.content.takeStagedPlan('I1')).toBeUndefined();
    const third = await restart(again);
    expect((await third.stores.content.stagedPlans()).map((s) => s.code)).toEqual(['I3']);
  });

  it('two edits at once are both kept (the editor runs them one after the other)', async () => {
    const { h, editor, restart } = await start();
    const rename = (code: string, name: string) =>
      editor.editOrg(BY, (org) => {
        unitIn(org, code).name = name;
        return record(code);
      });
    const outcomes = await Promise.all([
      rename('TTRA', 'Thanh tra (mới)'),
      rename('VP', 'Văn phòng (mới)'),
      editor.editPlan(BY, 'bac-giang-2023', (plan) => ((plan.title = 'Tiêu đề mới'), record('bac-giang-2023'))),
      editor.deletePlan(BY, 'tay-ninh-2023'),
      rename('KHTC', 'Kế hoạch - Tài chính (mới)'),
    ]);
    expect(outcomes).toEqual(Array(5).fill({ ok: true }));
    const check = (names: Harness) => {
      expect(['TTRA', 'VP', 'KHTC'].map((c) => names.content.unit(c)?.name)).toEqual(['Thanh tra (mới)', 'Văn phòng (mới)', 'Kế hoạch - Tài chính (mới)']);
      expect(names.content.plans.find((p) => p.id === 'bac-giang-2023')?.title).toBe('Tiêu đề mới');
      expect(names.content.plans.map((p) => p.id)).not.toContain('tay-ninh-2023');
    };
    check(h);
    expect((await h.stores.audit.recent(10)).length).toBe(5);
    check(await restart(h));
  });
});

describe.skipIf(!storeFactories.some((f) => f.name === 'postgres'))('content edits on two replicas (postgres)', () => {
  it('edits made at once through two replicas are both kept (each holds the content lock from read to write)', async () => {
    const factory = storeFactories.find((f) => f.name === 'postgres')!;
    const dir = tempDir();
    const a = await harness(NOW, { store: factory, dir });
    const b = await harness(NOW, { store: factory, dir, dataDir: a.dataDir });
    const [ea, eb] = [contentEditor(a.content, a.stores), contentEditor(b.content, b.stores)];
    const rename = (editor: typeof ea, code: string, name: string) =>
      editor.editOrg(BY, (org) => {
        unitIn(org, code).name = name;
        return record(code);
      });
    const outcomes = await Promise.all([
      rename(ea, 'TTRA', 'Thanh tra (A)'),
      rename(eb, 'VP', 'Văn phòng (B)'),
      rename(ea, 'KHTC', 'Kế hoạch - Tài chính (A)'),
      rename(eb, 'QLKH', 'Quản lý Khoa học (B)'),
    ]);
    expect(outcomes).toEqual(Array(4).fill({ ok: true }));
    const source = await a.stores.content.load();
    const names = Object.fromEntries((source.org.raw as { units: Unit[] }).units.map((u) => [u.code, u.name]));
    expect([names.TTRA, names.VP, names.KHTC, names.QLKH]).toEqual(['Thanh tra (A)', 'Văn phòng (B)', 'Kế hoạch - Tài chính (A)', 'Quản lý Khoa học (B)']);
  });
});
