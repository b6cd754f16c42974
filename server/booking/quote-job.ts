import type { Db } from '../db';
import { AppError } from '../errors';
import { REGION_IDS } from '../inventory/regions';
import { pack } from '../planning/pack-plan';
import type { Instance, PackJob } from '../planning/types';
import { gpuTypes, latencyMs, marketPieces, packJobOf } from './capacity';
import { dataCenterCents, describeSegments, expectedGoodput, type PlannedSegment } from './describe-plan';

export const QUOTE_VALID_MINUTES = 5;

export interface QuoteSummary {
  segments: PlannedSegment[];
  costCents: number;
  tokens: number;
  targetTokens: number;
  remainingTokens: number;
  reachesTarget: boolean;
  finishAt: string | null;
  centsPerMTok: number | null;
  dataCenterCents: number;
  expectedGoodput: number | null;
  gpuHours: number;
  providers: number;
  /** When the plan falls short: which constraint binds, and what relaxing it would give. */
  binding: { constraint: string; message: string; relaxed?: { tokens: number; costCents: number } }[];
}

async function loadJob(db: Db, orgId: string, jobId: string) {
  const job = await db.trainingJob.findFirst({ where: { id: jobId, orgId } });
  if (!job) throw new AppError('NOT_FOUND', `Job ${jobId} was not found in your organization.`);
  return job;
}

type Market = Awaited<ReturnType<typeof marketPieces>>;
type PlanOptions = { overrides?: Partial<PackJob>; regions?: string[]; minNotice?: number };

/** Open capacity for a job, fetched once with its constraints loosened so that variants filter in memory. */
async function fetchMarket(db: Db, job: Awaited<ReturnType<typeof loadJob>>, now: Date): Promise<Market> {
  return marketPieces(db, { now, from: new Date(Math.max(now.getTime(), job.earliestStart.getTime())), to: new Date(job.deadline.getTime() + 7 * 86_400_000) });
}

/** Runs the packer for one job over the market, with the job's constraints (or relaxed ones). */
export function planJobOn(market: Market, job: Awaited<ReturnType<typeof loadJob>>, now: Date, opts: PlanOptions = {}) {
  const pj = packJobOf(job, opts.overrides);
  const regions = new Set(opts.regions ?? job.regions);
  const minNotice = opts.minNotice ?? job.minNoticeMinutes;
  const deadline = Date.parse(pj.deadline);
  const windows = market.windows.filter((w) => {
    const i = market.info.get(w.id)!;
    return regions.has(w.region) && w.askCentsPerGpuHour <= pj.maxCentsPerGpuHour && i.noticeMinutes >= minNotice && Date.parse(w.start) < deadline;
  });
  const instance: Instance = {
    format: 'pack-v1', now: now.toISOString(), gpuTypes, latencyMs, windows, jobs: [pj],
    done: { [job.id]: Number(job.tokensTrained) },
    spentCents: { [job.id]: job.spentCents },
  };
  const plan = pack(instance);
  const segments = describeSegments(instance, pj, plan.segments, market.info);
  return { instance, pj, plan, segments };
}

function summarize(run: ReturnType<typeof planJobOn>, doneTokens: number): Omit<QuoteSummary, 'binding'> {
  const { segments, pj, instance, plan } = run;
  const tokens = segments.reduce((s, x) => s + x.tokens, 0);
  const costCents = segments.reduce((s, x) => s + x.costCents, 0);
  const remaining = Math.max(0, pj.targetTokens - doneTokens);
  let acc = 0, finishAt: string | null = null;
  for (const s of segments) {
    acc += s.tokens;
    if (acc >= remaining) {
      const over = acc - remaining;
      finishAt = new Date(Date.parse(s.end) - (over / s.tokensPerSec) * 1000).toISOString();
      break;
    }
  }
  return {
    segments, costCents, tokens, targetTokens: pj.targetTokens, remainingTokens: remaining,
    reachesTarget: tokens >= remaining * 0.999,
    finishAt,
    centsPerMTok: tokens ? +(costCents / (Math.min(tokens, remaining) / 1e6)).toFixed(3) : null,
    dataCenterCents: dataCenterCents(instance, pj, Math.min(tokens, remaining)),
    expectedGoodput: expectedGoodput(instance, pj, plan.segments),
    gpuHours: Math.round(segments.reduce((s, x) => s + x.gpuHours, 0) * 10) / 10,
    providers: new Set(segments.flatMap((s) => s.stages.map((st) => st.providerId))).size,
  };
}

