/**
 * The records `store copy` tests move: a lowdb file's data with every kind of record (the audit
 * log too, with Vietnamese text and hostile strings), and a canonical order to compare two copies.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixedClock } from '../src/core/clock.js';
import { emptyData, type StoreData } from '../src/store/schema.js';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'data');
export const clock = fixedClock(new Date('2024-03-05T02:00:00.000Z'));
export const an = { id: 'u1', name: 'Nguyễn Văn An' };
const at = (m: number) => new Date(Date.parse('2024-03-01T00:00:00.000Z') + m * 60_000).toISOString();

/** A lowdb file's data with every kind of record, in the shapes the store writes. */
export function sampleData(): StoreData {
  const d = emptyData();
  d.bindings = { 'telegram:-1001': { unit: 'VP', at: at(1), by: an, title: 'Nhóm "VP"', lastActive: at(20) }, 'zalo:u9': { unit: 'TC', at: at(2), by: an } };
  d.requests = [
    { id: 'R1', chat: 'telegram:-1001', chatType: 'group', chatTitle: 'Nhóm "VP"', unit: 'VP', user: an, at: at(0), status: 'approved', decided: { at: at(1), by: an, chat: 'telegram:9' } },
    { id: 'R3', chat: 'telegram:-2', chatType: 'group', unit: 'KH', user: an, at: at(3), status: 'pending' },
  ];
  d.confirmations = [
    { deadline: 'BG-1', occurrence: '2024-03-10', unit: 'VP', received: { at: at(4), by: an, chat: 'telegram:-1001' } },
    { deadline: 'BG-1', occurrence: '2024-03-10', unit: 'TC', received: { at: at(5), by: an, chat: 'zalo:u9' }, completed: { at: at(6), by: an, chat: 'zalo:u9' } },
  ];
  d.messages = [
    { chat: 'telegram:-1001', messageId: '10', deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder', at: at(7) },
    { chat: 'telegram:-1001', messageId: '11', deadline: 'BG-2', occurrence: '2024-03-11', at: at(8) },
  ];
  d.chats = { 'telegram:-3': { inactive: { at: at(9), reason: 'bot bị xóa khỏi nhóm' } } };
  d.parked = [{ id: 'P2', chat: 'telegram:-1001', text: 'đỗ', buttons: [{ label: 'Đã nhận', data: 'c:BG-1' }], ref: { deadline: 'BG-1', occurrence: '2024-03-10' }, reason: 'rate limit', at: at(10), notBefore: at(70), outboxId: 'O4' }];
  d.reminders = { 'BG-1@2024-03-10#VP#d-3': { status: 'queued', at: at(11) }, 'BG-1@2024-03-10#KH#d-3': { status: 'no-chat', at: at(11) } };
  d.outbox = [
    { id: 'O4', key: 'BG-1@2024-03-10#VP#d-3', chat: 'telegram:-1001', text: 'Nhắc: hạn BG-1', buttons: [{ label: 'Đã nhận', data: 'c:BG-1' }], ref: { deadline: 'BG-1', occurrence: '2024-03-10', view: 'reminder' }, status: 'parked', createdAt: at(11), doneAt: at(12) },
    { id: 'O5', chat: 'zalo:u9', text: 'Thông báo', status: 'sent', createdAt: at(12), doneAt: at(13), messageId: 'm-1' },
    { id: 'O6', chat: 'telegram:-1001', text: 'chờ', status: 'pending', createdAt: at(14) },
  ];
  d.sloganChats = { 'telegram:-1001': { at: at(15), by: an } };
  d.announcements = [{ id: 'T1', text: 'Họp "giao ban"\nthứ Hai', units: ['VP', 'T"C'], day: '2024-03-04', due: null, at: at(16), by: an }];
  d.updates = { 'telegram:100': at(17), 'zalo:abc': at(18) };
  d.zaloTokens = { access: 'acc', refresh: 'ref', expiresAt: '2024-03-05T03:00:00.000Z', updatedAt: at(19) };
  d.org = { file: 'org.json', raw: JSON.parse(readFileSync(join(DATA_DIR, 'org.json'), 'utf8')) };
  for (const id of ['bac-giang-2023', 'tay-ninh-2023']) {
    const raw = JSON.parse(readFileSync(join(DATA_DIR, 'plans', `${id}.json`), 'utf8'));
    d.plans[id] = { file: `plans/${id}.json`, raw, text: readFileSync(join(DATA_DIR, 'plans', `${id}.txt`), 'utf8'), updatedAt: at(20) };
  }
  d.deletedPlans = { 'dak-nong-2022': at(21) };
  d.contentRevision = 7;
  d.staged = { I2: { code: 'I2', text: 'Văn bản "kế hoạch"\nmới', summary: 'Tóm tắt', key: 'k-1', draft: { id: 'moi', title: 'Bản đã sửa', deadlines: [] }, at: at(22) } };
  d.seq = { request: 3, parked: 2, outbox: 6, announcement: 1, staged: 2, submission: 0 };
  d.audit = sampleAudit();
  return d;
}

/** Text the copy must carry as it is: Vietnamese (composed and decomposed), quotes, markup, emoji, line breaks. */
export const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'Sở "Khoa học"\n\\ Công nghệ\t🌾', 'Nguyễn'.normalize('NFD')] as const;

/** Audit entries as the store records them, oldest first: two at the same millisecond, one with no chat, one with no detail. */
export function sampleAudit(): StoreData['audit'] {
  return [
    { at: at(1), actor: { ...an, chat: 'telegram:9' }, action: 'approve', subject: 'R1', detail: { unit: 'VP', before: 'chờ duyệt', after: 'đã duyệt' } },
    { at: at(4), actor: { id: 'web:u2', name: HOSTILE[0], chat: 'web' }, action: 'confirm', subject: 'BG-1@2024-03-10#VP', detail: { note: HOSTILE[1], kind: 'nhận' } },
    {
      at: at(4),
      actor: { id: 'u3', name: HOSTILE[3], chat: '' },
      action: 'edit-org',
      subject: HOSTILE[1],
      detail: { before: { name: HOSTILE[2], units: ['VP', 'TC'] }, after: { name: 'Sở KH&CN' }, list: [1, 2.5, -3e-7, null, true, 'x'], empty: {}, [HOSTILE[0]]: HOSTILE[3] },
    },
    { at: at(21), actor: an, action: 'delete-plan', subject: 'dak-nong-2022' },
  ];
}

/** Records in a canonical order (maps by key, confirmations by their key), to compare two copies. */
export function canonical(d: StoreData): StoreData {
  const sortKeys = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  return {
    ...d,
    bindings: sortKeys(d.bindings),
    chats: sortKeys(d.chats),
    reminders: sortKeys(d.reminders),
    sloganChats: sortKeys(d.sloganChats),
    updates: sortKeys(d.updates),
    confirmations: [...d.confirmations].sort((a, b) => `${a.deadline}@${a.occurrence}#${a.unit}`.localeCompare(`${b.deadline}@${b.occurrence}#${b.unit}`)),
  };
}
