import type {
  Attributes,
  AttributeValue,
  Exception,
  Link,
  Span,
  SpanContext,
  SpanStatus,
  TimeInput,
  Tracer,
} from "@opentelemetry/api";

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
 * the client's own tracer in place. The SDK gets a {@link HoldableSpan} in front of its span, so
 * rightsize can hold back its end. False when the client does not trace (no `_tracer`: tracing
 * off, or an SDK older than its tracing): rightsize then makes the span itself.
 */
export function adoptSdkCallSpans(client: object, adopt: (span: HoldableSpan) => void): boolean {
  const holder = client as { _tracer?: Tracer };
  const inner = holder._tracer;
  if (inner === undefined || inner === null || typeof inner.startSpan !== "function") return false;
  const tracer: Tracer = {
    startSpan(name, options, context) {
      const span = inner.startSpan(name, options, context);
      if (name !== SDK_CALL_SPAN_NAME || !span.isRecording()) return span;
      const holdable = new HoldableSpan(span);
      adopt(holdable);
      return holdable;
    },
    startActiveSpan: inner.startActiveSpan.bind(inner) as Tracer["startActiveSpan"],
  };
  holder._tracer = tracer;
  return true;
}

/**
 * The SDK's call span as the SDK holds it when rightsize instruments the client: every call goes
 * through to the span, except that `end()` can be held back (`hold`) until rightsize has written
 * its attributes: a failed call (the SDK ends the span, then the rejection reaches rightsize), a
 * stream the caller broke off. The SDK's end is recorded with its time and applied at
 * `release()`, or after the grace period if nothing releases it (a call read only through
 * `asResponse()`, whose body rightsize never sees). A wrapper of our own, not a patched span:
 * an own property on the SDK's span object would change its shape on every call.
 */
export class HoldableSpan implements Span {
  readonly #span: Span;
  #holding = false;
  #graceMs = 0;
  #endTime: TimeInput | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(span: Span) {
    this.#span = span;
  }

  /** The SDK's span behind this one: rightsize writes its attributes there directly. */
  get target(): Span {
    return this.#span;
  }

  /** Holds `end()` back until `release()`, or `graceMs` after the SDK asked. */
  hold(graceMs: number): void {
    this.#holding = true;
    this.#graceMs = graceMs;
  }

  /** Ends the span now if the SDK already asked (at the time it asked); else lets the SDK end it. */
  release(): void {
    if (!this.#holding) return;
    this.#holding = false;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#endTime !== undefined) this.#span.end(this.#endTime);
  }

  end(endTime?: TimeInput): void {
    if (!this.#holding) {
      this.#span.end(endTime);
      return;
    }
    if (this.#endTime !== undefined) return;
    // performance.now() is how the OTel SDK reads a number end time (not epoch ms).
    this.#endTime = endTime ?? performance.now();
    this.#timer = setTimeout(() => this.release(), this.#graceMs);
    this.#timer.unref?.();
  }

  spanContext(): SpanContext {
    return this.#span.spanContext();
  }
  setAttribute(key: string, value: AttributeValue): this {
    this.#span.setAttribute(key, value);
    return this;
  }
  setAttributes(attributes: Attributes): this {
    this.#span.setAttributes(attributes);
    return this;
  }
  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.#span.addEvent(name, attributesOrStartTime, startTime);
    return this;
  }
  addLink(link: Link): this {
    this.#span.addLink(link);
    return this;
  }
  addLinks(links: Link[]): this {
    this.#span.addLinks(links);
    return this;
  }
  setStatus(status: SpanStatus): this {
    this.#span.setStatus(status);
    return this;
  }
  updateName(name: string): this {
    this.#span.updateName(name);
    return this;
  }
  isRecording(): boolean {
    return this.#span.isRecording();
  }
  recordException(exception: Exception, time?: TimeInput): void {
    this.#span.recordException(exception, time);
  }
}

/**
 * Holds back the end of the SDK's span around a routed request (which rightsize reaches only as
 * the active span, so it cannot stand in front of it): a routed stream's answering attempt ends
 * after its checks and budget settlement, later than the SDK ends its span. Shadows the span's
 * `end` with an own property while held (only streamed routed requests pay for it); the SDK's
 * end is applied at `release()`, or after `graceMs`.
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
    held.end = (endTime?: TimeInput) => {
      if (this.#released) return Object.getPrototypeOf(span).end.call(span, endTime);
      if (this.#endTime !== undefined) return;
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
    // Back to the prototype's end (assigned, not deleted: a delete would slow the object).
    const span = this.#span as Span & { end: Span["end"] };
    span.end = Object.getPrototypeOf(span).end;
    if (this.#endTime !== undefined) span.end(this.#endTime);
  }
}
