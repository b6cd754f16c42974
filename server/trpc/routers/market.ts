import { listedCapacity } from '../../analytics/market-overview';
import { buyerProcedure, router } from '../init';

export const marketRouter = router({
  openCapacity: buyerProcedure.query(({ ctx }) => listedCapacity(ctx.db, new Date())),
});
