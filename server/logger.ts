import pino from 'pino';
import { env } from './env';

export const logger = pino({ level: env.LOG_LEVEL, base: { service: process.env.INTERSTICE_SERVICE ?? 'web' } });
export type Logger = typeof logger;
