/**
 * The engine: one entry for every channel. An {@link Incoming} goes through the command table
 * and comes back as {@link Outgoing} messages, split to the channel's size limit. Nothing a user
 * types escapes as an exception: each message has its own error boundary.
 */
import { activityDue, chatNameOf } from './activity.js';
import type { DeadlineView } from './command.js';
import { commandNames } from './command-names.js';
import { confirmDeadline, confirmationKind, typedConfirmation } from './confirm.js';
import { contextBuilder, type ContextDeps } from './context.js';
import { shownName } from './file-text.js';
import { applyFormAction, expiredText, openSession } from './form-chat.js';
import { parseFormAction } from './form-session.js';
import { handInFile, namedDeadline } from './hand-in-file.js';
import { cleanInput, fold, splitMessage } from './text.js';
import { occurrenceNow } from './occurrences.js';
import { writeFailureReason, writeFailureText } from './write-failure.js';
import { MAX_BUTTON_DATA_BYTES, chatKey, type Incoming, type Outgoing } from './types.js';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  /** Keeps a secret learnt while running (a refreshed token) out of the log, if this logger redacts. */
  addSecret?(secret: string): void;
}

/** The context's dependencies (content, ports, clock, commands, who is admin…), and the engine's own. */
export interface EngineDeps extends ContextDeps {
  /** Our bot's username where the channel does not give one; `/cmd@Other` is ignored, `/cmd@ThisName` is ours. */
  botUsername: string;
  logger: Logger;
  /** Channels running now; chats on others (a console chat in a bot's database) get no notices. All when absent. */
  channels?: readonly string[] | undefined;
  /** Renderers of deadline messages by view, to show a pressed message's new state. */
  views?: Readonly<Record<string, DeadlineView>> | undefined;
}

export interface Engine {
  /** Answers one incoming message or button press. Never throws. */
  handle(incoming: Incoming, maxLength: number): Promise<Outgoing[]>;
}

const COMMAND_RE = /^\/([^\s@/]+)(?:@(\S*))?(?:\s+([\s\S]*))?$/;

export const ERROR_TEXT = 'Xin lỗi, Loa gặp lỗi khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút.';

