import type { ChannelName, OutputOf, ParsedInputOf } from '../../../shared/contract';

/** A channel's handler receives input already validated against the contract. */
export type Handler<C extends ChannelName> = (input: ParsedInputOf<C>) => Promise<OutputOf<C>> | OutputOf<C>;

/** Services export partial maps; a channel with no handler answers NOT_IMPLEMENTED. */
export type HandlerMap = { [C in ChannelName]?: Handler<C> };
