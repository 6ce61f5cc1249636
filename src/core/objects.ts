/**
 * Sets a key of a data map (message attributes, tags, ...) as an own property. Plain
 * assignment would treat "__proto__" — a valid attribute or tag name — as the prototype.
 */
export function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
