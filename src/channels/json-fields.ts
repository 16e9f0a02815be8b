/** Reading untrusted JSON of a platform's update: an object field is an object or nothing. */
export type Obj = Record<string, unknown>;

/** `v` when it is a plain object (not null, not an array), else undefined. */
export const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);
