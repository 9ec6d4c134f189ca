/**
 * Settings › Office time zone: a searchable pick list of the IANA zones this runtime knows. Every
 * date shown, "today", date filters, invoice ageing and the dates sent to Ascora follow it.
 */
import { useMemo, useState } from 'react';
import {
  Button,
  ComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Text,
  useFilter,
  type Key,
} from 'react-aria-components';
import type { Settings } from '../../../shared/domain';
import { call } from '../api';
import { ErrorNotice } from './ErrorNotice';
import './forms.css';

interface ZoneOption {
  id: string;
  /** "Australia/Perth (GMT+8)": the offset it has today helps tell zones apart. */
  label: string;
}

function zoneOption(zone: string, now: Date): ZoneOption {
  const offset =
    new Intl.DateTimeFormat('en-AU', { timeZone: zone, timeZoneName: 'shortOffset' })
      .formatToParts(now)
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  return { id: zone, label: `${zone.replace(/_/g, ' ')} (${offset})` };
}

/** Every zone's label, made once (a formatter per zone, some 400 of them) and not on each choice. */
function zoneOptions(): ZoneOption[] {
  const now = new Date();
  return Intl.supportedValuesOf('timeZone').map((zone) => zoneOption(zone, now));
}

/**
 * The pick list alone: the zone shown is `value`, and a choice is handed to `onChange` (Settings
 * saves it at once; the first start keeps it until "Save").
 */
export function TimeZonePicker({ value, onChange }: { value: string; onChange(zone: string): void }) {
  const all = useMemo(() => zoneOptions(), []);
  // The list holds canonical names only: a zone the computer reports by another name ("UTC",
  // "Etc/UTC") is added, or the box would show empty for the zone in force.
  const options = useMemo(
    () => (!value || all.some((o) => o.id === value) ? all : [zoneOption(value, new Date()), ...all]),
    [all, value],
  );
  const { contains } = useFilter({ sensitivity: 'base' });
  return (
    <ComboBox
      className="combo"
      defaultItems={options}
      selectedKey={value}
      onSelectionChange={(key: Key | null) => {
        if (key !== null && key !== value) onChange(String(key));
      }}
      defaultFilter={contains}
    >
      <Label>Time zone</Label>
      <div className="combo-input">
        <Input />
        <Button aria-label="Show time zones">▾</Button>
      </div>
      <Text slot="description" className="hint">
        Dates, "today", date filters and invoice ageing use this zone. Until one is picked, the zone of the computer the
        app runs on.
      </Text>
      <Popover className="combo-popover">
        <ListBox<ZoneOption> className="combo-list">
          {(zone) => (
            <ListBoxItem id={zone.id} textValue={zone.label} className="combo-option">
              {zone.label}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}

export function TimeZoneSetting({ value, onSaved }: { value: string; onSaved: (settings: Settings) => void }) {
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function choose(zone: string) {
    setError(null);
    setSaved(false);
    try {
      const settings = await call('settings.update', { timeZone: zone });
      setSaved(true);
      onSaved(settings);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div className="card time-zone-card">
      <h2>Office time zone</h2>
      <TimeZonePicker value={value} onChange={(zone) => void choose(zone)} />
      {saved ? (
        <p className="hint" role="status">
          Time zone saved.
        </p>
      ) : null}
      <ErrorNotice error={error} />
    </div>
  );
}
