import { handleRestRequest } from '@/server/rest/handle-request';

export const dynamic = 'force-dynamic';

async function handler(req: Request, ctx: { params: Promise<{ path: string[] }> }) {
  const { path } = await ctx.params;
  return handleRestRequest(req, '/' + path.map(encodeURIComponent).join('/'));
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
