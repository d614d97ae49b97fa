import { fillerText, shortPhrase } from "./filler-text.js";

type Schema = Record<string, unknown>;
const MAX_DEPTH = 6;

/** A JSON value that conforms to a (subset of) JSON Schema: type, properties, items, enum, const. */
export function valueForSchema(schema: Schema, random: () => number, depth = 0): unknown {
  if ("const" in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0)
    return schema.enum[Math.floor(random() * schema.enum.length)];
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(variants) && variants.length > 0) return valueForSchema(variants[0]!, random, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== "null") : schema.type;
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      const value: Record<string, unknown> = {};
      if (depth >= MAX_DEPTH) return value;
      for (const [name, property] of Object.entries(properties))
        value[name] = valueForSchema(property, random, depth + 1);
      return value;
    }
    case "array": {
      if (depth >= MAX_DEPTH) return [];
      const minimum = typeof schema.minItems === "number" ? schema.minItems : 1;
      const count = Math.max(minimum, 1 + Math.floor(random() * 3));
      const items = (schema.items ?? { type: "string" }) as Schema;
      return Array.from({ length: count }, () => valueForSchema(items, random, depth + 1));
    }
    case "integer":
      return Math.floor(random() * 100);
    case "number":
      return Math.round(random() * 10_000) / 100;
    case "boolean":
      return random() < 0.5;
    case "null":
      return null;
    default:
      return shortPhrase(1 + Math.floor(random() * 3), random);
  }
}

/**
 * The JSON text of a structured answer. With a schema the value conforms to it; without one it
 * is a generic object whose `details` grows toward `targetTokens`.
 */
export function jsonAnswerText(options: {
  schema: Schema | null;
  targetTokens: number;
  random: () => number;
}): string {
  const { schema, random } = options;
  if (schema) return JSON.stringify(valueForSchema(schema, random));
  const detailTokens = Math.max(1, options.targetTokens - 20);
  return JSON.stringify({
    answer: shortPhrase(3, random),
    confidence: Math.round(random() * 100) / 100,
    details: fillerText(detailTokens, random).text,
  });
}

/** Makes JSON text unparseable the way a model's broken output tends to be: a dangling comma, no close. */
export function malformJson(text: string): string {
  const trimmed = text.replace(/[}\]]+$/, "");
  return `${trimmed},`;
}