export function createEngine(deps: EngineDeps): Engine {
  const names = commandNames(deps.commands);
  const { catalog, bindingOf, context } = contextBuilder(deps);
  const messages = deps.stores.messages;

  /**
   * A button press on a deadline message: the pressed message is redrawn as it stands now (the
   * unit's new state, only the buttons that still apply), below which the channel adds `appendLine`.
   */
  async function redraw(incoming: Incoming, out: Outgoing): Promise<Outgoing> {
    // Only a press that changed something redraws (a repeated press leaves the message alone).
    if (!out.ack?.appendLine || incoming.replyTo === undefined) return out;
    const ref = await messages.messageRef(incoming.chat, incoming.replyTo);
    const view = ref?.view ? deps.views?.[ref.view] : undefined;
    const d = ref ? (await catalog()).get(ref.deadline) : undefined;
    // A message about an occurrence moved since shows it on its day now.
    const now = view && d && ref ? await view(await context(incoming, ''), d, occurrenceNow(d, ref.occurrence) ?? ref.occurrence) : undefined;
    return now ? { ...out, ack: { ...out.ack, text: now.text, buttons: now.buttons ?? [] } } : out;
  }

  /**
   * A file sent to the bot. For a deadline (its caption names one, or it answers a message about
   * one): the unit's hand-in. Otherwise, in a private chat, an admin's plan to import: it is read
   * off this update (a large file takes seconds) and the summary comes as its own message.
   */
  async function document(incoming: Incoming): Promise<Outgoing[]> {
    const file = incoming.attachment!;
    const ctx = await context(incoming, '');
    const named = await namedDeadline(incoming, ctx.catalog, messages);
    if (named && 'unknown' in named) return [{ text: `Không có hạn ${named.unknown}, nên tệp chưa được lưu. Xem mã các hạn: /deadline tatca` }];
    if (named) {
      if (!deps.handInFiles) return [{ text: 'Lần chạy này của Loa chưa nhận tệp báo cáo. Vui lòng báo Văn phòng Sở.' }];
      return handInFile(ctx, deps.handInFiles, named.d, named.occurrence, file);
    }
    if (incoming.chatType !== 'private' && incoming.direct !== true) return [];
    const hint =
      `📎 Loa chưa biết tệp “${file.photo && !file.name ? 'ảnh' : shownName(file.name)}” nộp cho hạn nào, nên chưa lưu. ` +
      'Gửi lại tệp kèm chú thích có mã hạn (ví dụ: xong H8), hoặc gửi tệp như một câu trả lời tin nhắn về hạn đó. Xem mã các hạn: /deadline';
    if (!ctx.isAdmin || file.photo) return [{ text: ctx.unit ? hint : 'Chỉ quản trị viên mới nhập được kế hoạch. Cần xem kế hoạch: /kehoach' }];
    if (!deps.imports) return [{ text: 'Kênh này chưa nhận tệp kế hoạch; dùng lệnh npm run cli -- import <tệp> trên máy chủ.' }];
    deps.imports.stage(incoming.chat, file);
    return [{ text: `⏳ Đang đọc tệp “${shownName(file.name)}”; Loa sẽ gửi bản tóm tắt khi đọc xong.` }];
  }

  async function route(incoming: Incoming, maxLength: number): Promise<Outgoing[]> {
    if (incoming.attachment) return document(incoming);
    const isButton = incoming.buttonData !== undefined;
    const raw = isButton ? incoming.buttonData ?? '' : incoming.text;
    if (isButton && (Buffer.byteLength(raw) > MAX_BUTTON_DATA_BYTES || !raw.startsWith('/'))) {
      return [{ text: 'Nút bấm này không còn hợp lệ. Gõ /help để xem các lệnh.' }];
    }
    const text = cleanInput(raw);
    // Every message is for Loa in a private chat, and in a chat that says so (the console).
    const isPrivate = incoming.chatType === 'private' || incoming.direct === true;
    const m = COMMAND_RE.exec(text);
    if (m) {
      const [, name = '', mention, args = ''] = m;
      const addressed = mention !== undefined && mention !== '';
      if (addressed && fold(mention) !== fold(incoming.botUsername ?? deps.botUsername)) return [];
      const cmd = names.get(name);
      if (!cmd) {
        if (!isPrivate && !addressed) return [];
        const meant = names.suggest(name, args);
        return [
          {
            text: `Loa không có lệnh /${name.slice(0, 32)}.${meant ? ` Có phải bạn muốn /${meant.name}?` : ''} Gõ /help để xem các lệnh.`,
          },
        ];
      }
      const ctx = await context(incoming, args.trim(), maxLength);
      if (cmd.adminOnly && !ctx.isAdmin) {
        return [{ text: `Lệnh /${cmd.name} chỉ dành cho quản trị viên của Loa. Cần dùng lệnh này, hãy liên hệ Văn phòng Sở.` }];
      }
      return cmd.run(ctx);
    }
    if (text.startsWith('/')) {
      return isPrivate ? [{ text: 'Lệnh không hợp lệ. Gõ /help để xem các lệnh.' }] : [];
    }
    return plainText(incoming, text, isPrivate);
  }

  async function plainText(incoming: Incoming, text: string, isPrivate: boolean): Promise<Outgoing[]> {
    // A person filling a form in this chat (/dangkyhd): any text of theirs is their answer. Forms
    // are filled only in a unit's chat, so an unbound chat (its binding already read for this
    // message) costs no read of the sessions.
    if (await bindingOf(incoming)) {
      const { session, expired } = await openSession({ incoming, now: deps.clock.now(), formSessions: deps.stores.formSessions });
      // A stale session is gone (and the person told); the message is then read as usual.
      if (expired) return [{ text: expiredText(expired) }, ...(await ordinaryText(incoming, text, isPrivate))];
      if (session) return applyFormAction(await context(incoming, ''), session, parseFormAction(text));
    }
    return ordinaryText(incoming, text, isPrivate);
  }

  async function ordinaryText(incoming: Incoming, text: string, isPrivate: boolean): Promise<Outgoing[]> {
    // "xong H12", "đã nhận H12": a code typed with the phrase names the deadline, whatever
    // message this answers (and works on channels without buttons or replies).
    const typed = typedConfirmation(text);
    if (typed) {
      const d = (await catalog()).get(typed.code);
      if (!d) return [{ text: `Không có hạn ${typed.code.toUpperCase()}. Xem mã các hạn: /deadline tatca` }];
      return confirmDeadline(await context(incoming, ''), d, typed.kind);
    }
    // A reply to one of our deadline messages: "đã nhận", "ok", "xong"...
    if (incoming.replyTo !== undefined) {
      const ref = await messages.messageRef(incoming.chat, incoming.replyTo);
      if (ref) {
        const kind = confirmationKind(text);
        const d = (await catalog()).get(ref.deadline);
        if (kind && d) return confirmDeadline(await context(incoming, ''), d, kind, ref.occurrence);
        if (d) {
          return [{ text: `Để xác nhận hạn ${d.id}, trả lời "đã nhận" hoặc "xong", hoặc gõ /xacnhan ${d.id} xong.` }];
        }
      }
    }
    if (!isPrivate) return [];
    return [{ text: 'Loa chỉ hiểu các lệnh bắt đầu bằng "/". Gõ /help để xem các lệnh.' }];
  }

  /**
   * A message from a bound chat: its last activity and title, at most once an hour (or when the
   * title changed). Run inside the update's unit of work (the durable router), it joins that
   * write; a chat that is not bound writes nothing.
   */
  async function noteActivity(incoming: Incoming): Promise<void> {
    const binding = await bindingOf(incoming);
    if (!binding) return;
    const now = deps.clock.now();
    const title = chatNameOf(incoming);
    if (activityDue(binding, now, title)) await deps.stores.bindings.noteActivity(incoming.chat, now.toISOString(), title);
  }

  /** Buttons must carry short ASCII data (Telegram allows 64 bytes); a bad one is a bug, logged and removed. */
  function checkButtons(out: Outgoing): Outgoing {
    if (!out.buttons) return out;
    const ok = out.buttons.filter((b) => /^[\x20-\x7e]+$/.test(b.data) && b.data.length <= MAX_BUTTON_DATA_BYTES);
    if (ok.length !== out.buttons.length) {
      deps.logger.error(`dropped ${out.buttons.length - ok.length} button(s) with data that is not short ASCII`);
    }
    return { ...out, buttons: ok.length ? ok : undefined };
  }

  return {
    async handle(incoming, maxLength) {
      try {
        await noteActivity(incoming);
        const routed = await route(incoming, maxLength);
        const first = routed[0];
        if (first && incoming.buttonData !== undefined) routed[0] = await redraw(incoming, first);
        const out = routed.map(checkButtons);
        return out.flatMap((o) =>
          splitMessage(o.text, maxLength).map((text, i, parts) =>
            // Buttons and the deadline reference go with the last part, where people reply.
            i === parts.length - 1 ? { ...o, text } : { chat: o.chat, text },
          ),
        );
      } catch (error) {
        const unsaved = writeFailureReason(error);
        if (unsaved !== undefined) {
          deps.logger.warn(`message from ${chatKey(incoming.chat)} not saved: ${(error as Error).message}`);
          return [{ text: writeFailureText(unsaved) }];
        }
        deps.logger.error(`message from ${chatKey(incoming.chat)} failed`, error);
        return [{ text: ERROR_TEXT }];
      }
    },
  };
}
