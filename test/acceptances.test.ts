/** Inputs Loa must not accept (issue 10, defect 11): absurd dates, broken Unicode. */
import { describe, expect, it } from 'vitest';
import { cleanInput } from '../src/core/text.js';
import { harness as openHarness } from './helpers.js';
import { storeFactories } from './stores.js';

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe.each(storeFactories)('on the $name store', (store) => {
  const harness = (now?: string) => openHarness(now, { store });

  describe('questionable acceptances', () => {
    it('refuses a confirmation for 31/12/9999, for a yearly deadline of a plan still running or ended', async () => {
      const h = await harness();
      await h.say('/dangky KHTC');
      for (const text of ['/xacnhan H2 xong 31/12/9999', '/xacnhan H5 xong 05/11/9999', '/xacnhan H5 05/11/2999']) {
        expect(await h.ask(text)).not.toMatch(/Đã ghi nhận/);
      }
      expect((await h.confirmationsOf('H2', '9999-12-31'))).toEqual([]);
      expect((await h.confirmationsOf('H5', '9999-11-05'))).toEqual([]);
      expect((await h.confirmationsOf('H5', '2999-11-05'))).toEqual([]);
    });
    it('never echoes a lone UTF-16 surrogate', async () => {
      const h = await harness();
      for (const text of ['/khauhieu \ud800abc', '/kehoach x\udc00y', '/deadline \ud83d', '/xacnhan H8\udfff', '\ud800 xin chào']) {
        const outs = await h.say(text, { chatType: 'private' });
        for (const o of outs) expect(LONE.test(o.text), `${JSON.stringify(text)} → ${JSON.stringify(o.text)}`).toBe(false);
      }
      expect(cleanInput('a\ud800b😀c\udc00')).toBe('ab😀c');
    });
  });
});
