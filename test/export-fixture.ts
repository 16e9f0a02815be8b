/**
 * A small organisation with hostile names and two plans, and confirmations recorded through a
 * real store, for the export tests. Today is 10/05/2026 (Asia/Ho_Chi_Minh).
 */
import { buildContent, type Content } from '../src/core/content.js';
import type { Stores } from '../src/core/ports.js';
import { DATA_DIR, movableClock, tempDir } from './helpers.js';
import type { StoreFactory } from './stores.js';

export const NOW = '2026-05-10T10:00:00+07:00';
/** A unit name a spreadsheet would run as a formula. */
export const FORMULA_NAME = '=HYPERLINK("http://evil.example","bấm vào")';
/** A task with a comma, quotes, a line break, markup and a leading minus. */
export const HOSTILE_TASK = '-2+3 "Báo cáo", quý\n<script>alert(1)</script>';
export const SCRIPT_PERSON = '"><img src=x onerror=alert(1)>';

const org = {
  name: 'Sở Khoa học và Công nghệ tỉnh mẫu',
  shortName: 'Sở KH&CN',
  timezone: 'Asia/Ho_Chi_Minh',
  officeUnit: 'VP',
  units: [
    { code: 'VP', name: 'Văn phòng Sở', kind: 'phong', aliases: [] },
    { code: 'P1', name: FORMULA_NAME, kind: 'phong', aliases: [] },
    { code: 'P2', name: 'Phòng Quản lý chuyên ngành, "số 2"', kind: 'phong', aliases: [] },
  ],
};

const plan = (id: string, title: string, deadlines: unknown[]) => ({
  id,
  number: null,
  title,
  issuer: org.name,
  place: null,
  issued: '2026-01-05',
  deadlines,
});

export function exportContent(): Content {
  return buildContent('org.json', org, [
    {
      file: 'ke-hoach-2026.json',
      raw: plan('ke-hoach-2026', 'Kế hoạch tuyên truyền năm 2026', [
        { id: 'H1', task: 'Nộp báo cáo sơ kết', due: '2026-03-31', recurrence: null, assignees: ['VP', 'P1', 'P2'] },
        { id: 'H2', task: HOSTILE_TASK, due: null, recurrence: { freq: 'quarterly' }, assignees: ['P1', 'P2'] },
      ]),
    },
    {
      file: 'dan-van-2026.json',
      raw: plan('dan-van-2026', 'Kế hoạch dân vận khéo năm 2026', [
        { id: 'H3', task: '@Tổng hợp mô hình', due: '2026-06-30', recurrence: null, assignees: ['P2'] },
      ]),
    },
  ]);
}

/**
 * A store holding: P1 completed H1 (31/03/2026 06:30, Telegram), VP received H1 (Zalo OA),
 * P2 completed H2's first quarter (Zalo Bot, by {@link SCRIPT_PERSON}).
 */
export async function exportStore(factory: StoreFactory): Promise<Stores> {
  const clock = movableClock('2026-03-30T23:30:00Z');
  const stores = await factory.open(tempDir(), { clock, dataDir: DATA_DIR });
  const confirm = (deadline: string, occurrence: string, unit: string, kind: 'nhan' | 'xong', name: string, channel: string) =>
    stores.confirmations.confirm({ deadline, occurrence, unit, kind, user: { id: name, name }, chat: { channel, chatId: '-1' } });
  await confirm('H1', '2026-03-31', 'P1', 'xong', 'Nguyễn Văn An', 'telegram');
  clock.set('2026-04-01T02:05:00Z');
  await confirm('H1', '2026-03-31', 'VP', 'nhan', 'Trần Thị Bình', 'zalo');
  clock.set('2026-04-02T09:00:00Z');
  await confirm('H2', '2026-03-31', 'P2', 'xong', SCRIPT_PERSON, 'zalobot');
  return stores;
}
