/** ISO 8601 week of a UTC day: label "2026-W27" and the Monday it starts on. */
export function isoWeek(day: string): { week: string; weekStart: string } {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7; // Monday = 0
  const monday = new Date(date.getTime() - weekday * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursday.getTime() - ((firstThursday.getUTCDay() + 6) % 7) * 86_400_000;
  const number = Math.round((monday.getTime() - firstMonday) / (7 * 86_400_000)) + 1;
  return {
    week: `${year}-W${String(number).padStart(2, "0")}`,
    weekStart: monday.toISOString().slice(0, 10),
  };
}

/** Weekday of a UTC day, Monday = 0. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
}
