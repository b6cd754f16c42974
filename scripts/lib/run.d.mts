export const root: string;
export function step(msg: string): void;
export function run(cmd: string, args: string[], opts?: { quiet?: boolean; env?: Record<string, string> }): unknown;
export function ensureInstalled(): void;
export function migrate(databaseUrl: string): void;
