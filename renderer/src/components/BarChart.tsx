/** A plain, accessible bar chart: the bars are a figure, the numbers are a table screen readers read. */
import { useId } from 'react';

export interface Bar {
  label: string;
  value: number;
  display: string;
}

export function BarChart({ title, rows }: { title: string; rows: Bar[] }) {
  const id = useId();
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      {rows.length === 0 ? <p className="hint">Nothing to show yet.</p> : null}
      <table>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="bar-cell">
                <span
                  className="bar"
                  style={{ width: `${Math.max(0.5, (row.value / max) * 100)}%` }}
                  aria-hidden="true"
                />
              </td>
              <td className="num">{row.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
