/**
 * Task types the quality model knows. A request may name any other string; it is then scored
 * with the model's `general` capability.
 */
export const TASK_TYPES = [
  "classification",
  "extraction",
  "summarization",
  "translation",
  "qa",
  "writing",
  "coding",
  "reasoning",
  "general",
] as const;

export type TaskType = (typeof TASK_TYPES)[number];

/** True when `value` is one of the known task types. */
export function isTaskType(value: string): value is TaskType {
  return (TASK_TYPES as readonly string[]).includes(value);
}
