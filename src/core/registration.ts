/**
 * Deciding a registration request, as chat `/duyet` / `/tuchoi` and the web's Đơn vị page both do:
 * the decision (binding the chat when approved) and its audit line, what the decider is told, and
 * the message for the chat that asked. The caller runs it in a unit of work and sends the message.
 */
import { chatLabel, thisChat } from './command.js';
import type { Content } from './content.js';
import { formatInstant } from './dates.js';
import type { AuditEntry, AuditPort, BindingPort, QueuedSend } from './ports.js';
import type { DecideOutcome, RegistrationRequest } from './records.js';
import { chatKey, parseChatKey, type ChatRef } from './types.js';

/** The chat a request is about, as people know it (its title, or the person of a private chat). */
export function requestPlace(r: RegistrationRequest): string {
  return chatLabel({ chatType: r.chatType, title: r.chatTitle, userName: r.user.name });
}

export interface RegistrationDecision {
  outcome: DecideOutcome;
  /** Absent when no request has that id. */
  request?: RegistrationRequest | undefined;
  /** What the decider is told (empty when not found: the caller says it its own way). */
  text: string;
  /** `✅ Đã duyệt — Hoa lúc 20/09/2023 09:00`: the line a request message gets once decided. */
  verdict: string;
  /** The message for the chat that asked (done, and decided from another chat). */
  notify?: QueuedSend | undefined;
}

export interface RegistrationDeps {
  bindings: Pick<BindingPort, 'decideRequest'>;
  audit: Pick<AuditPort, 'record'>;
  content: Content;
  zone: string;
}

/** Approves or rejects request `id` as `actor`, deciding from `byChat`; a decided one is left alone. */
export async function decideRegistration(deps: RegistrationDeps, id: string, approve: boolean, actor: AuditEntry['actor'], byChat: ChatRef): Promise<RegistrationDecision> {
  const { outcome, request } = await deps.bindings.decideRequest(id, approve, { id: actor.id, name: actor.name }, byChat);
  if (outcome === 'not-found' || !request) return { outcome: 'not-found', text: '', verdict: '' };
  const unitName = `${deps.content.unit(request.unit)?.name ?? request.unit} (${request.unit})`;
  const by = request.decided ? `${request.decided.by.name} lúc ${formatInstant(request.decided.at, deps.zone)}` : '';
  const verdict = `${request.status === 'approved' ? '✅ Đã duyệt' : '❌ Đã từ chối'} — ${by}`;
  if (outcome === 'already-decided') {
    const text = `Yêu cầu ${request.id} ${request.status === 'approved' ? 'đã được duyệt' : 'đã bị từ chối'} trước đó (${by}). Không có gì thay đổi.`;
    return { outcome, request, text, verdict };
  }
  await deps.audit.record({ actor, action: approve ? 'approve' : 'reject', subject: request.id, detail: { chat: request.chat, unit: request.unit } });
  const where = requestPlace(request);
  const text = approve ? `✅ Đã duyệt ${request.id}: ${where} thuộc ${unitName}.` : `❌ Đã từ chối ${request.id} (${where} → ${unitName}).`;
  const chat = parseChatKey(request.chat);
  let notify: QueuedSend | undefined;
  if (chat && request.chat !== chatKey(byChat)) {
    const here = thisChat({ chatType: request.chatType });
    notify = {
      chat,
      out: {
        text: approve
          ? `✅ Yêu cầu ${request.id} đã được duyệt: ${here} thuộc ${unitName}. Xem các hạn bằng /deadline.`
          : `❌ Yêu cầu ${request.id} (gắn với ${unitName}) không được duyệt. Liên hệ Văn phòng Sở nếu cần.`,
      },
    };
  }
  return { outcome, request, text, verdict, notify };
}
