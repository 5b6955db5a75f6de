-- The W3C trace context (propagation headers as a JSON object) of what enqueued a job — a REST request, an event's
-- handling — so the job's span, and the array calls it makes, continue that trace (see docs/tracing.md). NULL when
-- tracing is off. The outbox keeps its events' trace context in its existing headers column.
ALTER TABLE kit_jobs ADD COLUMN trace_context TEXT;
