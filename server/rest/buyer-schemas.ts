import { z } from 'zod';
import { ModelSpec } from '../jobs/job-input';
import { IsoDateTime } from '../inventory/schemas';

// What the buyer's REST routes and the provider's reclaim answer, as zod schemas so the OpenAPI
// document describes every field. They mirror the serializers of server/jobs and server/booking
// (serializeJob, getJobDetail, serializeQuote, serializeBooking); rest-buyer.int.test.ts parses real
// answers with them and fails on any field a schema would drop. No BigInt travels: counts of
// tokens are JSON numbers.

const int = () => z.number().int();
const cents = (description: string) => z.number().int().meta({ description });

export const ModelProfileOut = z
  .object({
    layers: int(),
    paramsPerBlock: z.number(),
    totalParams: z.number(),
    weightsGiBPerBlock: z.number(),
    activationGiBPerBlock: z.number(),
    layerMemGiB: z.number().meta({ description: 'Memory one transformer block needs on a GPU (weights, optimizer, activations)' }),
    stageBaseMemGiB: z.number().meta({ description: "Memory a stage needs besides its blocks (runtime, embedding, logits)" }),
    layerGflopPerToken: z.number(),
    hopMBPerToken: z.number().meta({ description: 'Traffic between two stages per token, MB' }),
    mfu: z.number(),
  })
  .meta({ id: 'ModelProfile', description: 'The profile the packer plans with' });

export const JobOut = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['DRAFT', 'BOOKED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED']),
    statusReason: z.string().nullable(),
    model: ModelSpec,
    profile: ModelProfileOut,
    targetTokens: z.number().meta({ description: 'Tokens to train' }),
    tokensTrained: z.number().meta({ description: 'Tokens trained so far' }),
    earliestStart: IsoDateTime,
    deadline: IsoDateTime,
    budgetCents: cents('Budget, US cents'),
    spentCents: cents('Committed spend (confirmed bookings, less refunds), US cents'),
    maxCentsPerGpuHour: cents('Price cap per GPU-hour, US cents'),
    regions: z.array(z.string()),
    minNoticeMinutes: int(),
    image: z.string(),
    command: z.string(),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Job' });

export const PlannedStageOut = z
  .object({
    windowId: z.string(),
    nodeId: z.string(),
    nodeName: z.string(),
    providerId: z.string(),
    providerName: z.string(),
    region: z.string(),
    gpuModel: z.string(),
    gpus: int(),
    layers: int(),
    layerFrom: int().meta({ description: 'First layer of the stage (inclusive)' }),
    layerTo: int().meta({ description: 'Last layer of the stage (exclusive)' }),
    centsPerGpuHour: cents('Price per GPU-hour, US cents'),
    bookingId: z.string().optional().meta({ description: 'Set when the stage re-uses GPUs the job already booked' }),
  })
  .meta({ id: 'PlannedStage', description: "A run of consecutive layers on GPUs of one window's node" });

export const PlannedSegmentOut = z
  .object({
    start: IsoDateTime,
    end: IsoDateTime,
    stages: z.array(PlannedStageOut),
    tokensPerSec: z.number(),
    centsPerHour: z.number(),
    tokens: z.number().meta({ description: 'Useful tokens the segment trains (after the restart)' }),
    costCents: cents('Cost of the segment, US cents'),
    gpuHours: z.number(),
  })
  .meta({ id: 'PlannedSegment', description: "One run of the job's whole pipeline from start to end" });

export const QuoteSummaryOut = z
  .object({
    segments: z.array(PlannedSegmentOut),
    costCents: cents('Total cost, US cents'),
    tokens: z.number(),
    targetTokens: z.number(),
    remainingTokens: z.number(),
    reachesTarget: z.boolean(),
    finishAt: IsoDateTime.nullable().meta({ description: 'When the target is reached, if the plan reaches it' }),
    centsPerMTok: z.number().nullable(),
    dataCenterCents: cents('What the same tokens would cost on on-demand data-centre GPUs, US cents'),
    expectedGoodput: z.number().nullable(),
    gpuHours: z.number(),
    providers: int(),
    binding: z
      .array(
        z.object({
          constraint: z.string().meta({ example: 'budget' }),
          message: z.string(),
          relaxed: z.object({ tokens: z.number(), costCents: z.number() }).optional().meta({ description: 'What the plan would give with this constraint relaxed' }),
        }).meta({ id: 'BindingConstraint' }),
      )
      .meta({ description: 'When the plan falls short: which constraint binds, and what relaxing it would give' }),
  })
  .meta({ id: 'QuoteSummary' });

