-- CreateTable
CREATE TABLE "fraud_transactions" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "device_key" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "currency" TEXT NOT NULL,
    "geo_lat" DOUBLE PRECISION,
    "geo_lon" DOUBLE PRECISION,
    "segment" TEXT NOT NULL,
    "features" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "decision" TEXT NOT NULL,
    "review_threshold" DOUBLE PRECISION NOT NULL,
    "decline_threshold" DOUBLE PRECISION NOT NULL,
    "thresholds_version" INTEGER NOT NULL,
    "model_version" TEXT NOT NULL,
    "reasons" JSONB NOT NULL,
    "experts" JSONB NOT NULL,
    "shadow_scores" JSONB NOT NULL DEFAULT '[]',
    "degraded" BOOLEAN NOT NULL DEFAULT false,
    "latency_ms" DOUBLE PRECISION NOT NULL,
    "label" TEXT,
    "labelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fraud_feedback" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "labelled_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_feedback_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fraud_threshold_versions" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "review" DOUBLE PRECISION NOT NULL,
    "decline" DOUBLE PRECISION NOT NULL,
    "trigger" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT false,
    "targets" JSONB NOT NULL,
    "stats" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_threshold_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fraud_batches" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "callback_url" TEXT,
    "callback_status" TEXT,
    "callback_attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "fraud_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fraud_batch_items" (
    "batch_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "transaction_id" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "request" JSONB,
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "fraud_batch_items_pkey" PRIMARY KEY ("batch_id","index")
);

-- CreateTable
CREATE TABLE "fraud_daily_metrics" (
    "tenant_id" TEXT NOT NULL,
    "segment" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "scored" INTEGER NOT NULL,
    "labelled" INTEGER NOT NULL,
    "true_positives" INTEGER NOT NULL,
    "false_positives" INTEGER NOT NULL,
    "true_negatives" INTEGER NOT NULL,
    "false_negatives" INTEGER NOT NULL,
    "precision" DOUBLE PRECISION,
    "recall" DOUBLE PRECISION,
    "false_positive_rate" DOUBLE PRECISION,
    "computed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fraud_daily_metrics_pkey" PRIMARY KEY ("tenant_id","segment","day")
);

-- CreateIndex
CREATE INDEX "fraud_transactions_tenant_id_account_id_occurred_at_idx" ON "fraud_transactions"("tenant_id", "account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "fraud_transactions_tenant_id_device_key_occurred_at_idx" ON "fraud_transactions"("tenant_id", "device_key", "occurred_at");

-- CreateIndex
CREATE INDEX "fraud_transactions_tenant_id_segment_created_at_idx" ON "fraud_transactions"("tenant_id", "segment", "created_at");

-- CreateIndex
CREATE INDEX "fraud_transactions_created_at_idx" ON "fraud_transactions"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "fraud_transactions_tenant_id_transaction_id_key" ON "fraud_transactions"("tenant_id", "transaction_id");

-- CreateIndex
CREATE INDEX "fraud_feedback_tenant_id_transaction_id_idx" ON "fraud_feedback"("tenant_id", "transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "fraud_threshold_versions_tenant_id_segment_version_key" ON "fraud_threshold_versions"("tenant_id", "segment", "version");

-- CreateIndex
CREATE INDEX "fraud_batches_tenant_id_created_at_idx" ON "fraud_batches"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "fraud_batch_items_batch_id_status_index_idx" ON "fraud_batch_items"("batch_id", "status", "index");

-- AddForeignKey
ALTER TABLE "fraud_batch_items" ADD CONSTRAINT "fraud_batch_items_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "fraud_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;
