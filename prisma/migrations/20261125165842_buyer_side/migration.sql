-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('DRAFT', 'BOOKED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "QuoteStatus" AS ENUM ('OPEN', 'BOOKED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "BookingStatus" AS ENUM ('HELD', 'CONFIRMED', 'RELEASED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "AllocationStatus" AS ENUM ('HELD', 'CONFIRMED', 'RELEASED');

-- CreateEnum
CREATE TYPE "SegmentStatus" AS ENUM ('PLANNED', 'RUNNING', 'DONE', 'CUT', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ReclaimStatus" AS ENUM ('PENDING', 'REPAIRED', 'FAILED');

-- AlterTable
ALTER TABLE "idle_window" ADD COLUMN     "reclaimed_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "training_job" (
    "id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "model" JSONB NOT NULL,
    "profile" JSONB NOT NULL,
    "target_tokens" BIGINT NOT NULL,
    "earliest_start" TIMESTAMPTZ(3) NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "budget_cents" INTEGER NOT NULL,
    "max_cents_per_gpu_hour" INTEGER NOT NULL,
    "regions" TEXT[],
    "min_notice_minutes" INTEGER NOT NULL,
    "image" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'DRAFT',
    "status_reason" TEXT,
    "tokens_trained" BIGINT NOT NULL DEFAULT 0,
    "checkpoint_tokens" BIGINT NOT NULL DEFAULT 0,
    "spent_cents" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "training_job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "quote" (
    "id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "status" "QuoteStatus" NOT NULL DEFAULT 'OPEN',
    "plan" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "cost_cents" INTEGER NOT NULL,
    "tokens" BIGINT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "quote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "booking" (
    "id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "quote_id" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "status" "BookingStatus" NOT NULL DEFAULT 'HELD',
    "cost_cents" INTEGER NOT NULL,
    "hold_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "confirmed_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "booking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "allocation" (
    "id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "window_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "gpus" INTEGER NOT NULL,
    "cents_per_gpu_hour" INTEGER NOT NULL,
    "status" "AllocationStatus" NOT NULL DEFAULT 'HELD',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan_segment" (
    "id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "stages" JSONB NOT NULL,
    "tokens_per_sec" DOUBLE PRECISION NOT NULL,
    "cents_per_hour" INTEGER NOT NULL,
    "status" "SegmentStatus" NOT NULL DEFAULT 'PLANNED',
    "tokens_done" BIGINT NOT NULL DEFAULT 0,
    "cut_at" TIMESTAMPTZ(3),
    "cut_hard" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "plan_segment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reclaim" (
    "id" TEXT NOT NULL,
    "window_id" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "promised_notice_minutes" INTEGER NOT NULL,
    "given_notice_minutes" INTEGER NOT NULL,
    "broke_promise" BOOLEAN NOT NULL,
    "sold_gpu_hours_lost" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "status" "ReclaimStatus" NOT NULL DEFAULT 'PENDING',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reclaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refund" (
    "id" TEXT NOT NULL,
    "reclaim_id" TEXT,
    "job_id" TEXT NOT NULL,
    "booking_id" TEXT NOT NULL,
    "cents" INTEGER NOT NULL,
    "gpu_hours" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_event" (
    "id" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "job_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "training_job_org_id_created_at_idx" ON "training_job"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "quote_job_id_created_at_idx" ON "quote"("job_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "booking_quote_id_key" ON "booking"("quote_id");

-- CreateIndex
CREATE INDEX "booking_status_hold_expires_at_idx" ON "booking"("status", "hold_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "booking_org_id_idempotency_key_key" ON "booking"("org_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "allocation_window_id_status_idx" ON "allocation"("window_id", "status");

-- CreateIndex
CREATE INDEX "allocation_booking_id_idx" ON "allocation"("booking_id");

-- CreateIndex
CREATE INDEX "plan_segment_job_id_starts_at_idx" ON "plan_segment"("job_id", "starts_at");

-- CreateIndex
CREATE INDEX "plan_segment_status_starts_at_idx" ON "plan_segment"("status", "starts_at");

-- CreateIndex
CREATE INDEX "reclaim_org_id_created_at_idx" ON "reclaim"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "refund_job_id_idx" ON "refund"("job_id");

-- CreateIndex
CREATE UNIQUE INDEX "refund_reclaim_id_booking_id_key" ON "refund"("reclaim_id", "booking_id");

-- CreateIndex
CREATE INDEX "job_event_job_id_created_at_idx" ON "job_event"("job_id", "created_at");

-- AddForeignKey
ALTER TABLE "training_job" ADD CONSTRAINT "training_job_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "quote" ADD CONSTRAINT "quote_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking" ADD CONSTRAINT "booking_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking" ADD CONSTRAINT "booking_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "booking" ADD CONSTRAINT "booking_quote_id_fkey" FOREIGN KEY ("quote_id") REFERENCES "quote"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "allocation" ADD CONSTRAINT "allocation_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "idle_window"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_segment" ADD CONSTRAINT "plan_segment_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan_segment" ADD CONSTRAINT "plan_segment_booking_id_fkey" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reclaim" ADD CONSTRAINT "reclaim_window_id_fkey" FOREIGN KEY ("window_id") REFERENCES "idle_window"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refund" ADD CONSTRAINT "refund_reclaim_id_fkey" FOREIGN KEY ("reclaim_id") REFERENCES "reclaim"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "job_event" ADD CONSTRAINT "job_event_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "training_job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------------
-- Capacity and money rules, enforced here so that no race between bookings can break them.
-- ---------------------------------------------------------------------------------------------
ALTER TABLE "allocation"
  ADD CONSTRAINT allocation_interval_valid CHECK (ends_at > starts_at),
  ADD CONSTRAINT allocation_gpus_positive CHECK (gpus >= 1),
  ADD CONSTRAINT allocation_price_not_negative CHECK (cents_per_gpu_hour >= 0);
-- A window reclaimed before it began keeps its row (its reclaim and refunds refer to it) as an empty interval.
ALTER TABLE "idle_window" DROP CONSTRAINT idle_window_interval_valid,
  ADD CONSTRAINT idle_window_interval_valid CHECK (ends_at > starts_at OR (reclaimed_at IS NOT NULL AND ends_at >= starts_at));
ALTER TABLE "booking" ADD CONSTRAINT booking_cost_not_negative CHECK (cost_cents >= 0);
ALTER TABLE "quote" ADD CONSTRAINT quote_cost_not_negative CHECK (cost_cents >= 0);
ALTER TABLE "refund" ADD CONSTRAINT refund_not_negative CHECK (cents >= 0);
ALTER TABLE "training_job"
  ADD CONSTRAINT training_job_budget_not_negative CHECK (budget_cents >= 0),
  ADD CONSTRAINT training_job_price_cap_not_negative CHECK (max_cents_per_gpu_hour >= 0),
  ADD CONSTRAINT training_job_target_positive CHECK (target_tokens > 0),
  ADD CONSTRAINT training_job_deadline_after_start CHECK (deadline > earliest_start),
  ADD CONSTRAINT training_job_spent_within_budget CHECK (spent_cents >= 0 AND spent_cents <= budget_cents);

-- The sum of active allocations on a window never exceeds its GPUs at any instant. The window's
-- row is locked first, so concurrent bookings of one window are checked one after the other.
CREATE FUNCTION allocation_within_capacity() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  w record;
  peak integer;
BEGIN
  IF NEW.status NOT IN ('HELD', 'CONFIRMED') THEN
    RETURN NEW;
  END IF;
  SELECT gpu_count, starts_at, ends_at, ask_cents_per_gpu_hour, reclaimed_at INTO w FROM "idle_window" WHERE id = NEW.window_id FOR UPDATE;
  IF TG_OP = 'INSERT' AND w.reclaimed_at IS NOT NULL THEN
    RAISE EXCEPTION 'allocation_within_window: window % was reclaimed', NEW.window_id USING ERRCODE = 'check_violation';
  END IF;
  -- A sale is at the price quoted; a window whose ask rose since refuses it rather than charge more.
  IF TG_OP = 'INSERT' AND NEW.cents_per_gpu_hour < w.ask_cents_per_gpu_hour THEN
    RAISE EXCEPTION 'allocation_price_changed: window % asks % cents, the plan was priced at %', NEW.window_id, w.ask_cents_per_gpu_hour, NEW.cents_per_gpu_hour
      USING ERRCODE = 'check_violation';
  END IF;
  IF NEW.starts_at < w.starts_at OR NEW.ends_at > w.ends_at THEN
    RAISE EXCEPTION 'allocation_within_window: allocation [%, %) lies outside its window', NEW.starts_at, NEW.ends_at
      USING ERRCODE = 'check_violation';
  END IF;
  -- The load is highest at the start of some allocation inside the new one's interval.
  SELECT coalesce(max(load), 0) INTO peak FROM (
    SELECT sum(a.gpus) AS load
    FROM (SELECT NEW.starts_at AS t
          UNION SELECT starts_at FROM "allocation"
          WHERE window_id = NEW.window_id AND status IN ('HELD', 'CONFIRMED') AND id <> NEW.id
            AND starts_at > NEW.starts_at AND starts_at < NEW.ends_at) p
    JOIN "allocation" a ON a.window_id = NEW.window_id AND a.status IN ('HELD', 'CONFIRMED') AND a.id <> NEW.id
      AND a.starts_at <= p.t AND a.ends_at > p.t
    GROUP BY p.t) loads;
  IF peak + NEW.gpus > w.gpu_count THEN
    RAISE EXCEPTION 'allocation_within_capacity: window % would have % of % GPUs allocated', NEW.window_id, peak + NEW.gpus, w.gpu_count
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER allocation_within_capacity BEFORE INSERT OR UPDATE OF gpus, starts_at, ends_at, status, window_id ON "allocation"
  FOR EACH ROW EXECUTE FUNCTION allocation_within_capacity();

-- A window with sales cannot be deleted (only reclaimed); released allocations go with it.
CREATE FUNCTION window_without_sales() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "allocation" WHERE window_id = OLD.id AND status IN ('HELD', 'CONFIRMED')) THEN
    RAISE EXCEPTION 'window_has_sales: window % has booked GPUs; reclaim it instead', OLD.id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN OLD;
END $$;

CREATE TRIGGER idle_window_without_sales BEFORE DELETE ON "idle_window"
  FOR EACH ROW EXECUTE FUNCTION window_without_sales();
