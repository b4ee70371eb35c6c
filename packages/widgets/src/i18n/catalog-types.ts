/**
 * The shape a translation must have: the English catalog's keys, any string for plain
 * messages, the same parameter signature for parameterised ones.
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : T[K] };
