-- CreateTable
CREATE TABLE "ics_feed" (
    "id" TEXT NOT NULL,
    "node_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "gpu_count" INTEGER,
    "ask_cents_per_gpu_hour" INTEGER NOT NULL,
    "notice_minutes" INTEGER NOT NULL,
    "min_gap_minutes" INTEGER NOT NULL DEFAULT 120,
    "horizon_days" INTEGER NOT NULL DEFAULT 14,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_synced_at" TIMESTAMPTZ(3),
    "last_result" TEXT,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ics_feed_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ics_feed_node_id_key" ON "ics_feed"("node_id");

-- CreateIndex
CREATE INDEX "ics_feed_org_id_idx" ON "ics_feed"("org_id");

-- AddForeignKey
ALTER TABLE "ics_feed" ADD CONSTRAINT "ics_feed_node_id_fkey" FOREIGN KEY ("node_id") REFERENCES "node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ics_feed"
  ADD CONSTRAINT ics_feed_ask_not_negative CHECK (ask_cents_per_gpu_hour >= 0),
  ADD CONSTRAINT ics_feed_notice_not_negative CHECK (notice_minutes >= 0),
  ADD CONSTRAINT ics_feed_min_gap_range CHECK (min_gap_minutes BETWEEN 15 AND 10080),
  ADD CONSTRAINT ics_feed_horizon_range CHECK (horizon_days BETWEEN 1 AND 62),
  ADD CONSTRAINT ics_feed_gpu_count_positive CHECK (gpu_count IS NULL OR gpu_count >= 1);
