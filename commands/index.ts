/**
 * THE command table: parsing, /help, platform menus and aliases all come from here.
 * To add a command, write one module in this folder and add it to {@link commands}.
 */
import type { Command } from '../src/core/command.js';
import { fold } from '../src/core/text.js';
import { congbo, huybo } from './congbo.js';
import { dangky } from './dangky.js';
import { dangkyhd } from './dangkyhd.js';
import { deadline } from './deadline.js';
import { donvi } from './donvi.js';
import { gan } from './gan.js';
import { duyet, tuchoi } from './duyet.js';
import { help, start } from './help.js';
import { kehoach } from './kehoach.js';
import { khauhieu } from './khauhieu.js';
import { thongbao } from './thongbao.js';
import { tiendo } from './tiendo.js';
import { tonghop } from './tonghop.js';
import { web } from './web.js';
import { xacnhan } from './xacnhan.js';

export const commands: readonly Command[] = [start, help, khauhieu, deadline, kehoach, donvi, dangky, xacnhan, dangkyhd, tiendo, tonghop, thongbao, duyet, tuchoi, congbo, huybo, gan, web];

const NAME_RE = /^[a-z0-9_]{1,32}$/;

/** Fails loudly on a bad name or a duplicated alias (checked at start and in tests). */
export function validateCommands(table: readonly Command[]): void {
  const seen = new Map<string, string>();
  for (const cmd of table) {
    if (!NAME_RE.test(cmd.name)) throw new Error(`command name "${cmd.name}" must match ${NAME_RE}`);
    if (cmd.description.length < 3 || cmd.description.length > 256) {
      throw new Error(`command /${cmd.name}: description must be 3-256 characters`);
    }
    for (const alias of [cmd.name, ...cmd.aliases]) {
      const key = fold(alias);
      if (!key || /[\s@/]/.test(key)) throw new Error(`command /${cmd.name}: bad alias "${alias}"`);
      const owner = seen.get(key);
      if (owner) throw new Error(`alias "${alias}" of /${cmd.name} is already used by /${owner}`);
      seen.set(key, cmd.name);
    }
  }
}
