import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useLoad } from './hooks';

/** Answers that the test releases one by one, in any order. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('useLoad', () => {
  it('keeps the latest answer when an older request answers last', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let calls = 0;
    let setKey: (k: number) => void = () => undefined;
    function Probe() {
      const [key, set] = useState(0);
      setKey = set;
      const loaded = useLoad(() => answers[calls++]!.promise, [key]);
      return <p>{loaded.value ?? 'loading'}</p>;
    }
    render(<Probe />);
    await act(async () => setKey(1)); // a second request, while the first is still out
    await act(async () => answers[1]!.resolve('new'));
    await act(async () => answers[0]!.resolve('old'));
    expect(screen.getByText('new')).toBeTruthy();
    expect(screen.queryByText('old')).toBeNull();
  });

  it('keeps an error to show, and clears it when a reload succeeds', async () => {
    let fail = true;
    let reload: () => Promise<void> = async () => undefined;
    function Probe() {
      const loaded = useLoad(async () => {
        if (fail) throw new Error('Ascora could not be reached.');
        return 'ok';
      }, []);
      reload = loaded.reload;
      return <p>{loaded.error ? (loaded.error as Error).message : (loaded.value ?? 'loading')}</p>;
    }
    render(<Probe />);
    expect(await screen.findByText('Ascora could not be reached.')).toBeTruthy();
    fail = false;
    await act(() => reload());
    expect(screen.getByText('ok')).toBeTruthy();
  });
});
