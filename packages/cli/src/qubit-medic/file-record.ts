/**
 * Renaming a camelCase domain object to the snake_case keys of a file the CLI writes: one key
 * table per type, listing every field (`satisfies Record<keyof T, string>`) in file order.
 */
export type FileRecord<Keys extends Record<string, string>, T> = { [K in keyof Keys as Keys[K]]: K extends keyof T ? T[K] : never };

export function renamed<T extends object, Keys extends Record<keyof T, string>>(value: T, keys: Keys): FileRecord<Keys, T> {
  return Object.fromEntries(Object.entries(keys).map(([from, to]) => [to, value[from as keyof T]])) as FileRecord<Keys, T>;
}
