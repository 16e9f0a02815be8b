/**
 * A chat as the office reads it on a page: its title when Loa knows one, else its channel and the
 * unit it is bound to; never its internal key (`telegram:-100123` means nothing to people).
 */
import type { Content } from '../../core/content.js';
import type { ChatName } from '../../core/ports.js';

const CHANNELS: Record<string, string> = {
  telegram: 'Telegram',
  zalo: 'Zalo OA',
  zalobot: 'Zalo Bot',
  console: 'Dòng lệnh',
  web: 'Bảng điều khiển web',
};

/** The channel's name of a `channel:chatId` key. */
export function channelName(chat: string): string {
  const i = chat.indexOf(':');
  const channel = i < 0 ? chat : chat.slice(0, i);
  return Object.hasOwn(CHANNELS, channel) ? CHANNELS[channel]! : channel;
}

/** `Telegram · chat -100123`, `Bảng điều khiển web`: the channel and the platform's id, beside a name already shown. */
export function chatIdLabel(chat: string): string {
  const i = chat.indexOf(':');
  const name = channelName(chat);
  return i < 0 || chat.startsWith('web:') ? name : `${name} · chat ${chat.slice(i + 1)}`;
}

/**
 * `Telegram · “Tổ tuyên truyền”`, `Zalo OA · nhóm của Thanh tra Sở`, `Telegram · trò chuyện chưa rõ
 * tên`, or `Bảng điều khiển web` (a web stamp's chat is the signed-in person, named beside it).
 */
export function chatLabel(chat: string, names: ReadonlyMap<string, ChatName>, content: Content): string {
  const channel = channelName(chat);
  if (chat.startsWith('web:') || !chat.includes(':')) return channel;
  const known = names.get(chat);
  if (known?.title) return `${channel} · “${known.title}”`;
  if (known?.unit) return `${channel} · nhóm của ${content.unit(known.unit)?.name ?? known.unit}`;
  return `${channel} · trò chuyện chưa rõ tên`;
}
