import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The CLI's entry point; `npm run --silent cli -- …` runs this same file with tsx. */
export const CLI_MAIN = resolve(import.meta.dirname, '../cli/main.ts');

/** Runs the CLI as scripts do, in a child process: its exit code and both streams, whether it succeeded or not. */
export async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CLI_MAIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
