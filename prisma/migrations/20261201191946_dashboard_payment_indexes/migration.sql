-- CreateIndex
CREATE INDEX "payments_succeeded_at_idx" ON "payments"("succeeded_at");

-- CreateIndex
CREATE INDEX "payments_failed_at_idx" ON "payments"("failed_at");

-- CreateIndex
CREATE INDEX "payments_plan_code_status_idx" ON "payments"("plan_code", "status");
