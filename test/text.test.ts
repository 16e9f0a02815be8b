import { describe, expect, it } from 'vitest';
import { cleanInput, fold, splitMessage, truncate } from '../src/core/text.js';

describe('fold', () => {
  it('removes Vietnamese diacritics and lower-cases', () => {
    expect(fold('Đã Nhận')).toBe('da nhan');
    expect(fold('KHẨU HIỆU')).toBe('khau hieu');
    expect(fold('hạn chót')).toBe('han chot');
  });
  it('treats decomposed (NFD) input like composed input', () => {
    expect(fold('nhận'.normalize('NFD'))).toBe(fold('nhận'));
  });
});

describe('cleanInput', () => {
  it('removes control characters and zero-width marks, keeps newlines', () => {
    expect(cleanInput('/khau\u0000hieu\u200b 1\u0007')).toBe('/khauhieu 1');
    expect(cleanInput('a\r\nb')).toBe('a\nb');
  });
  it('cuts very long input', () => {
    expect(cleanInput('x'.repeat(20_000)).length).toBe(4096);
  });
});

describe('splitMessage', () => {
  it('keeps short text whole', () => {
    expect(splitMessage('xin chào', 10)).toEqual(['xin chào']);
  });
  it('splits on paragraph boundaries first', () => {
    const text = ['a'.repeat(30), 'b'.repeat(30), 'c'.repeat(30)].join('\n\n');
    expect(splitMessage(text, 70)).toEqual(['a'.repeat(30) + '\n\n' + 'b'.repeat(30), 'c'.repeat(30)]);
  });
  it('never exceeds the limit and never loses words', () => {
    const words = Array.from({ length: 3000 }, (_, i) => `từ${i}${i % 17 === 0 ? '\n\n' : i % 5 === 0 ? '\n' : ' '}`).join('');
    for (const limit of [50, 100, 2000, 4096]) {
      const parts = splitMessage(words, limit);
      for (const p of parts) expect(p.length).toBeLessThanOrEqual(limit);
      expect(parts.join(' ').split(/\s+/).filter(Boolean)).toEqual(words.split(/\s+/).filter(Boolean));
    }
  });
  it('cuts a single huge word hard without splitting an emoji', () => {
    const parts = splitMessage('😀'.repeat(100), 51);
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(51);
      expect(p).not.toMatch(/[\ud800-\udbff]$/);
    }
    expect(parts.join('')).toBe('😀'.repeat(100));
  });
});

describe('truncate', () => {
  it('adds an ellipsis only when cut', () => {
    expect(truncate('abc', 5)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
