/**
 * A plan in the genre as a PDF (see pdf-fixture.ts): Sở KH&CN Lào Cai's "Tuyên truyền cải cách
 * hành chính năm 2027", its task table on the second page, one time cell wrapped
 * (`Trước ngày` / `20/10/2027`), the signature beside "Nơi nhận".
 */
import type { Block } from './pdf-fixture.js';

export const TABLE = [
  ['STT', 'Nội dung', 'Đơn vị chủ trì', 'Thời gian'],
  ['1', 'Xây dựng chuyên mục cải cách hành chính trên Cổng thông tin điện tử của Sở', 'Trung tâm Thông tin và Thống kê', 'Trước 31/3/2027'],
  ['2', 'Cập nhật, niêm yết công khai thủ tục hành chính tại Bộ phận một cửa', 'Chi cục TĐC', 'Thường xuyên'],
  ['3', 'Tổ chức Hội thi tìm hiểu về cải cách hành chính cho đoàn viên thanh niên', 'Chi đoàn Thanh niên', 'Trước ngày 20/10/2027'],
  ['4', 'Tổng hợp, báo cáo kết quả tuyên truyền cải cách hành chính năm 2027', 'Văn phòng Sở', 'Trước 15/11/2027'],
];

export const PLAN_BLOCKS: Block[] = [
  { left: ['UBND TỈNH LÀO CAI', 'SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Số: 31/KH-SKHCN'], right: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Lào Cai, ngày 08 tháng 01 năm 2027'] },
  { center: 'KẾ HOẠCH' },
  { center: 'Tuyên truyền cải cách hành chính năm 2027' },
  { p: 'Căn cứ Kế hoạch số 12/KH-UBND ngày 04/01/2027 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2027, Sở Khoa học và Công nghệ xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2027 như sau:' },
  { p: 'I. MỤC ĐÍCH, YÊU CẦU' },
  { p: '1. Nâng cao nhận thức của công chức, viên chức và người dân về cải cách hành chính, góp phần xây dựng nền hành chính phục vụ, chuyên nghiệp, hiện đại, lấy người dân và doanh nghiệp làm trung tâm.' },
  { p: '2. Công tác tuyên truyền bảo đảm thiết thực, hiệu quả, gắn với nhiệm vụ chuyên môn của từng đơn vị.' },
  { p: 'II. NỘI DUNG VÀ PHÂN CÔNG THỰC HIỆN' },
  { page: true },
  { table: TABLE, widths: [35, 215, 130, 100] },
  { p: 'III. TỔ CHỨC THỰC HIỆN' },
  { p: '1. Các phòng, đơn vị thuộc Sở căn cứ Kế hoạch này triển khai thực hiện; báo cáo kết quả về Văn phòng Sở trước ngày 20/11/2027.' },
  { p: '2. Văn phòng Sở theo dõi, đôn đốc việc thực hiện, tổng hợp báo cáo Giám đốc Sở.' },
  { left: ['Nơi nhận:', '- UBND tỉnh (b/c);', '- Giám đốc, các PGĐ Sở;', '- Lưu: VT, VP.'], right: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', '', 'Hoàng Văn Minh'] },
];
