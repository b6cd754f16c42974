import { format, formatDistanceStrict } from 'date-fns';

export const usd = (cents: number | null | undefined, digits = 2) =>
  cents == null ? '—' : (cents / 100).toLocaleString('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits });
export const usdShort = (cents: number | null | undefined) => usd(cents, cents != null && Math.abs(cents) >= 100_000 ? 0 : 2);
export const num = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Times are shown in UTC everywhere: providers in many time zones read the same calendar. */
const utc = (iso: string | Date) => {
  const d = new Date(iso);
  return new Date(d.getTime() + d.getTimezoneOffset() * 60_000);
};
export const dateTime = (iso: string | Date) => format(utc(iso), 'EEE d MMM, HH:mm');
export const dayLabel = (iso: string | Date) => format(utc(iso), 'EEE d MMM');
export const timeOnly = (iso: string | Date) => format(utc(iso), 'HH:mm');
export const duration = (startIso: string, endIso: string) => formatDistanceStrict(new Date(startIso), new Date(endIso));
export const hoursBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 3_600_000;

/** ISO string for an <input type="datetime-local"> value read as UTC. */
export const fromLocalInput = (v: string) => (v ? new Date(v + (v.length === 16 ? ':00Z' : 'Z')).toISOString() : '');
export const toLocalInput = (iso: string | Date) => new Date(iso).toISOString().slice(0, 16);

/** Monday 00:00 UTC of the week containing d. */
export function startOfUtcWeek(d: Date) {
  const x = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const dow = (x.getUTCDay() + 6) % 7;
  return new Date(x.getTime() - dow * 86_400_000);
}
