import { z } from 'zod';
import { bookAndHold, serializeBooking, serializeQuote } from '../../booking/actions';
import { confirmBooking } from '../../booking/book-quote';
import { quoteJob } from '../../booking/quote-job';
import { AppError } from '../../errors';
import { CreateJobInput, ModelSpec } from '../../jobs/job-input';
import { cancelJob, createJob, getJobDetail, listJobs, serializeJob } from '../../jobs/jobs';
import { describeProfile } from '../../jobs/profile-job';
import { buyerProcedure, publicProcedure, router } from '../init';

const Id = z.object({ id: z.string().min(1) });

export const jobsRouter = router({
  /** The profile as the buyer types: parameters, memory per layer, GPUs a pipeline needs. */
  profile: publicProcedure.input(ModelSpec).query(({ input }) => describeProfile(input)),
  list: buyerProcedure
    .input(z.object({ page: z.number().int().min(1).default(1), pageSize: z.number().int().min(1).max(100).default(20) }))
    .query(({ ctx, input }) => listJobs(ctx.db, ctx.org.id, input.page, input.pageSize)),
  create: buyerProcedure.input(CreateJobInput).mutation(async ({ ctx, input }) => serializeJob(await createJob(ctx.db, ctx.org.id, ctx.user.id, input, new Date()))),
  get: buyerProcedure.input(Id).query(({ ctx, input }) => getJobDetail(ctx.db, ctx.org.id, input.id)),
  cancel: buyerProcedure.input(Id).mutation(async ({ ctx, input }) => serializeJob(await cancelJob(ctx.db, ctx.org.id, input.id))),
  quote: buyerProcedure.input(Id).mutation(async ({ ctx, input }) => serializeQuote(await quoteJob(ctx.db, ctx.org.id, input.id, new Date()))),
  getQuote: buyerProcedure.input(Id).query(async ({ ctx, input }) => {
    const q = await ctx.db.quote.findFirst({ where: { id: input.id, job: { orgId: ctx.org.id } } });
    if (!q) throw new AppError('NOT_FOUND', 'That quote was not found.');
    return serializeQuote(q);
  }),
  book: buyerProcedure
    .input(z.object({ quoteId: z.string().min(1), idempotencyKey: z.string().min(8).max(200) }))
    .mutation(async ({ ctx, input }) => serializeBooking((await bookAndHold(ctx.db, { orgId: ctx.org.id, ...input }, new Date())).booking)),
  confirm: buyerProcedure.input(Id).mutation(async ({ ctx, input }) => serializeBooking(await confirmBooking(ctx.db, ctx.org.id, input.id, new Date()))),
});
