import { createCallerFactory, router } from './init';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { inventoryRouter } from './routers/inventory';
import { jobsRouter } from './routers/jobs';
import { marketRouter } from './routers/market';

export const appRouter = router({
  account: accountRouter,
  inventory: inventoryRouter,
  admin: adminRouter,
  market: marketRouter,
  jobs: jobsRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
