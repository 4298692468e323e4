-- CreateTable
CREATE TABLE "record_documents" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "media_type" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "characters" INTEGER NOT NULL,
    "key_id" TEXT NOT NULL,
    "text_cipher" BYTEA NOT NULL,
    "external_id_cipher" BYTEA,
    "callback_url" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMP(3),
    "callback_status" TEXT,
    "callback_attempts" INTEGER NOT NULL DEFAULT 0,
    "callback_delivered_at" TIMESTAMP(3),

    CONSTRAINT "record_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_extractions" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "model_version" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "payload_cipher" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "record_extractions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_reviews" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "reviewer" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    "correction_cipher" BYTEA NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "record_reviews_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "record_audit_events" (
    "id" BIGSERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "document_id" UUID NOT NULL,
    "request_id" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "record_audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "record_documents_tenant_id_created_at_idx" ON "record_documents"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "record_extractions_document_id_key" ON "record_extractions"("document_id");

-- CreateIndex
CREATE INDEX "record_extractions_tenant_id_idx" ON "record_extractions"("tenant_id");

-- CreateIndex
CREATE INDEX "record_reviews_document_id_created_at_idx" ON "record_reviews"("document_id", "created_at");

-- CreateIndex
CREATE INDEX "record_reviews_tenant_id_idx" ON "record_reviews"("tenant_id");

-- CreateIndex
CREATE INDEX "record_audit_events_tenant_id_document_id_at_idx" ON "record_audit_events"("tenant_id", "document_id", "at");

-- AddForeignKey
ALTER TABLE "record_extractions" ADD CONSTRAINT "record_extractions_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "record_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "record_reviews" ADD CONSTRAINT "record_reviews_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "record_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

