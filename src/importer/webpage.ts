/**
 * A plan copied from a web page: the page's own lines are not part of the plan. Post
 * timestamps ("Thứ Năm, 09/07/2026 | 10:25"), "Tác giả:", "Nguồn tin:", view counters and share
 * links are dropped; after the plan's "KẾ HOẠCH", a "Tác giả:"/"Nguồn tin:" line or a list of
 * other posts ("Các tin khác", "Tin liên quan", with their dated links) ends the plan.
 */

/** A line that is only a post's date and time. */
const TIMESTAMP =
  /^(?:(?:Thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|Chủ\s+nhật)\s*[,-]?\s*)?(?:ngày\s+)?\d{1,2}\/\d{1,2}\/\d{4}\s*(?:[|,–-]\s*|lúc\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|SA|CH))?(?:\s*\(?GMT[+-]\d+\)?)?$/iu;
/** Page furniture: bylines, counters, share buttons. */
const PAGE_LINE = /^(?:Tác giả|Nguồn tin|Người đăng|Người viết|Ngày đăng|Đăng ngày|Cập nhật|Ngày cập nhật|Lượt xem|Số lượt xem|Lượt truy cập)\s*:|^(?:Chia sẻ|In bài viết|In trang|Gửi email|Bản in|Lên đầu trang|Quay lại|Về trang trước)$/iu;
/** What follows a post: its byline or the other posts. */
const PAGE_END = /^(?:Tác giả|Nguồn tin)\s*:|^(?:Các tin khác|Tin khác|Tin liên quan|Tin cùng chuyên mục|Bài viết liên quan|Các bài viết khác|Tin mới hơn|Tin cũ hơn|Tin đã đưa)\s*:?$/iu;

/** The lines of the plan, without the web page around it (other text is returned as it is). */
export function webPageBody(lines: readonly string[]): string[] {
  const start = lines.findIndex((l) => /^KẾ\s*HOẠCH\b/.test(l));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (start >= 0 && i > start && PAGE_END.test(line)) break;
    out.push(TIMESTAMP.test(line) || PAGE_LINE.test(line) ? '' : line);
  }
  return out;
}
