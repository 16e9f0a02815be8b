/** A plan's registration forms in chat: `/kehoach` lists them, `/deadline H8` says how to hand the form in. */
import { describe, expect, it } from 'vitest';
import { harness } from './helpers.js';

describe('registration forms in chat', () => {
  it('/kehoach lists the plan\'s form with its columns count, deadline and command; a plan without one lists none', async () => {
    const h = await harness();
    const bacGiang = await h.ask('/kehoach bắc giang 2023');
    expect(bacGiang).toContain('📝 Mẫu đăng ký: Phụ lục II — Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023 (6 cột), nộp theo hạn H8: /dangkyhd H8');
    expect(await h.ask('/kehoach tây ninh')).not.toContain('📝');
  });

  it('/deadline H8 says the deadline has a form, its columns, and the two ways to fill it; H9 says nothing of a form', async () => {
    const h = await harness();
    const h8 = await h.ask('/deadline H8');
    expect(h8).toContain('📝 Hạn này có mẫu đăng ký: Phụ lục II — Đăng ký hoạt động triển khai hưởng ứng “Tháng Dân vận” năm 2023');
    expect(h8).toContain('Các cột (6): Tên nội dung, hoạt động; Thời gian tổ chức, triển khai; Quy mô, phạm vi triển khai; Đối tượng thực hiện hoặc đối tượng thụ hưởng; Mục tiêu hướng đến hoặc dự kiến kết quả đạt được; Ghi chú');
    expect(h8).toContain('Cách nộp: điền trong chat bằng /dangkyhd H8, hoặc gửi tệp .docx/.xlsx đã điền theo mẫu bằng cách trả lời tin này.');
    expect(await h.ask('/deadline H9')).not.toMatch(/mẫu đăng ký|dangkyhd/);
  });
});
