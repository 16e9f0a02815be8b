/**
 * `/gan I1 "Sở Tư pháp" VP`: maps a unit phrase of a plan waiting to be published (one the
 * importer could not map, listed as "cần gán đơn vị") to units of the organisation; `bo` instead
 * of units drops it, removing the deadlines it was the only unit of. The same change as the
 * review page's "Gán đơn vị", kept in the plan's draft with its audit line (by the import service,
 * in one unit of work under the content lock, as the page's changes are).
 */
import type { Command } from '../src/core/command.js';
import { actorOf, reply, usage } from '../src/core/command.js';
import { resolveAssignees } from '../src/core/org.js';
import { fold, squash, truncate } from '../src/core/text.js';

const DROP = new Set(['bo', 'xoa', 'xoahan', 'bohan']);

export const gan: Command = {
  name: 'gan',
  aliases: ['map', 'gandonvi'],
  description: 'Quản trị viên: gán cụm từ chưa rõ đơn vị trong kế hoạch chờ công bố cho đơn vị (hoặc bỏ các hạn của nó)',
  usage: '/gan MÃ_NHẬP "cụm từ" MÃ_ĐƠN_VỊ[, MÃ_ĐƠN_VỊ…] | bo',
  example: '/gan I1 "Sở Tư pháp" VP',
  adminOnly: true,
  async run(ctx) {
    const m = /^(\S+)\s+["“”'](.+?)["“”']\s*(.*)$/u.exec(squash(ctx.args));
    if (!m) return usage(this, 'Cần mã nhập (ví dụ I1), cụm từ trong ngoặc kép như trong bản tóm tắt, rồi mã đơn vị hoặc “bo”.');
    const [, code, phrase, target] = m as unknown as [string, string, string, string];
    if (!target.trim()) return usage(this, `Gán “${truncate(phrase, 60)}” cho đơn vị nào? Ghi mã đơn vị (xem /donvi) hoặc “bo” để bỏ các hạn của nó.`);
    if (!ctx.imports) return reply('Kênh này không nhận tệp kế hoạch.');
    let units: string[] = [];
    if (!DROP.has(fold(target).replace(/\s+/g, ''))) {
      const unknown: string[] = [];
      for (const part of target.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
        const codes = resolveAssignees(ctx.content.org, part);
        if (codes) units.push(...codes.filter((c) => !units.includes(c)));
        else unknown.push(part);
      }
      if (unknown.length) return reply(`Không có đơn vị ${unknown.map((u) => `“${truncate(u, 40)}”`).join(', ')}. Xem mã đơn vị bằng /donvi; đơn vị mới: tạo trên trang quản lý (/web).`);
    }
    let done;
    try {
      done = await ctx.imports.mapPhrase(code, phrase, units, actorOf(ctx.incoming));
    } catch (error) {
      if ((error as Error).name === 'ImportError') return reply(`Không gán được: ${(error as Error).message}`);
      throw error;
    }
    if (!done) return reply(`Không có kế hoạch chờ công bố mã “${truncate(code, 10)}” (có thể đã công bố hoặc bỏ).`);
    const upper = code.toUpperCase();
    const what = units.length
      ? `✅ Đã gán “${done.phrase}” cho ${units.join(', ')}${done.changed.length ? ` ở hạn ${done.changed.join(', ')}` : ''}.`
      : `🗑️ Đã bỏ “${done.phrase}”${done.removed.length ? `: xóa hạn ${done.removed.join(', ')}` : ''}${done.changed.length ? `${done.removed.length ? ';' : ':'} bỏ khỏi hạn ${done.changed.join(', ')}` : ''}.`;
    const left = done.left.length
      ? `Còn ${done.left.length} cụm từ chưa gán: ${done.left.map((l) => `“${l.phrase}” (hạn ${l.deadlines.join(', ')})`).join('; ')}. Gán tiếp: /gan ${upper} "${done.left[0]!.phrase}" MÃ_ĐƠN_VỊ`
      : `Không còn cụm từ nào chưa gán. Công bố: /congbo ${upper}`;
    return reply(`${what}\n${left}`);
  },
};
