/**
 * A report file whose download fails: the unit is told why in one sentence that ends properly,
 * asked to send again once (the platform's own reason already asks it), and nothing is stored.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../commands/index.js';
import { createEngine } from '../src/core/dispatcher.js';
import type { Attachment } from '../src/core/types.js';
import { createHandInFiles } from '../src/files/hand-in-files.js';
import { ImportError } from '../src/importer/errors.js';
import { views } from '../src/views.js';
import { ADMIN, harness, silentLogger, STAFF, UNIT_CHAT } from './helpers.js';

async function failedDownload(error: Error): Promise<{ text: string; stored: number }> {
  const h = await harness();
  await h.say('/dangky TTKHCN', { chat: UNIT_CHAT });
  const engine = createEngine({ content: h.content, stores: h.stores, clock: h.clock, commands, adminIds: [`telegram:${ADMIN.id}`], botUsername: 'LoaBot', logger: silentLogger, views, handInFiles: createHandInFiles() });
  const attachment: Attachment = { name: 'bao-cao.pdf', size: 1000, read: () => Promise.reject(error) };
  const [out, ...rest] = await engine.handle({ chat: UNIT_CHAT, chatType: 'group', user: STAFF, text: 'xong H8', attachment }, 4096);
  expect(rest).toEqual([]);
  const stored = (await h.stores.submissions.submissionsOf([{ deadline: 'H8', occurrence: '2023-09-25' }])).length + (await h.confirmationsOf('H8', '2023-09-25')).length;
  return { text: out!.text, stored };
}

describe('a hand-in whose download fails', () => {
  it('a network failure: a sentence of its own, then “send again”; nothing stored', async () => {
    expect(await failedDownload(new Error('socket hang up'))).toEqual({
      text: '⚠️ Loa không tải được tệp “bao-cao.pdf”: lỗi mạng hoặc nền tảng không trả tệp. Chưa có gì được lưu; vui lòng gửi lại.',
      stored: 0,
    });
  });

  it('the platform’s reason, which already asks to send again, is not followed by a second ask', async () => {
    expect(await failedDownload(new ImportError('Zalo không còn giữ tệp này (HTTP 404): hãy gửi lại tệp.'))).toEqual({
      text: '⚠️ Loa không tải được tệp “bao-cao.pdf”: Zalo không còn giữ tệp này (HTTP 404): hãy gửi lại tệp. Chưa có gì được lưu.',
      stored: 0,
    });
  });
});
