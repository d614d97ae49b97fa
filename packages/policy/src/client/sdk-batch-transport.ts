import type Anthropic from "@anthropic-ai/sdk";
import type { BatchTransport } from "./batch-transport.js";
import { PASS_THROUGH_HEADER } from "./messages-route.js";

/**
 * The batch collector's transport through an SDK client (its auth, base URL, retries, fetch).
 * Marked to pass through the routing middleware: the requests inside were routed already.
 */
export function sdkBatchTransport(client: () => Anthropic): BatchTransport {
  const headers = { [PASS_THROUGH_HEADER]: "1" };
  return {
    create: async (requests) => await client().messages.batches.create({ requests } as never, { headers }),
    retrieve: async (id) => await client().messages.batches.retrieve(id, {}, { headers }),
    cancel: async (id) => {
      await client().messages.batches.cancel(id, {}, { headers });
    },
    results: async (id) => {
      const batch = await client().messages.batches.retrieve(id, {}, { headers });
      if (!batch.results_url) throw new Error(`batch ${id} has no results_url (${batch.processing_status})`);
      const results = client().get(batch.results_url, {
        headers: { ...headers, Accept: "application/binary" },
        __binaryResponse: true,
      } as never);
      return await results.asResponse();
    },
  };
}
