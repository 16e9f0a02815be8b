/**
 * Notices (thông báo): one path for chat `/thongbao` and the web console's Thông báo page. A
 * notice is an announcement tracked like a deadline: it is stored, audited, and its message (with
 * the "Đã nhận" / "Đã hoàn thành" buttons) is queued for every chat of the chosen units. The
 * caller queues the returned sends (chat: in the update's unit of work; web: through the outbox
 * sender once the notice is written).
 */
import { announcementDeadline } from './catalog.js';
import { confirmButtons, type UnitStatus } from './confirm.js';
import type { Content, Deadline } from './content.js';
import { formatDayLong, type Day } from './dates.js';
import type { AnnouncementPort, AuditEntry, AuditPort, QueuedSend } from './ports.js';
import type { Announcement, Person } from './records.js';
import { squash, truncate } from './text.js';
import type { ChatRef, Outgoing } from './types.js';

/** Longest notice text (characters): one chat message on every channel. */
export const MAX_ANNOUNCEMENT = 2000;

/** The office's name, as a notice is signed. */
export function officeName(content: Pick<Content, 'org' | 'unit'>): string {
  return content.unit(content.org.officeUnit)?.name ?? content.org.officeUnit;
}

/** The notice as a unit's chat sees it, with the buttons that still apply to a unit in `status`. */
export function noticeMessage(a: Announcement, office: string, d: Deadline, status: UnitStatus): Outgoing {
  const occurrence = d.due!;
  const next =
    status === 'xong'
      ? '✔️ Đơn vị đã báo hoàn thành.'
      : status === 'nhan'
        ? a.due
          ? '✅ Đơn vị đã nhận. Khi xong, bấm "✔️ Đã hoàn thành" hoặc trả lời tin này "xong".'
          : '✅ Đơn vị đã nhận.'
        : `Bấm "✅ Đã nhận" hoặc trả lời tin này "đã nhận"${a.due ? '; khi xong: "xong"' : ''}.`;
  const buttons = confirmButtons(d, occurrence, status);
  return {
    text: [`📢 THÔNG BÁO ${a.id} từ ${office}`, '', a.text, '', ...(a.due ? [`📅 Hạn: ${formatDayLong(a.due)}`] : []), next].join('\n'),
    buttons: buttons.length ? buttons : undefined,
    ref: { deadline: a.id, occurrence, view: 'notice' },
  };
}

/** What a notice is made of, once its units are known (unit codes, in the org's order). */
export interface NoticeDraft {
  text: string;
  units: string[];
  /** Its due date, or null: only "đã nhận" is asked. */
  due: Day | null;
}

/** Why a notice cannot be made (Vietnamese, for chat and the web alike), or undefined. */
export function noticeProblem(draft: Pick<NoticeDraft, 'text' | 'due'>, today: Day): string | undefined {
  if (draft.due && draft.due < today) return 'Ngày hạn đã qua.';
  if (!squash(draft.text)) return 'Thiếu nội dung thông báo.';
  if (draft.text.length > MAX_ANNOUNCEMENT) return `Nội dung dài quá ${MAX_ANNOUNCEMENT} ký tự.`;
  return undefined;
}

export interface NoticeDeps {
  content: Pick<Content, 'org' | 'unit'>;
  announcements: Pick<AnnouncementPort, 'addAnnouncement'>;
  audit: Pick<AuditPort, 'record'>;
  /** The chats of a unit Loa sends to (on the running channels). */
  chatsOf(unit: string): Promise<ChatRef[]>;
}

export interface NoticeMade {
  announcement: Announcement;
  /** The message for each chat of the chosen units, to queue in the outbox. */
  sends: QueuedSend[];
  /** Units without a chat: they do not get it. */
  without: string[];
}

/**
 * Makes a notice (a checked {@link NoticeDraft}): stores the announcement and its audit line
 * (`announce`), and builds its message for each chat of its units. Run it inside the caller's
 * unit of work; queue `sends` as the caller's delivery path wants.
 */
export async function createNotice(deps: NoticeDeps, draft: NoticeDraft, by: { person: Person; actor: AuditEntry['actor'] }, today: Day): Promise<NoticeMade> {
  const { text, units, due } = draft;
  const a = await deps.announcements.addAnnouncement({ text, units, day: today, due, by: by.person });
  await deps.audit.record({ actor: by.actor, action: 'announce', subject: a.id, detail: { units: units.length, due, text: truncate(squash(text), 200) } });
  const office = officeName(deps.content);
  const message = noticeMessage(a, office, announcementDeadline(a, office), 'chua');
  const sends: QueuedSend[] = [];
  const without: string[] = [];
  for (const unit of units) {
    const chats = await deps.chatsOf(unit);
    if (chats.length === 0) without.push(unit);
    for (const chat of chats) sends.push({ chat, out: message });
  }
  return { announcement: a, sends, without };
}
