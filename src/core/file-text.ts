/** How files are described to people: sizes with a decimal comma, kinds by name. */

/** "812 byte", "12,4 KB", "1,2 MB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'KB'] : [n / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace('.', ',').replace(/,0$/, '')} ${unit}`;
}

const KINDS: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word',
  'application/msword': 'Word 97–2003',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel',
  'application/vnd.ms-excel': 'Excel 97–2003',
  'application/vnd.oasis.opendocument.text': 'OpenDocument',
};

/** "PDF", "Word", "ảnh JPEG"… for a MIME type. */
export function fileKind(type: string): string {
  if (KINDS[type]) return KINDS[type];
  const image = /^image\/([a-z0-9.+-]+)$/i.exec(type);
  if (image) return `ảnh ${image[1]!.toUpperCase()}`;
  return type;
}

/**
 * A name a person gave, as Loa repeats it before the file is checked: its last path part, without
 * control or direction-changing characters, at most 80 characters ("tệp" when nothing is left).
 */
export function shownName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim().slice(0, 80);
  return clean || 'tệp';
}