/** Which constraint binds: re-plan with each one relaxed and say what it would give. */
function diagnose(market: Market, job: Awaited<ReturnType<typeof loadJob>>, now: Date, base: Omit<QuoteSummary, 'binding'>) {
  const out: QuoteSummary['binding'] = [];
  const pj = packJobOf(job);
  const perGpuFits = Object.values(gpuTypes).some((g) => g.memGiB >= pj.stageBaseMemGiB + pj.layerMemGiB);
  if (!perGpuFits) {
    out.push({ constraint: 'memory', message: `One transformer block needs ${(pj.stageBaseMemGiB + pj.layerMemGiB).toFixed(1)} GiB with the stage's fixed memory; no GPU in the catalog has that much. Use a smaller micro-batch or sequence length.` });
    return out;
  }
  const tries: { constraint: string; label: string; opts: PlanOptions }[] = [
    { constraint: 'budget', label: 'budget', opts: { overrides: { budgetCents: job.budgetCents * 10 } } },
    { constraint: 'deadline', label: 'deadline a week later', opts: { overrides: { deadline: new Date(job.deadline.getTime() + 7 * 86_400_000).toISOString() } } },
    { constraint: 'priceCap', label: 'price cap', opts: { overrides: { maxCentsPerGpuHour: 100_000 } } },
    { constraint: 'regions', label: 'all regions', opts: { regions: [...REGION_IDS], overrides: { maxHopLatencyMs: 250 } } },
    { constraint: 'notice', label: 'no minimum notice', opts: { minNotice: 0 } },
  ];
  for (const t of tries) {
    const run = planJobOn(market, job, now, t.opts);
    const s = summarize(run, Number(job.tokensTrained));
    if (s.tokens > base.tokens * 1.05 + 1) {
      const pct = Math.round((Math.min(s.tokens, s.remainingTokens) / s.remainingTokens) * 100);
      const messages: Record<string, string> = {
        budget: `The budget binds: with more budget the plan would train ${pct}% of the target for $${(s.costCents / 100).toFixed(2)}.`,
        deadline: `The deadline binds: a week more would let the plan train ${pct}% of the target.`,
        priceCap: `The price cap binds: without it the plan would train ${pct}% of the target, at $${(s.costCents / 100).toFixed(2)}.`,
        regions: `The allowed regions bind: with every region (and hops up to 250 ms) the plan would train ${pct}% of the target.`,
        notice: `The minimum notice binds: accepting providers with less notice would let the plan train ${pct}% of the target.`,
      };
      out.push({ constraint: t.constraint, message: messages[t.constraint], relaxed: { tokens: s.tokens, costCents: s.costCents } });
    }
  }
  if (!out.length) out.push({ constraint: 'capacity', message: 'Not enough idle capacity is listed between the earliest start and the deadline, whatever the budget, price cap or regions. Try a later deadline or fewer tokens.' });
  return out;
}

/** Plans the job over open capacity now and stores the quote (valid a few minutes). */
export async function quoteJob(db: Db, orgId: string, jobId: string, now: Date) {
  const job = await loadJob(db, orgId, jobId);
  if (job.status === 'CANCELLED' || job.status === 'COMPLETED') throw new AppError('CONFLICT', `This job is ${job.status.toLowerCase()}; it cannot be quoted.`);
  if (job.deadline <= now) throw new AppError('VALIDATION', 'The deadline has passed; change it before quoting.');
  const market = await fetchMarket(db, job, now);
  const run = planJobOn(market, job, now);
  const base = summarize(run, Number(job.tokensTrained));
  const binding = base.reachesTarget ? [] : diagnose(market, job, now, base);
  const summary: QuoteSummary = { ...base, binding };
  return db.quote.create({
    data: {
      jobId: job.id,
      plan: run.plan.segments as never,
      summary: summary as never,
      costCents: summary.costCents,
      tokens: BigInt(Math.floor(summary.tokens)),
      expiresAt: new Date(now.getTime() + QUOTE_VALID_MINUTES * 60_000),
    },
  });
}

export { loadJob };
