/**
 * What Loa records, as the core sees it: the domain types every store implements (the lowdb
 * schema and the PostgreSQL tables are two ways to keep them). Chats are `channel:chatId` keys.
 */
import type { Button, DeadlineRef } from './types.js';

/** One deadline occurrence. */
export interface OccurrenceKey {
  deadline: string;
  occurrence: string;
}

export interface Person {
  id: string;
  name: string;
}

/** Who did something, when, from which chat (`channel:chatId`). */
export interface Stamp {
  at: string;
  by: Person;
  chat: string;
}

/** A chat bound to a unit. */
export interface Binding {
  unit: string;
  at: string;
  by: Person;
  /** How people know the chat: the group's title, or the person of a private chat, when the channel said. */
  title?: string | undefined;
  /** When the chat last wrote to Loa (ISO), refreshed at most once an hour (see `core/activity.ts`). */
  lastActive?: string | undefined;
}

/** A binding as the console lists it: its chat, and since when and why the chat refuses messages. */
export interface BoundChat extends Binding {
  /** `channel:chatId`. */
  chat: string;
  inactive?: { at: string; reason: string } | undefined;
}

export interface RegistrationRequest {
  id: string;
  chat: string;
  chatType: 'private' | 'group';
  /** The group's title when the channel gave one, to name the chat to admins. */
  chatTitle?: string | undefined;
  unit: string;
  user: Person;
  at: string;
  status: 'pending' | 'approved' | 'rejected';
  decided?: Stamp | undefined;
}

export type DecideOutcome = 'done' | 'not-found' | 'already-decided';

export type ConfirmKind = 'nhan' | 'xong';

/** A unit's confirmation of one deadline occurrence: received, and maybe completed. */
export interface Confirmation {
  deadline: string;
  occurrence: string;
  unit: string;
  received: Stamp;
  completed?: Stamp | undefined;
}

export interface ConfirmInput {
  deadline: string;
  occurrence: string;
  unit: string;
  kind: ConfirmKind;
  user: Person;
  chat: { channel: string; chatId: string };
}

export interface ConfirmResult {
  /** `new`: first confirmation; `upgraded`: received before, completed now; `unchanged`: nothing new. */
  outcome: 'new' | 'upgraded' | 'unchanged';
  confirmation: Confirmation;
}

/** A message waiting to be sent (a reply, a reminder, a notice), and how it ended. */
export interface OutboxRow {
  id: string;
  /** The reminder step it belongs to, if any. */
  key?: string | undefined;
  chat: string;
  text: string;
  buttons?: Button[] | undefined;
  ref?: DeadlineRef | undefined;
  /** `parked`: the channel keeps it to send later; it becomes `sent` once delivered. */
  status: 'pending' | 'sent' | 'parked' | 'undelivered';
  createdAt: string;
  doneAt?: string | undefined;
  messageId?: string | undefined;
}

/** A message a channel could not send for now (long rate limit, repeated errors): sent again later. */
export interface ParkedMessage {
  id: string;
  chat: string;
  text: string;
  buttons?: Button[] | undefined;
  ref?: DeadlineRef | undefined;
  reason: string;
  at: string;
  /** Not before this instant (ISO). */
  notBefore: string;
  /** The outbox row it was sent for: marked sent once the parked message is delivered. */
  outboxId?: string | undefined;
}

/** What happened to one planned reminder step (key: deadline@occurrence#unit#step). */
export interface ReminderRecord {
  status: 'queued' | 'skipped' | 'no-chat';
  at: string;
}

/** An announcement (/thongbao), tracked like a deadline. */
export interface Announcement {
  id: string;
  text: string;
  units: string[];
  /** The day it was made (its occurrence when it has no due date). */
  day: string;
  due: string | null;
  at: string;
  by: Person;
}

/** The Zalo OA token pair in use: a refresh token works once, so the newest pair is stored. */
export interface ZaloTokens {
  access: string;
  refresh: string;
  expiresAt: string;
  updatedAt: string;
}
