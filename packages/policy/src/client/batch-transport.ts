/** One request of a Message Batch, as the API takes it. */
export interface BatchRequestLine {
  custom_id: string;
  params: Record<string, unknown>;
}

/**
 * The Message Batches endpoints the collector needs, whatever reaches the API: the SDK client
 * (the routed client) or a plain fetch (the routing fetch). Results come raw, so the collector
 * can resume a download that broke off or skip a garbled line instead of failing the rest.
 */
export interface BatchTransport {
  create(requests: readonly BatchRequestLine[]): Promise<{ id: string }>;
  retrieve(id: string): Promise<{ processing_status: string; results_url?: string | null }>;
  cancel(id: string): Promise<void>;
  /** The results file (JSON lines) of an ended batch. */
  results(id: string): Promise<Response>;
}

/** A batch transport over `fetch`, with the headers (auth, version) of the request that needed it. */
export function fetchBatchTransport(options: {
  fetch: typeof fetch;
  baseURL: string;
  headers: Headers;
}): BatchTransport {
  const base = `${options.baseURL.replace(/\/+$/, "")}/v1/messages/batches`;
  const headers = () => {
    const copy = new Headers(options.headers);
    copy.delete("content-length");
    copy.set("content-type", "application/json");
    return copy;
  };
  async function json<T>(response: Response): Promise<T> {
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    return (await response.json()) as T;
  }
  return {
    create: async (requests) =>
      json(
        await options.fetch(base, { method: "POST", headers: headers(), body: JSON.stringify({ requests }) }),
      ),
    retrieve: async (id) => json(await options.fetch(`${base}/${id}`, { method: "GET", headers: headers() })),
    cancel: async (id) => {
      await json(await options.fetch(`${base}/${id}/cancel`, { method: "POST", headers: headers() }));
    },
    results: async (id) => {
      const batch = await json<{ results_url?: string | null }>(
        await options.fetch(`${base}/${id}`, { method: "GET", headers: headers() }),
      );
      const response = await options.fetch(batch.results_url ?? `${base}/${id}/results`, {
        method: "GET",
        headers: headers(),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status} reading the results of batch ${id}`);
      return response;
    },
  };
}
