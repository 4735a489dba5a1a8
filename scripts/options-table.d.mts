/** Types of scripts/options-table.mjs, for the core test that checks the committed tables. */
export function optionsTable(table: object, docs: object, linkBase?: string): string;
export function envTable(table: object): string;
export function replaceBetween(text: string, marker: string, body: string): string;
export function generated(table: object, docs: object, read?: (path: string) => string): [path: string, text: string][];
