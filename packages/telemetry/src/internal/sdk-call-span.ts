import type { Span, TimeInput, Tracer } from "@opentelemetry/api";

/**
 * The official SDK's call span (SDK 1.x, `src/internal/tracing.ts`): with tracing on, every
 * `messages.create` starts one CLIENT span of this name through the client's own tracer
 * (`client._tracer`, undefined when `openTelemetry: false`), makes it active during the HTTP
 * attempts, records `gen_ai.usage.*` from the parsed body on it, and ends it after the parse
 * (for a stream: when the application has read it).
 */
export const SDK_CALL_SPAN_NAME = "anthropic.messages.create";

/** The SDK's call span if `span` is one that still records (read through the OTel SDK's `name`). */
export function sdkCallSpanOf(span: Span | undefined): Span | undefined {
  if (span === undefined || (span as { name?: unknown }).name !== SDK_CALL_SPAN_NAME) return undefined;
  return span.isRecording() ? span : undefined;
}

/**
 * Hands each call span the client's SDK starts to `adopt` (whoever waits for one: the call being
 * made right now, since the SDK starts it synchronously inside `messages.create`), by wrapping
 * the client's own tracer in place. False when the client does not trace (no `_tracer`: tracing
 * off, or an SDK older than its tracing): rightsize then makes the span itself.
 */
export function adoptSdkCallSpans(client: object, adopt: (span: Span) => void): boolean {
  const holder = client as { _tracer?: Tracer };
  const inner = holder._tracer;
  if (inner === undefined || inner === null || typeof inner.startSpan !== "function") return false;
  const tracer: Tracer = {
    startSpan(name, options, context) {
      const span = inner.startSpan(name, options, context);
      if (name === SDK_CALL_SPAN_NAME) adopt(span);
      return span;
    },
    startActiveSpan: inner.startActiveSpan.bind(inner) as Tracer["startActiveSpan"],
  };
  holder._tracer = tracer;
  return true;
}

/**
 * Holds back the end of a span someone else ends (the SDK's call span), so rightsize's
 * attributes still land when its own observation of the call comes later than the SDK's end: a
 * failed call (the SDK ends the span, then the rejection reaches rightsize), a stream the caller
 * broke off, a routed stream whose attempt ends after its checks and budget settlement. The
 * SDK's end is recorded with its time and applied at `release()`, or after `graceMs` if nothing
 * releases it (a call read only through `asResponse()`, whose body rightsize never sees).
 */
export class HeldEnd {
  readonly #span: Span;
  readonly #graceMs: number;
  #endTime: TimeInput | undefined;
  #released = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(span: Span, graceMs: number) {
    this.#span = span;
    this.#graceMs = graceMs;
    const held = span as Span & { end: Span["end"] };
    // An own property in front of the prototype's `end`; `release` deletes it again.
    held.end = (endTime?: TimeInput) => {
      if (this.#released) return Object.getPrototypeOf(span).end.call(span, endTime);
      if (this.#endTime !== undefined) return;
      // performance.now() is what the OTel SDK reads a number end time as (not epoch ms).
      this.#endTime = endTime ?? performance.now();
      this.#timer = setTimeout(() => this.release(), this.#graceMs);
      this.#timer.unref?.();
    };
  }

  /** Ends the span now if its owner already asked to (at the time it asked); else lets it. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    delete (this.#span as { end?: unknown }).end;
    if (this.#endTime !== undefined) this.#span.end(this.#endTime);
  }
}
