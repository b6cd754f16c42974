export const HOW_TO_START: { postgres: string; redis: string };
export function checkPostgres(url: string): Promise<void>;
export function checkRedis(url: string): Promise<void>;
export function ensureDatabase(url: string, opts?: { fresh?: boolean }): Promise<boolean>;
