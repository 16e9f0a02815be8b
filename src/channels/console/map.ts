/** Pure mapping for the console chat: a typed line → {@link Incoming}; {@link Outgoing} → printed text. */
import type { Attachment, Button, ChatRef, Incoming, Outgoing } from '../../core/types.js';

export interface ConsoleIdentity {
  chat: ChatRef;
  user: { id: string; name: string };
  /** The console stands for this unit's group chat. */
  title: string;
}

export interface ConsoleState {
  /** Buttons of the last message that had some: typing their number presses them. */
  lastButtons: Button[];
  /** Id of the last message about a deadline: a plain reply ("đã nhận") answers it. */
  lastRefMessage: string | undefined;
}

/** One typed line → an incoming message. A bare number presses a button of the last message. */
export function lineToIncoming(line: string, who: ConsoleIdentity, state: ConsoleState): Incoming {
  // The console stands for a unit's group chat in which every line is addressed to Loa.
  const base = { chat: who.chat, chatType: 'group' as const, direct: true, chatTitle: who.title, user: who.user };
  const trimmed = line.trim();
  if (/^\d{1,2}$/.test(trimmed)) {
    const button = state.lastButtons[Number(trimmed) - 1];
    if (button) return { ...base, text: '', buttonData: button.data };
  }
  if (!trimmed.startsWith('/') && state.lastRefMessage) {
    return { ...base, text: line, replyTo: state.lastRefMessage };
  }
  return { ...base, text: line };
}

/**
 * A file sent with `/tep`: the caption is its text and, like a plain reply, a caption that is not
 * a command (or none) answers the last message about a deadline: the file is "sent as a reply".
 */
export function fileToIncoming(caption: string, attachment: Attachment, who: ConsoleIdentity, state: ConsoleState): Incoming {
  const base = { chat: who.chat, chatType: 'group' as const, direct: true, chatTitle: who.title, user: who.user, text: caption, attachment };
  return !caption.trim().startsWith('/') && state.lastRefMessage ? { ...base, replyTo: state.lastRefMessage } : base;
}

/** How a message is printed: the text, then its buttons as numbered choices. */
export function renderOutgoing(out: Outgoing, own: ChatRef, target: ChatRef, describe?: (chat: ChatRef) => string): string {
  const lines: string[] = [];
  const elsewhere = target.channel !== own.channel || target.chatId !== own.chatId;
  lines.push(elsewhere ? `🔊 Loa → ${describe?.(target) ?? 'một nhóm chat khác'}:` : '🔊 Loa:');
  lines.push(out.text);
  if (out.buttons?.length) {
    const choices = out.buttons.map((b, i) => `[${i + 1}] ${b.label}`).join('   ');
    lines.push(elsewhere ? `   ${choices}` : `   ${choices}   (gõ số để chọn)`);
  }
  return lines.join('\n');
}
