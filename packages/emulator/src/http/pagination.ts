/** A page in the API's list shape (`data`, `has_more`, `first_id`, `last_id`). */
export interface ListPage<T> {
  data: T[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** Cursor pagination like the API: `limit` (1-1000, default 20), `after_id` or `before_id`. */
export function paginate<T>(
  items: readonly T[],
  idOf: (item: T) => string,
  query: URLSearchParams,
): { ok: true; value: ListPage<T> } | { ok: false; message: string } {
  const limitText = query.get("limit");
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    return { ok: false, message: "limit: Input should be an integer between 1 and 1000" };
  const afterId = query.get("after_id");
  const beforeId = query.get("before_id");
  let start = 0;
  let end = items.length;
  if (afterId !== null) start = items.findIndex((item) => idOf(item) === afterId) + 1;
  if (beforeId !== null) {
    const index = items.findIndex((item) => idOf(item) === beforeId);
    end = Math.max(index, 0);
    start = Math.max(0, end - limit);
  }
  const data = items.slice(start, Math.min(end, start + limit));
  const hasMore = beforeId !== null ? start > 0 : start + data.length < end;
  return {
    ok: true,
    value: {
      data,
      has_more: hasMore,
      first_id: data.length > 0 ? idOf(data[0]!) : null,
      last_id: data.length > 0 ? idOf(data.at(-1)!) : null,
    },
  };
}