export const QuoteOut = z
  .object({
    id: z.string(),
    jobId: z.string(),
    status: z.enum(['OPEN', 'BOOKED', 'EXPIRED']),
    expiresAt: IsoDateTime,
    costCents: cents('Total cost, US cents'),
    tokens: z.number(),
    summary: QuoteSummaryOut,
    createdAt: IsoDateTime,
  })
  .meta({ id: 'Quote' });

export const AllocationOut = z
  .object({
    id: z.string(),
    windowId: z.string(),
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    gpus: int(),
    centsPerGpuHour: cents('Price per GPU-hour, US cents'),
    status: z.enum(['HELD', 'CONFIRMED', 'RELEASED']),
  })
  .meta({ id: 'Allocation', description: 'GPUs of one window for one interval' });

export const BookingOut = z
  .object({
    id: z.string(),
    jobId: z.string(),
    quoteId: z.string().nullable(),
    status: z.enum(['HELD', 'CONFIRMED', 'RELEASED', 'CANCELLED']),
    costCents: cents('Cost, US cents (less what reclaims took back)'),
    holdExpiresAt: IsoDateTime.meta({ description: 'A held booking not confirmed by then is released' }),
    confirmedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    allocations: z.array(AllocationOut),
  })
  .meta({ id: 'Booking' });

export const JobDetailOut = z
  .object({
    job: JobOut,
    segments: z.array(
      z.object({
        id: z.string(),
        bookingId: z.string(),
        status: z.enum(['PLANNED', 'RUNNING', 'DONE', 'CUT', 'CANCELLED']),
        startsAt: IsoDateTime,
        endsAt: IsoDateTime,
        stages: z.array(PlannedStageOut),
        tokensPerSec: z.number(),
        tokensDone: z.number(),
        cutAt: IsoDateTime.nullable(),
        cutHard: z.boolean().meta({ description: 'Cut without the notice needed to checkpoint' }),
      }).meta({ id: 'JobSegment', description: 'A segment of the plan as booked, with its progress' }),
    ),
    bookings: z.array(
      z.object({
        id: z.string(),
        status: z.enum(['HELD', 'CONFIRMED', 'RELEASED', 'CANCELLED']),
        costCents: int(),
        holdExpiresAt: IsoDateTime,
        confirmedAt: IsoDateTime.nullable(),
        reason: z.string().nullable(),
        allocations: int().meta({ description: 'How many allocations the booking holds' }),
        createdAt: IsoDateTime,
      }).meta({ id: 'JobBooking', description: 'A booking of the job, in brief (GET /bookings/{id} has its allocations)' }),
    ),
    events: z
      .array(z.object({ id: z.string(), kind: z.string().meta({ example: 'RECLAIM' }), message: z.string(), createdAt: IsoDateTime }).meta({ id: 'JobEvent' }))
      .meta({ description: 'The latest 100, newest first' }),
    refundedCents: cents('Refunds for capacity not delivered, US cents'),
    openQuoteId: z.string().nullable(),
  })
  .meta({ id: 'JobDetail', description: 'Progress of a job: tokens trained against the target, segments, bookings, events, spend and refunds' });

export const ReclaimOut = z
  .object({
    id: z.string(),
    windowId: z.string(),
    requestedAt: IsoDateTime,
    at: IsoDateTime.meta({ description: 'When the window ends now' }),
    promisedNoticeMinutes: int(),
    givenNoticeMinutes: int(),
    brokePromise: z.boolean().meta({ description: 'Less notice than the window promised, counted against reliability' }),
    soldGpuHoursLost: z.number().meta({ description: 'Booked GPU-hours the reclaim took back (refunded to buyers)' }),
    status: z.enum(['PENDING', 'REPAIRED', 'FAILED']).meta({ description: 'PENDING until the affected jobs are re-planned' }),
  })
  .meta({ id: 'Reclaim' });
