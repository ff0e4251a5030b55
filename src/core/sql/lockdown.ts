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

/** Statements that fetch or attach code or databases: src/core never issues one. */
const ESCAPE_STATEMENT = /^(?:FORCE\s+)?(?:INSTALL|LOAD|ATTACH|DETACH|UPDATE\s+EXTENSIONS)\b/i;

/**
 * Refuses SQL with a statement that installs, loads or attaches anything, before it reaches the engine. The lock-down
 * settings refuse these in native DuckDB, but DuckDB-WASM runs `INSTALL httpfs` as a no-op even when locked (it only
 * downloads on LOAD, which the settings refuse); with this check no such statement runs from any entry point. Every
 * executor calls it. Comments are ignored; each `;`-separated statement is checked from its first keyword.
 */
export function refuseEscapeStatements(sql: string): void {
  for (const statement of sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').split(';')) {
    const match = ESCAPE_STATEMENT.exec(statement.trim());
    if (match) {
      throw new Error(
        `Permission Error: ${match[0].toUpperCase()} statements are never run: the engine is locked down`,
      );
    }
  }
}
