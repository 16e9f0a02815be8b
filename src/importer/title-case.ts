/**
 * An appendix heading set in capitals ("ĐĂNG KÝ HOẠT ĐỘNG … \"THÁNG DÂN VẬN\" NĂM 2023") written
 * the way the plan writes its words in running text, so it does not shout in a chat: sentence
 * case, a name as the plan's body always writes it (“Tháng Dân vận”, Ngày Sách và Văn hóa đọc
 * Việt Nam), and a word the body always writes with capitals mid-sentence (Đảng, UBND, KH&CN). A heading with lower-case
 * letters is kept as written. Paired straight quotes become curly ones either way.
 */

const WORD = /[\p{L}\p{N}&]+/gu;
/** What comes before a word that starts a sentence or a quote, whose capital says nothing. */
const STARTER = /(?:^|[.!?:“"'(\-–•*#\t] *)$/u;
/** The plan text read for how it writes words: its first part (the body, where names are written). */
const MAX_LOOKUP_CHARS = 200_000;
/** Words of a heading looked up as names (a heading is a line or two). */
const MAX_TITLE_WORDS = 40;

/** Paired straight quotes as curly ones ("\"Tháng Dân vận\"" → "“Tháng Dân vận”"). */
function curly(text: string): string {
  return text.replace(/"([^"]{1,200})"/g, '“$1”');
}

/**
 * Each word as the body writes it mid-sentence, when it always does so with a capital (never in
 * lower case): lower case → its written form. One pass over the lines that are not shouting.
 */
function capitalWords(lines: readonly string[]): Map<string, string | null> {
  const seen = new Map<string, string | null>();
  let chars = 0;
  for (const line of lines) {
    if ((chars += line.length) > MAX_LOOKUP_CHARS) break;
    if (!/\p{Ll}/u.test(line)) continue;
    for (const m of line.matchAll(WORD)) {
      if (m.index === 0 || STARTER.test(line.slice(Math.max(0, m.index - 3), m.index))) continue;
      const lower = m[0].toLocaleLowerCase('vi');
      const known = seen.get(lower);
      if (lower === m[0]) seen.set(lower, null);
      else if (known === undefined) seen.set(lower, m[0]);
      else if (known !== m[0]) seen.set(lower, null);
    }
  }
  return seen;
}

/** How many occurrences of a phrase are looked at: the first few tell how the plan writes it. */
const MAX_OCCURRENCES = 20;
const MAX_PHRASE_WORDS = 8;

/**
 * `phrase` (lower case) as the body writes it as a name, with capitals inside ("Tháng Dân vận",
 * "Ngày Sách và Văn hóa đọc Việt Nam") at its first occurrences as whole words, none of them in
 * lower case; else undefined.
 */
function nameAsWritten(phrase: string, body: string, lowerBody: string): string | undefined {
  let name: string | undefined;
  let at = lowerBody.indexOf(phrase);
  for (let n = 0; at >= 0 && n < MAX_OCCURRENCES; n++, at = lowerBody.indexOf(phrase, at + 1)) {
    const whole = !/[\p{L}\p{N}]/u.test(lowerBody.charAt(at - 1)) && !/[\p{L}\p{N}]/u.test(lowerBody.charAt(at + phrase.length));
    const written = body.slice(at, at + phrase.length);
    if (!whole) continue;
    // Written in lower case too ("nhiệm vụ khoa học và công nghệ" beside "Sở Khoa học và Công nghệ"): words, not a name.
    if (written === phrase) return undefined;
    // A capital counts inside the phrase, or at its start when no sentence starts there ("“Tháng Dân vận”").
    const capital = /\p{Lu}/u.test(written.slice(1)) || (/^\p{Lu}/u.test(written) && at > 0 && body.charAt(at - 1) !== '\n' && !STARTER.test(body.slice(Math.max(0, at - 3), at)));
    if (/\p{Ll}/u.test(written) && capital) name ??= written;
  }
  return name;
}

/** How the plan writes its words: read once per import, and only when a heading shouts. */
export interface WordsOfPlan {
  capitals: Map<string, string | null>;
  body: string;
  lowerBody: string;
}

/** The plan's words for {@link shoutless}, read from `lines` on first use, then kept. */
export function wordsOfPlan(lines: readonly string[]): () => WordsOfPlan {
  let words: WordsOfPlan | undefined;
  return () => {
    if (words) return words;
    const body = lines.filter((l) => /\p{Ll}/u.test(l)).join('\n').slice(0, MAX_LOOKUP_CHARS);
    const lowerBody = body.toLocaleLowerCase('vi');
    return (words = { capitals: capitalWords(lines), body, lowerBody: lowerBody.length === body.length ? lowerBody : '' });
  };
}

/** Runs of words (the longest first, two at least) the body writes as names, written so. */
function namesAsWritten(text: string, { body, lowerBody }: WordsOfPlan): string {
  if (!lowerBody) return text;
  const words = [...text.matchAll(WORD)].slice(0, MAX_TITLE_WORDS).map((m) => ({ from: m.index, to: m.index + m[0].length }));
  let out = '';
  let done = 0;
  for (let i = 0; i < words.length; i++) {
    for (let last = Math.min(words.length, i + MAX_PHRASE_WORDS) - 1; last > i; last--) {
      const [from, to] = [words[i]!.from, words[last]!.to];
      const written = nameAsWritten(text.slice(from, to).toLocaleLowerCase('vi'), body, lowerBody);
      if (!written) continue;
      out += text.slice(done, from) + (from === 0 ? written.charAt(0).toLocaleUpperCase('vi') + written.slice(1) : written);
      done = to;
      i = last;
      break;
    }
  }
  return out + text.slice(done);
}

/** The heading not shouting (see the file's comment); `plan` tells how the plan writes its words. */
export function shoutless(title: string, plan: () => WordsOfPlan): string {
  const text = curly(title);
  if (/\p{Ll}/u.test(text) || !/\p{Lu}/u.test(text)) return text;
  const words = plan();
  let out = text.replace(WORD, (w) => {
    if (/\d/.test(w) || /^[IVX]{2,}$/.test(w)) return w;
    const lower = w.toLocaleLowerCase('vi');
    return words.capitals.get(lower) ?? lower;
  });
  out = out.charAt(0).toLocaleUpperCase('vi') + out.slice(1);
  return namesAsWritten(out, words);
}
