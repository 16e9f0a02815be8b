/**
 * `loa store copy --from NGUỒN --to ĐÍCH [--replace] [--schema TÊN]`: the command line of
 * {@link copyStore}. NGUỒN and ĐÍCH are a lowdb file path or a `postgres://` address.
 */
import { parseArgs } from 'node:util';
import type { Clock } from '../core/clock.js';
import { copyStore, CopyError, describeCopy, TargetNotEmptyError } from './copy.js';
import { MigrationError, StoreUnavailableError } from './postgres/index.js';

export const STORE_HELP = `  store copy --from NGUỒN --to ĐÍCH [--replace] [--schema TÊN]
                         chép toàn bộ dữ liệu giữa tệp (vd data/db.json) và PostgreSQL
                         (postgres://…), chiều nào cũng được, cả nhật ký thay đổi và các tệp
                         đơn vị đã nộp (thư mục FILES_DIR ↔ bảng files); kiểm tra số
                         bản ghi sau khi chép;
                         đích đã có dữ liệu thì từ chối, trừ khi có --replace
`;

/** A command line `store` cannot run: printed with {@link STORE_HELP}. */
export class StoreUsageError extends Error {
  override name = 'StoreUsageError';
}

/**
 * Runs `store <sub> …` and prints the outcome: the counts, or what went wrong in Vietnamese
 * (exit 1; 2 with the help for a bad command line). Other errors are thrown.
 */
export async function runStoreCommand(
  args: string[],
  options: { clock: Clock; dataDir: string; filesDir?: string | undefined; write: (text: string) => void; writeError: (text: string) => void },
): Promise<number> {
  try {
    const copy = { ...parseCopy(args), clock: options.clock, dataDir: options.dataDir, filesDir: options.filesDir };
    options.write(describeCopy(copy, await copyStore(copy)));
    return 0;
  } catch (error) {
    if (error instanceof StoreUsageError) {
      options.writeError(`Lỗi: ${error.message}\n\n${STORE_HELP}`);
      return 2;
    }
    if (error instanceof StoreUnavailableError) {
      options.writeError(`Lỗi: không kết nối được cơ sở dữ liệu PostgreSQL (${error.where}): ${error.reason}. Kiểm tra PostgreSQL đang chạy và địa chỉ đúng, rồi chạy lại lệnh.\n`);
      return 1;
    }
    const known = [CopyError, TargetNotEmptyError, MigrationError].some((k) => error instanceof k);
    if (!known) throw error;
    options.writeError(`Lỗi: ${(error as Error).message}\n`);
    return 1;
  }
}

function parseCopy(args: string[]): { from: string; to: string; replace: boolean; schema?: string | undefined } {
  const [sub, ...rest] = args;
  if (sub !== 'copy') throw new StoreUsageError(sub ? `Lệnh store không có "${sub}": dùng store copy` : 'Thiếu lệnh con: dùng store copy');
  let values: { from?: string | undefined; to?: string | undefined; replace?: boolean | undefined; schema?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { from: { type: 'string' }, to: { type: 'string' }, replace: { type: 'boolean', default: false }, schema: { type: 'string' } },
      allowPositionals: false,
      strict: true,
    }));
  } catch (error) {
    throw new StoreUsageError(`Dòng lệnh store copy không hợp lệ (${(error as Error).message})`);
  }
  if (!values.from || !values.to) throw new StoreUsageError('store copy cần cả --from (nơi chép đi) và --to (nơi chép đến)');
  return { from: values.from, to: values.to, replace: values.replace === true, schema: values.schema };
}
