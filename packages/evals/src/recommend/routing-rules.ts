import { type Document, isMap, isSeq, type YAMLMap, type YAMLSeq } from "yaml";

/**
 * A routing rule that routes by task type alone: `when` is one `taskType` `in` / `equal`
 * condition (under `all` or `any`), it names a tier, and it is not shadow. These are the task-
 * to-tier map evidence may rewrite; every other rule (complexity, stakes, tenants) is left alone.
 */
export interface TaskTypeRule {
  node: YAMLMap;
  name: string;
  tier: string;
  priority: number;
  escalation: unknown;
  operator: "in" | "equal";
  taskTypes: string[];
}

/** The routing list of a policy document (created empty when absent). */
export function routingSeq(document: Document): YAMLSeq {
  let routing = document.get("routing", true);
  if (routing === undefined || routing === null) {
    document.set("routing", document.createNode([]));
    routing = document.get("routing", true);
  }
  if (!isSeq(routing)) throw new Error("routing: expected a list of rules");
  return routing;
}

/** The task-type rules of the routing list, in file order. */
export function taskTypeRules(routing: YAMLSeq): TaskTypeRule[] {
  const rules: TaskTypeRule[] = [];
  for (const node of routing.items) {
    if (!isMap(node)) continue;
    const rule = node.toJSON() as Record<string, unknown>;
    if (typeof rule.tier !== "string" || rule.reject !== undefined || rule.shadow === true) continue;
    const condition = singleCondition(rule.when);
    if (condition?.fact !== "taskType" || condition.path !== undefined) continue;
    let taskTypes: string[];
    if (
      condition.operator === "in" &&
      Array.isArray(condition.value) &&
      condition.value.every((value) => typeof value === "string")
    )
      taskTypes = condition.value as string[];
    else if (condition.operator === "equal" && typeof condition.value === "string")
      taskTypes = [condition.value];
    else continue;
    rules.push({
      node,
      name: String(rule.name),
      tier: rule.tier,
      priority: typeof rule.priority === "number" ? rule.priority : 1,
      escalation: rule.escalation,
      operator: condition.operator,
      taskTypes,
    });
  }
  return rules;
}

function singleCondition(when: unknown): Record<string, unknown> | null {
  if (typeof when !== "object" || when === null) return null;
  const keys = Object.keys(when);
  if (keys.length !== 1 || (keys[0] !== "all" && keys[0] !== "any")) return null;
  const list = (when as Record<string, unknown>)[keys[0]];
  if (!Array.isArray(list) || list.length !== 1) return null;
  const condition = list[0] as Record<string, unknown>;
  return typeof condition === "object" && condition !== null && "fact" in condition ? condition : null;
}

/** The path of a rule's condition value node (`when.all[0].value`). */
function valuePath(rule: TaskTypeRule): (string | number)[] {
  const kind = rule.node.getIn(["when", "all"]) === undefined ? "any" : "all";
  return ["when", kind, 0, "value"];
}

/** Takes a task type out of a rule; false when the rule is left with none (the caller deletes it). */
export function removeTaskType(rule: TaskTypeRule, taskType: string): boolean {
  if (rule.operator === "equal") return false;
  const values = rule.node.getIn(valuePath(rule), true);
  if (!isSeq(values)) return false;
  const index = values.items.findIndex(
    (item) => (item as { value?: unknown }).value === taskType || item === taskType,
  );
  if (index >= 0) values.delete(index);
  return values.items.length > 0;
}

/** Adds a task type to a rule's list (an `equal` rule becomes an `in` rule of both). */
export function addTaskType(document: Document, rule: TaskTypeRule, taskType: string): void {
  const path = valuePath(rule);
  if (rule.operator === "equal") {
    const condition = rule.node.getIn(path.slice(0, -1), true) as YAMLMap;
    condition.set("operator", "in");
    const list = document.createNode([rule.taskTypes[0], taskType]) as YAMLSeq;
    list.flow = true;
    condition.set("value", list);
    return;
  }
  const values = rule.node.getIn(path, true) as YAMLSeq;
  values.add(document.createNode(taskType));
}
