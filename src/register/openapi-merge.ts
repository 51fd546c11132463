type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Document {
  paths?: Record<string, Json>;
  components?: Record<string, Record<string, Json>>;
}

/**
 * Adds another OpenAPI document's paths (under a path prefix) and components (renamed with a name prefix,
 * every $ref rewritten) to a base document, so one /api/openapi.json describes every API of the portal
 * even where the documents' component names clash.
 */
export function mergeOpenApi(base: Document, other: Document, pathPrefix: string, namePrefix: string): Document {
  const rewrite = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string'
          ? inner.replace(/^#\/components\/([^/]+)\/(.+)$/, `#/components/$1/${namePrefix}$2`)
          : rewrite(inner),
      ]),
    );
  };
  const components: Record<string, Record<string, Json>> = { ...(base.components ?? {}) };
  for (const [kind, entries] of Object.entries(other.components ?? {})) {
    components[kind] = {
      ...(components[kind] ?? {}),
      ...Object.fromEntries(Object.entries(entries).map(([name, value]) => [`${namePrefix}${name}`, rewrite(value)])),
    };
  }
  const paths = {
    ...(base.paths ?? {}),
    ...Object.fromEntries(Object.entries(other.paths ?? {}).map(([path, item]) => [`${pathPrefix}${path}`, rewrite(item)])),
  };
  return { ...base, paths, components };
}
