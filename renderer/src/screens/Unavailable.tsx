/**
 * A screen whose service has not landed yet: it asks main anyway and shows main's answer (the
 * contract's NOT_IMPLEMENTED message), never made-up data.
 */
import type { ChannelName, InputOf } from '../../../shared/contract';
import { call } from '../api';
import { ErrorNotice } from '../components/ErrorNotice';
import { useLoad } from '../hooks';

export function Unavailable<C extends ChannelName>({ title, channel, input }: { title: string; channel: C; input: InputOf<C> }) {
  const probe = useLoad(() => call(channel, input), [channel, JSON.stringify(input)]);
  return (
    <section className="screen" aria-labelledby="screen-title">
      <h1 id="screen-title">{title}</h1>
      {probe.loading ? <p aria-live="polite">Loading…</p> : null}
      <ErrorNotice error={probe.error} />
    </section>
  );
}
