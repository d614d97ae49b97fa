import type Anthropic from "@anthropic-ai/sdk";
import type { APIPromise } from "@anthropic-ai/sdk/core/api-promise";
import { attachRouting, type RoutingMetadata } from "./routing-metadata.js";
import {
  ENTRANCE_OPTION,
  type EntranceOptions,
  type Routing,
  routedResponseOf,
  routingOfMiddleware,
} from "./routing-middleware.js";

type AnyFunction = (...args: never[]) => unknown;
type ClientClass = new (options: Record<string, unknown>) => Anthropic;
type ResourceClass = new (client: Anthropic) => Record<string, unknown>;

/**
 * The routed call's request options for the SDK: the caller's, with the SDK's own retries off
 * (the pipeline retries each attempt itself, so escalation comes after the retries, and a
 * retry never re-decides), and the caller's retries and explicit timeout passed down.
 */
function routedOptions(
  client: Anthropic,
  options: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const entrance: EntranceOptions = {
    maxRetries: typeof options?.maxRetries === "number" ? options.maxRetries : client.maxRetries,
    timeoutMs:
      typeof options?.timeout === "number"
        ? options.timeout
        : ((client as unknown as { _options: { timeout?: number } })._options.timeout ?? undefined),
  };
  return { ...options, maxRetries: 0, [ENTRANCE_OPTION]: entrance };
}

/** Attaches the routing metadata of the Response behind a result (a message, or a stream's settled promise). */
function attachResult<T>(data: T, response: Response): T {
  const routed = routedResponseOf(response);
  if (!routed || typeof data !== "object" || data === null) return data;
  const streaming =
    typeof (data as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === "function";
  attachRouting(data as object, streaming ? routed.settled : routed.metadata);
  return data;
}

const resourceClasses = new WeakMap<ResourceClass, ResourceClass>();

/**
 * A routed subclass of a Messages resource class (`messages`, `beta.messages`): `create` passes
 * the routed options down and tags its result, `parse` tags the parsed message, `stream` tags the
 * MessageStream with a promise of the metadata at its end. The SDK's own logic runs unchanged.
 */
function routedResourceClassOf(Base: ResourceClass): ResourceClass {
  const known = resourceClasses.get(Base);
  if (known) return known;
  const Routed = class extends (Base as unknown as new (
    client: Anthropic,
  ) => Record<string, AnyFunction> & { _client: Anthropic }) {
    #captured: APIPromise<unknown> | undefined;

    create(params: unknown, options?: Record<string, unknown>): APIPromise<unknown> {
      const create = Base.prototype.create as (
        this: unknown,
        params: unknown,
        options: unknown,
      ) => APIPromise<unknown>;
      const promise = create
        .call(this, params, routedOptions(this._client, options))
        ._thenUnwrap((data, props) => attachResult(data, props.response));
      this.#captured = promise;
      return promise;
    }

    parse(params: unknown, options?: unknown): Promise<unknown> {
      // The SDK's parse calls this.create synchronously and makes a new message object from its
      // answer: the metadata of that answer is copied onto the parsed one.
      this.#captured = undefined;
      const parse = Base.prototype.parse as (
        this: unknown,
        params: unknown,
        options: unknown,
      ) => Promise<unknown>;
      const parsed = parse.call(this, params, options);
      const underlying = this.#captured as Promise<unknown> | undefined;
      if (!underlying) return parsed;
      return Promise.all([parsed, underlying]).then(([result, message]) => {
        const metadata = (message as { rightsize?: RoutingMetadata } | null)?.rightsize;
        if (metadata && typeof result === "object" && result !== null) attachRouting(result, metadata);
        return result;
      });
    }

    stream(params: unknown, options?: unknown): unknown {
      const stream = (
        Base.prototype.stream as (this: unknown, params: unknown, options: unknown) => unknown
      ).call(this, params, options) as {
        withResponse(): Promise<{ response: Response }>;
      };
      const settled = stream
        .withResponse()
        .then(({ response }) => routedResponseOf(response)?.settled)
        .catch(() => undefined);
      attachRouting(stream, settled as Promise<RoutingMetadata>);
      return stream;
    }
  };
  resourceClasses.set(Base, Routed as unknown as ResourceClass);
  return Routed as unknown as ResourceClass;
}

const clientClasses = new WeakMap<ClientClass, ClientClass>();

/** Finds the routing of a client's middleware (the routed client's own, shared by its clones). */
function routingOfClient(client: Anthropic): Routing | undefined {
  for (const middleware of client.middleware) {
    const routing = routingOfMiddleware(middleware);
    if (routing) return routing;
  }
  return undefined;
}

/**
 * The routed subclass of a client class: constructed like its base (so `withOptions` clones it
 * with every setting), then with routed Messages resources and the `rightsize` controls.
 */
export function routedClientClassOf(Base: ClientClass): ClientClass {
  const known = clientClasses.get(Base);
  if (known) return known;
  const Routed = class extends Base {
    constructor(options: Record<string, unknown>) {
      super(options);
      const routing = routingOfClient(this);
      if (!routing) return;
      const self = this as unknown as {
        messages: Record<string, unknown>;
        beta?: { messages?: Record<string, unknown> };
      };
      self.messages = new (routedResourceClassOf(self.messages.constructor as ResourceClass))(this);
      if (self.beta?.messages)
        self.beta.messages = new (routedResourceClassOf(self.beta.messages.constructor as ResourceClass))(
          this,
        );
      const { runtime, collector } = routing;
      Object.defineProperty(this, "rightsize", {
        enumerable: false,
        value: {
          flush: () => collector.flush(),
          close: async (closeOptions: { timeoutMs?: number } = {}) => {
            await collector.close(closeOptions);
            await runtime.settlements.flush();
          },
          budgets: runtime.guard,
          settlements: {
            pending: () => runtime.settlements.pending(),
            lost: () => runtime.settlements.lost(),
            flush: () => runtime.settlements.flush(),
          },
          feedback: runtime.feedback,
        },
      });
    }
  };
  Object.defineProperty(Routed, "name", { value: `Routed${Base.name}` });
  clientClasses.set(Base, Routed as unknown as ClientClass);
  return Routed as unknown as ClientClass;
}
