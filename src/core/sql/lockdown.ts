import { quoteLiteral } from './quote';

/**
 * The engine lock-down from ARCHITECTURE.md ("No network after load"): no URL, no extension install or autoload, no
 * file outside the directories the host registers uploads under, and the configuration frozen so no later statement
 * can undo it. Runs once, right after the engine starts, in the browser and the CLI alike.
 *
 * `allowed_directories` (DuckDB ≥ 1.3) keeps the host's own upload directory readable while
 * `enable_external_access=false` closes everything else.
 */
export function lockDownSql(allowedDirectories: string[]): string {
  for (const directory of allowedDirectories) {
    if (!directory.endsWith('/')) throw new Error(`allowed directory must end with '/': ${directory}`);
  }
  return [
    `SET allowed_directories = [${allowedDirectories.map(quoteLiteral).join(', ')}]`,
    'SET enable_external_access = false',
    'SET autoinstall_known_extensions = false',
    'SET autoload_known_extensions = false',
    'SET allow_community_extensions = false',
    'SET lock_configuration = true',
  ].join(';\n');
}
