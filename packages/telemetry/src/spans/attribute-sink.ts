import type { AttributeValue } from "@opentelemetry/api";

/**
 * Where attribute writers put attributes: a span directly (the hot path: each attribute goes
 * straight to `Span.setAttribute`, with no intermediate object that V8 turns into a dictionary
 * past a dozen computed keys and the SDK then walks again) or a plain object.
 */
export interface AttributeSink {
  put(key: string, value: AttributeValue): void;
}

/** An {@link AttributeSink} into a plain attributes object. */
export class ObjectSink implements AttributeSink {
  readonly attributes: Record<string, unknown>;

  constructor(attributes: Record<string, unknown>) {
    this.attributes = attributes;
  }

  put(key: string, value: AttributeValue): void {
    this.attributes[key] = value;
  }
}
