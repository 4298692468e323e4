-- CreateTable
CREATE TABLE "telemetry_assets" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "asset_id" TEXT NOT NULL,
    "name" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'other',
    "nominal_rpm" DOUBLE PRECISION,
    "alert_webhook_url" TEXT,
    "last_label" TEXT,
    "last_failure_risk" DOUBLE PRECISION,
    "last_window_at" TIMESTAMPTZ(3),
    "windows_predicted" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "telemetry_assets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_batches" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "asset_row_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3) NOT NULL,
    "sample_rate_hz" DOUBLE PRECISION NOT NULL,
    "rpm" DOUBLE PRECISION,
    "samples" INTEGER NOT NULL,
    "channels" JSONB NOT NULL,
    "format" TEXT NOT NULL,
    "windows" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "model_version" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "raw_deleted_at" TIMESTAMP(3),

    CONSTRAINT "telemetry_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_signal_chunks" (
    "batch_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "samples" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "telemetry_signal_chunks_pkey" PRIMARY KEY ("batch_id","channel","seq")
);

-- CreateTable
CREATE TABLE "telemetry_predictions" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "asset_row_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "window_index" INTEGER NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "label" TEXT NOT NULL,
    "probabilities" DOUBLE PRECISION[],
    "labels" TEXT[],
    "failure_risk" DOUBLE PRECISION NOT NULL,
    "smoothed_risk" DOUBLE PRECISION,
    "experts" INTEGER[],
    "expert_weights" DOUBLE PRECISION[],
    "model_version" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telemetry_predictions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_maintenance_logs" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "asset_row_id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "telemetry_maintenance_logs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_risk_states" (
    "asset_row_id" UUID NOT NULL,
    "fault" TEXT NOT NULL,
    "smoothed_risk" DOUBLE PRECISION,
    "streak" INTEGER NOT NULL DEFAULT 0,
    "open" BOOLEAN NOT NULL DEFAULT false,
    "last_window_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "telemetry_risk_states_pkey" PRIMARY KEY ("asset_row_id","fault")
);

-- CreateTable
CREATE TABLE "telemetry_alerts" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "asset_row_id" UUID NOT NULL,
    "fault" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "open_key" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "opening_risk" DOUBLE PRECISION NOT NULL,
    "peak_risk" DOUBLE PRECISION NOT NULL,
    "opened_by_batch" UUID NOT NULL,
    "closed_at" TIMESTAMPTZ(3),
    "closing_risk" DOUBLE PRECISION,
    "closed_by_batch" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "telemetry_alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "telemetry_webhook_deliveries" (
    "id" TEXT NOT NULL,
    "alert_id" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "telemetry_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "telemetry_assets_tenant_id_asset_id_key" ON "telemetry_assets"("tenant_id", "asset_id");

-- CreateIndex
CREATE INDEX "telemetry_batches_tenant_id_created_at_idx" ON "telemetry_batches"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "telemetry_batches_status_created_at_idx" ON "telemetry_batches"("status", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "telemetry_batches_asset_row_id_started_at_key" ON "telemetry_batches"("asset_row_id", "started_at");

-- CreateIndex
CREATE INDEX "telemetry_predictions_asset_row_id_window_start_id_idx" ON "telemetry_predictions"("asset_row_id", "window_start", "id");

-- CreateIndex
CREATE UNIQUE INDEX "telemetry_predictions_batch_id_window_index_key" ON "telemetry_predictions"("batch_id", "window_index");

-- CreateIndex
CREATE INDEX "telemetry_maintenance_logs_asset_row_id_at_idx" ON "telemetry_maintenance_logs"("asset_row_id", "at");

-- CreateIndex
CREATE INDEX "telemetry_alerts_tenant_id_status_opened_at_idx" ON "telemetry_alerts"("tenant_id", "status", "opened_at");

-- CreateIndex
CREATE UNIQUE INDEX "telemetry_alerts_asset_row_id_fault_open_key_key" ON "telemetry_alerts"("asset_row_id", "fault", "open_key");

-- CreateIndex
CREATE INDEX "telemetry_webhook_deliveries_alert_id_idx" ON "telemetry_webhook_deliveries"("alert_id");

-- AddForeignKey
ALTER TABLE "telemetry_batches" ADD CONSTRAINT "telemetry_batches_asset_row_id_fkey" FOREIGN KEY ("asset_row_id") REFERENCES "telemetry_assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_signal_chunks" ADD CONSTRAINT "telemetry_signal_chunks_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "telemetry_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_predictions" ADD CONSTRAINT "telemetry_predictions_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "telemetry_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_maintenance_logs" ADD CONSTRAINT "telemetry_maintenance_logs_asset_row_id_fkey" FOREIGN KEY ("asset_row_id") REFERENCES "telemetry_assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_risk_states" ADD CONSTRAINT "telemetry_risk_states_asset_row_id_fkey" FOREIGN KEY ("asset_row_id") REFERENCES "telemetry_assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_alerts" ADD CONSTRAINT "telemetry_alerts_asset_row_id_fkey" FOREIGN KEY ("asset_row_id") REFERENCES "telemetry_assets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "telemetry_webhook_deliveries" ADD CONSTRAINT "telemetry_webhook_deliveries_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "telemetry_alerts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

