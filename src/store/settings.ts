/**
 * Settings of a state file (`awsmsg config`), kept in its meta table as `setting:<name>` rows.
 * Each setting is described once (its name, values, default and meaning), next to the code it
 * changes; this module only stores and checks them.
 */
import { CliError } from '../core/errors.js';
import type { Store } from './db.js';

export interface SettingSpec {
  /** dotted, service first: sqs.standard-queue-realism */
  name: string;
  /** what it changes, in a line */
  description: string;
  default: string;
  /** the value as stored, or a usage error naming what is allowed */
  parse(value: string): string;
  /** runs in the write transaction that stores a new value (e.g. to restart a sequence) */
  onSet?(store: Store): void;
}

const key = (name: string): string => `setting:${name}`;

/** The stored value, or undefined when the setting has its default. */
export function storedSetting(store: Store, name: string): string | undefined {
  return store.stmt<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key(name))?.value;
}

export function settingValue(store: Store, spec: SettingSpec): string {
  return storedSetting(store, spec.name) ?? spec.default;
}

/** Stores a value (undefined: back to the default), in one write transaction. */
export function setSetting(store: Store, spec: SettingSpec, value: string | undefined): void {
  const stored = value === undefined ? undefined : spec.parse(value);
  store.write(() => {
    if (stored === undefined) store.stmt('DELETE FROM meta WHERE key = ?').run(key(spec.name));
    else {
      store
        .stmt('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
        .run(key(spec.name), stored);
    }
    spec.onSet?.(store);
  });
}

/** A parser for on/off settings. */
export const onOff =
  (name: string) =>
  (value: string): string => {
    const v = value.trim().toLowerCase();
    if (v === 'on' || v === 'true') return 'on';
    if (v === 'off' || v === 'false') return 'off';
    throw new CliError('usage', `Invalid value for ${name}: '${value}' (on or off).`);
  };

/** A parser for whole numbers from 0 to 2^32 - 1. */
export const wholeNumber =
  (name: string) =>
  (value: string): string => {
    const v = value.trim();
    if (!/^\d{1,10}$/.test(v) || Number(v) > 0xffffffff) {
      throw new CliError('usage', `Invalid value for ${name}: '${value}' (a whole number from 0 to 4294967295).`);
    }
    return String(Number(v));
  };
