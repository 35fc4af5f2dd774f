/**
 * Validation of five-field cron expressions (minute hour day-of-month month
 * day-of-week), the `turn_schedule` of a lobby game: `*`, numbers, ranges,
 * steps, lists, and month/day names; no `@daily`-style macros.
 */

interface Field {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const FIELDS: readonly Field[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] },
  // 7 is Sunday as well as 0
  { name: "day of week", min: 0, max: 7, names: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] },
];

/** Why the expression is not a valid five-field cron expression, or undefined when it is. */
export function cronProblem(expression: string): string | undefined {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length || parts[0] === "") {
    return `must have five fields (minute hour day-of-month month day-of-week), got ${parts[0] === "" ? 0 : parts.length}`;
  }
  for (const [i, field] of FIELDS.entries()) {
    const problem = fieldProblem(parts[i]!, field);
    if (problem !== undefined) return `${field.name} field "${parts[i]}": ${problem}`;
  }
  return undefined;
}

function fieldProblem(text: string, field: Field): string | undefined {
  for (const item of text.split(",")) {
    if (item === "") return "empty list item";
    const [range, step, extra] = item.split("/");
    if (extra !== undefined) return "more than one step";
    if (step !== undefined && !/^\d+$/.test(step)) return `step "${step}" is not a number`;
    if (step !== undefined && (Number(step) < 1 || Number(step) > field.max)) return `step ${step} is out of range`;
    if (range === "*") continue;
    const bounds = range!.split("-");
    if (bounds.length > 2) return `"${range}" is not a value or a range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = valueOf(bound, field);
      if (value === undefined) return `"${bound}" is not a ${field.name} (${field.min}-${field.max})`;
      values.push(value);
    }
    if (values.length === 2 && values[0]! > values[1]!) return `range ${range} runs backwards`;
  }
  return undefined;
}

function valueOf(text: string, field: Field): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= field.min && n <= field.max ? n : undefined;
  }
  const index = field.names?.indexOf(text.toLowerCase()) ?? -1;
  if (index < 0) return undefined;
  return field.name === "month" ? index + 1 : index;
}
