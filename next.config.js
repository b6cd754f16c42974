/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages with native or dynamic requires stay outside the bundle.
  serverExternalPackages: ['pino', 'pg', '@prisma/adapter-pg', 'bullmq', 'ioredis'],
  poweredByHeader: false,
  typedRoutes: false,
};
module.exports = nextConfig;
