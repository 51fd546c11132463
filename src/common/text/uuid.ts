/**
 * A UUID as PostgreSQL's `uuid` type reads it (hyphenated, either case). Values that reach a uuid column or
 * cast are checked with this first: anything looser ("36 hyphens") would make PostgreSQL refuse the query.
 */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
