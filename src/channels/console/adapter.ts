/**
 * The console chat: the bot in a terminal, or piped (each input line is one message; the
 * adapter finishes at end of input). Buttons print as numbered choices; typing the number
 * presses one. A plain reply ("đã nhận", "xong") answers the last message about a deadline,
 * as a reply would in a group chat. `/tep <đường dẫn> [chú thích]` sends a local file, as a unit
 * sends a report into its chat.
 */
import { randomUUID } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { ChatRef, Incoming, Outgoing } from '../../core/types.js';
import type { ChannelAdapter, SendResult } from '../types.js';
import { expandPath, isFileLine, localAttachment, parseFileLine } from './file-line.js';
import { fileToIncoming, lineToIncoming, renderOutgoing, type ConsoleIdentity, type ConsoleState } from './map.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  identity: ConsoleIdentity;
  /** Printed once at start. */
  banner: string;
  /** Show a prompt and skip echoing input (true for a terminal). */
  interactive: boolean;
  /** How another chat is named when a message goes there (never an internal key). */
  describe?: (chat: ChatRef) => string | Promise<string>;
}

export interface ConsoleAdapter extends ChannelAdapter {
  /** Resolves when input ends (Ctrl+D, end of pipe, /thoat) and the last message was answered. */
  readonly finished: Promise<void>;
}

const PROMPT = 'Bạn › ';

export function createConsoleAdapter(options: ConsoleOptions): ConsoleAdapter {
  const { output, identity } = options;
  const session = randomUUID().slice(0, 8);
  let seq = 0;
  const state: ConsoleState = { lastButtons: [], lastRefMessage: undefined };
  let rl: Interface | undefined;
  let resolveFinished: () => void = () => undefined;
  const finished = new Promise<void>((r) => (resolveFinished = r));

  let closed = false;
  const print = (text: string) => {
    if (!closed) output.write(text + '\n');
  };
  // A reader that goes away (`| head`) ends the session quietly instead of crashing it.
  output.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
    rl?.close();
  });

  /** A `/tep` line as a message with its file; a bad path is told here and nothing goes to the engine. */
  async function fileIncoming(line: string): Promise<Incoming | undefined> {
    const parsed = parseFileLine(line);
    if (!parsed) return undefined;
    if ('error' in parsed) return void print(`⚠️ ${parsed.error}`);
    try {
      const file = await localAttachment(expandPath(parsed.path), parsed.path);
      return fileToIncoming(parsed.caption, file, identity, state);
    } catch (error) {
      return void print(`⚠️ ${(error as Error).message}`);
    }
  }

  return {
    name: 'console',
    maxMessageLength: 4096,
    finished,
    async start(onIncoming: (incoming: Incoming) => Promise<void>) {
      print(options.banner);
      rl = createInterface({ input: options.input, output: options.interactive ? output : undefined, terminal: options.interactive });
      const reader = rl;
      void (async () => {
        try {
          if (options.interactive) reader.setPrompt(PROMPT);
          if (options.interactive) reader.prompt();
          for await (const line of reader) {
            if (/^\s*\/(thoat|exit|quit)\s*$/i.test(line)) break;
            if (line.trim() === '') {
              if (options.interactive) reader.prompt();
              continue;
            }
            if (!options.interactive) print(`\n${PROMPT}${line}`);
            const incoming = isFileLine(line) ? await fileIncoming(line) : lineToIncoming(line, identity, state);
            if (incoming) await onIncoming(incoming);
            if (options.interactive) {
              print('');
              reader.prompt();
            }
          }
        } finally {
          reader.close();
          resolveFinished();
        }
      })();
    },
    async send(chat: ChatRef, out: Outgoing): Promise<SendResult> {
      const id = `${session}-${++seq}`;
      const own = chat.channel === identity.chat.channel && chat.chatId === identity.chat.chatId;
      const label = own || !options.describe ? undefined : await options.describe(chat);
      print(renderOutgoing(out, identity.chat, chat, label === undefined ? undefined : () => label));
      if (own) {
        if (out.buttons?.length) state.lastButtons = out.buttons;
        if (out.ref) state.lastRefMessage = id;
      }
      return { status: 'sent', messageId: id, chat };
    },
    async stop() {
      rl?.close();
    },
  };
}
