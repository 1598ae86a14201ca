-- CreateIndex
CREATE INDEX "instances_name_id_idx" ON "instances"("name", "id");
