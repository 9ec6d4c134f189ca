import type { ChannelName, OutputOf, ParsedInputOf } from '../../../shared/contract';

/** A channel's handler receives input already validated against the contract. */
export type Handler<C extends ChannelName> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

/** Every channel's handler, each exactly once: what the core registers (app.ts createHandlers). */
export type HandlerTable = { [C in ChannelName]: Handler<C> };

/**
 * Some channels' handlers: a service's part of the table. Declare a part with `satisfies
 * HandlerMap`, not as a HandlerMap, so its type keeps exactly the channels it handles and
 * composeHandlers can tell a channel handled twice or not at all.
 */
export type HandlerMap = { [C in ChannelName]?: Handler<C> };

type KeysOf<Parts> = Parts extends readonly [infer First, ...infer Rest] ? keyof First | KeysOf<Rest> : never;

/** The channels more than one of the parts handles. */
export type HandledTwice<Parts> = Parts extends readonly [infer First, ...infer Rest]
  ? (keyof First & KeysOf<Rest>) | HandledTwice<Rest>
  : never;

type NoChannelTwice<Parts> = [HandledTwice<Parts>] extends [never]
  ? unknown
  : { 'these channels are handled more than once': HandledTwice<Parts> };

/**
 * The parts as one map. A channel in two parts does not compile (nothing silently wins), and the
 * result names exactly the channels handled, so assigning it to a HandlerTable fails to compile
 * while any channel has no handler. The same is checked at run time, for parts cast past the types.
 */
export function composeHandlers<Parts extends readonly HandlerMap[]>(
  ...parts: Parts & NoChannelTwice<Parts>
): Pick<HandlerTable, KeysOf<Parts> & ChannelName> {
  const table: HandlerMap = {};
  for (const part of parts) {
    for (const channel of Object.keys(part) as ChannelName[]) {
      if (Object.prototype.hasOwnProperty.call(table, channel)) throw new Error(`${channel} is handled twice`);
      Object.assign(table, { [channel]: part[channel] });
    }
  }
  return table as Pick<HandlerTable, KeysOf<Parts> & ChannelName>;
}
