import { marketOverview } from '../../analytics/market-overview';
import { adminProcedure, router } from '../init';

export const adminRouter = router({
  overview: adminProcedure.query(({ ctx }) => marketOverview(ctx.db, new Date())),
});
